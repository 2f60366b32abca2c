"""eventcoder: news about political violence in, a clean, geocoded event dataset out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("eventcoder")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"


def __getattr__(name: str):
    """`eventcoder.extract(...)` without loading spaCy for `eventcoder --version`."""
    if name in ("extract", "extract_paths", "extract_articles", "Pipeline"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'eventcoder' has no attribute {name!r}")
