"""The analyst's web app (`eventcoder serve`): map, timeline, event pages with evidence, review, JSON API."""

from .app import create_app
from .config import WebConfig

__all__ = ["create_app", "WebConfig"]
