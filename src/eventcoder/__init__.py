"""eventcoder: news about political violence in, a clean, geocoded event dataset out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("eventcoder")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
