"""Reading articles from files, directories and stdin."""

from eventcoder.ingest.readers import read_inputs

__all__ = ["read_inputs"]
