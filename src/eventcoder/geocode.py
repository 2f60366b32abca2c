"""The geocoding stage: the article's places resolved once, then each event placed.

Toponyms are found and disambiguated over the whole article (country focus, neighbours), so
each event is placed with the article as context; an event told over several clauses takes the
most precise place any of them names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .geo.gazetteer import Place
from .geo.resolve import (ResolvedToponym, dateline_location, find_toponyms, locate_event, main_place, near_home,
                          resolve_toponyms)
from .schema import Location

# Lower is more precise; a place of unknown precision ranks last.
PRECISION_RANK = {"town": 0, "offset": 1, "near": 1, "region": 2, "country": 3}


@dataclass
class ArticlePlaces:
    text: str
    toponyms: list[ResolvedToponym]
    country: str | None

    @classmethod
    def build(cls, text: str, doc: Any = None, title: str | None = None) -> "ArticlePlaces":
        """`title`: the headline, whose tail may name the outlet's town ("... - WXYZ Channel 7 -
        Dayton, Ohio"), a prior for the places near it."""
        homes = outlet_towns(title)
        resolved = resolve_toponyms(find_toponyms(text, doc), text, home=near_home(homes) if homes else None)
        counts = Counter(r.place.country_code for r in resolved if r.place and r.place.country_code)
        return cls(text=text, toponyms=resolved, country=counts.most_common(1)[0][0] if counts else None)

    def dateline(self) -> Location | None:
        """The dateline's town ("BAGHDAD - ..."), for events whose text names no place."""
        return dateline_location(self.text, self.toponyms, self.country)

    def main_place(self) -> Location | None:
        """The place the article names most in its country, for events whose text names no place
        when it has no dateline."""
        return main_place(self.toponyms, self.country)

    def locate(self, spans: list[tuple[int, int]]) -> Location:
        """The most precise place named in any of the event's spans (earliest wins a tie)."""
        best: Location | None = None
        for start, end in spans:
            location = locate_event(self.text, start, end, self.toponyms)
            if location.lat is None:
                best = best or location
                continue
            if best is None or best.lat is None or _rank(location) < _rank(best):
                best = location
        return best or Location(reason="no place named")


# "Headline - Outlet - Town, State", "Headline | Outlet: Town": the parts after the headline.
TITLE_PARTS = re.compile(r"\s+[-|–—]\s+|:\s+")


def outlet_towns(title: str | None) -> list[Place]:
    """Towns named in a headline's tail, where local outlets name their home."""
    parts = TITLE_PARTS.split(title or "")[1:]
    tail = ", ".join(p for p in parts if p.strip())
    if not tail:
        return []
    return [r.place for r in resolve_toponyms(find_toponyms(tail), tail) if r.place is not None and not r.place.is_area]


def _rank(location: Location) -> int:
    return PRECISION_RANK.get(location.precision or "", len(PRECISION_RANK))
