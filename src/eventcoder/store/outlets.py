"""ACLED's source scale, from the outlets of the articles reporting an event.

ACLED says how close its sources stand to an event: Local, Subnational, National, Regional or
International, joined nearest first with "-" when sources of several scales report it
("National-International"). An article tells us its outlet only by its `source` name and its URL,
so the scale comes from a lexicon of known outlets (data/outlets.yaml: international wire services
and broadcasters), extended by the user's own (settings `outlets_file`). An outlet the lexicon does
not know adds nothing: an empty column is better than a guessed one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..resources import data_yaml
from ..settings import get_settings
from .records import SourceRef

SCALES = ("Local", "Subnational", "National", "Regional", "International")  # ACLED's, nearest first
ARCHIVE_HOSTS = {"web.archive.org", "archive.org"}
ARCHIVED_URL = re.compile(r"^/web/[^/]+/(.+)$")  # /web/<timestamp>/<the archived page's URL>


class OutletFileError(ValueError):
    """An outlets file that cannot be read as a lexicon (one line: the file and what is wrong)."""


@dataclass(frozen=True)
class KnownOutlet:
    name: str
    scale: str
    country: str | None = None  # the outlet's scale holds for events in this country only


def host_of(url: str | None) -> str | None:
    """The web host of an article's URL, lower case without `www.`; for a copy kept by the
    Internet Archive, the host of the page it archived."""
    if not url:
        return None
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = (parts.hostname or "").lower()
    if host in ARCHIVE_HOSTS and (inner := ARCHIVED_URL.match(parts.path)):
        return host_of(inner.group(1))
    host = host.removeprefix("www.")
    return host or None


def _name_key(name: str) -> str:
    key = " ".join(name.casefold().split())
    return key.removeprefix("the ")


class OutletLexicon:
    """Known outlets by name and by web host."""

    def __init__(self, outlets: Iterable[tuple[KnownOutlet, list[str], list[str]]]):
        self.by_name: dict[str, KnownOutlet] = {}
        self.by_host: dict[str, KnownOutlet] = {}
        for outlet, names, hosts in outlets:  # later entries (the user's) replace earlier ones
            self.by_name.update({_name_key(n): outlet for n in names})
            self.by_host.update({h.lower().removeprefix("www."): outlet for h in hosts})

    @classmethod
    def load(cls, extra: Path | None = None) -> OutletLexicon:
        """The shipped outlets plus, when given, a user's YAML file of the same shape."""
        entries = _entries(data_yaml("outlets.yaml"), "outlets.yaml")
        if extra is not None:
            try:
                data = yaml.safe_load(Path(extra).read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError) as exc:
                reason = " ".join(str(exc).split())  # YAML's message spans lines: the error is one
                raise OutletFileError(f"outlets file {extra}: {reason}") from None
            entries += _entries(data, str(extra))
        return cls(entries)

    def find(self, ref: SourceRef) -> KnownOutlet | None:
        """The outlet of one article: by its `source` name, else by its URL's host or a parent domain."""
        if ref.name and (known := self.by_name.get(_name_key(ref.name))):
            return known
        host = host_of(ref.url)
        while host:
            if known := self.by_host.get(host):
                return known
            _, _, host = host.partition(".")
            host = host if "." in host else ""  # stop before a bare top-level domain
        return None

    def source_scale(self, refs: Iterable[SourceRef], country_code: str | None) -> str:
        """ACLED's `source_scale` of an event in `country_code` reported by these articles."""
        found = set()
        for ref in refs:
            known = self.find(ref)
            if known and (known.country is None or known.country == country_code):
                found.add(known.scale)
        return "-".join(scale for scale in SCALES if scale in found)


def _entries(data: Any, where: str) -> list[tuple[KnownOutlet, list[str], list[str]]]:
    if not isinstance(data, Mapping) or not set(data) <= set(SCALES):
        raise OutletFileError(f"outlets file {where}: expected a mapping from {', '.join(SCALES)} to lists of outlets")
    entries = []
    for scale, outlets in data.items():
        for n, spec in enumerate(outlets or [], 1):
            name = spec.get("name") if isinstance(spec, Mapping) else None
            if not isinstance(name, str) or not name.strip():
                raise OutletFileError(f"outlets file {where}: {scale} entry {n} has no name")
            country = spec.get("country")
            outlet = KnownOutlet(name=name, scale=scale, country=str(country).upper() if country else None)
            entries.append((outlet, [name, *spec.get("aliases", [])], list(spec.get("hosts", []))))
    return entries


@cache
def get_lexicon() -> OutletLexicon:
    """The outlet lexicon, loaded once per process, with the user's `outlets_file` when set."""
    return OutletLexicon.load(get_settings().outlets_file)
