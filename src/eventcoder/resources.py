"""The one place that loads shipped data files and models, once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


def data_text(name: str) -> str:
    """The text of a data file shipped in `eventcoder/data/`."""
    return resources.files("eventcoder.data").joinpath(name).read_text(encoding="utf-8")


@cache
def data_yaml(name: str) -> Any:
    """A shipped YAML file, parsed once per process."""
    return yaml.safe_load(data_text(name))
