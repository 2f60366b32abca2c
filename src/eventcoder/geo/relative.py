"""Relative place expressions ("93 km south of Sabha", "near Ubari", "on the road between A and B").

Remote attacks are often placed only relative to a town. The anchor is resolved like any toponym;
`offset_point` then moves from it along a great circle, so the event gets a computed point rather
than the anchor's.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

EARTH_KM = 6371.0088
KM_PER_UNIT = {"km": 1.0, "kilometre": 1.0, "kilometer": 1.0, "kms": 1.0, "mile": 1.609344, "mi": 1.609344,
               "metre": 0.001, "meter": 0.001, "m": 0.001}
POINTS = ("north", "north-northeast", "northeast", "east-northeast", "east", "east-southeast", "southeast",
          "south-southeast", "south", "south-southwest", "southwest", "west-southwest", "west",
          "west-northwest", "northwest", "north-northwest")
BEARINGS = {name: i * 22.5 for i, name in enumerate(POINTS)}

# A place name: capitalised words, with Arabic articles and hyphens (Al-Qatrun, Wadi ash Shati).
# An Arabic article before a name: "al"/"el" with a hyphen or a space; the assimilated forms, which
# are also English words ("at", "as", "an"), with a hyphen or capitalised ("At Taj", "at-Tanf").
NAME = (r"(?:(?:(?:[Aa]l|[Ee]l)[-‐ ]|(?:[Aa][sz]h?|[Aa][dnrt])[-‐]|A(?:[sz]h?|[dnrt]) )(?=[A-Z]))?[A-Z][\w’'‐-]*"
        r"(?:[ ‐-](?:(?:al|el|ash|as|az|ad|an|ar|at|de|du|la|le|of)[ ‐-])?[A-Z][\w’'‐-]*){0,3}")
COMPASS = r"(?:north|south|east|west)(?:[- ]?(?:north|south)?[- ]?(?:east|west))?"
DISTANCE = (r"(?:(?P<qualifier>nearly|almost|about|around|some|approximately|roughly|more than|over|less than|"
            r"under|at least|up to|just)\s+)?(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*-?\s*"
            r"(?P<unit>km|kms|kilomet(?:er|re)s?|miles?|mi|met(?:er|re)s?|m)\b")
LEAD = r"(?:the\s+)?(?:(?:town|city|village|oasis|capital|settlement|area)\s+of\s+)?"
OFFSET = re.compile(rf"(?i:(?:{DISTANCE}\s+)?(?:to\s+the\s+)?(?P<bearing>{COMPASS})\s+of\s+){LEAD}(?P<anchor>{NAME})")
NEAR = re.compile(rf"(?i:(?:on\s+the\s+)?(?P<word>outskirts\s+of|near|nearby|close\s+to|outside(?:\s+of)?|"
                  rf"in\s+the\s+vicinity\s+of|on\s+the\s+edge\s+of|just\s+outside|"
                  rf"{DISTANCE}\s+(?:from|outside|away\s+from))\s+){LEAD}(?P<anchor>{NAME})")
BETWEEN = re.compile(rf"(?i:(?:on\s+the\s+|along\s+the\s+)?(?:road|highway|route)\s+(?:between|from)\s+)"
                     rf"(?P<anchor>{NAME})(?i:\s+(?:and|to)\s+)(?P<anchor2>{NAME})")


@dataclass(frozen=True)
class Relative:
    """A relative expression; offsets are into the text given to `find_relative`."""

    kind: str  # "offset" (distance and/or bearing), "near", or "between"
    start: int
    end: int
    text: str
    anchor: str
    anchor_start: int
    anchor_end: int
    km: float | None = None
    qualifier: str | None = None
    bearing: float | None = None
    anchor2: str | None = None
    anchor2_start: int | None = None


def bearing_degrees(word: str) -> float | None:
    """Degrees clockwise from north for a compass word: "north-east", "south west", "NNW" spelt out."""
    key = re.sub(r"[\s-]+", "", word.lower())
    for name, degrees in BEARINGS.items():
        if name.replace("-", "") == key:
            return degrees
    return None


def _km(match: re.Match[str]) -> float | None:
    number = match.group("number")
    if number is None:
        return None
    unit = match.group("unit").lower().rstrip("s")
    unit = "kilometre" if unit.startswith("kilomet") else "metre" if unit.startswith("met") else unit
    return float(number.replace(",", "")) * KM_PER_UNIT[unit]


def find_relative(text: str) -> list[Relative]:
    """Every relative expression in `text`, in order; overlapping readings keep the first found."""
    found: list[Relative] = []
    for match in OFFSET.finditer(text):
        found.append(Relative("offset", match.start(), match.end(), match.group(0), match.group("anchor"),
                              match.start("anchor"), match.end("anchor"), _km(match),
                              match.group("qualifier"), bearing_degrees(match.group("bearing"))))
    for match in NEAR.finditer(text):
        found.append(Relative("near", match.start(), match.end(), match.group(0), match.group("anchor"),
                              match.start("anchor"), match.end("anchor"), _km(match), match.group("qualifier")))
    for match in BETWEEN.finditer(text):
        found.append(Relative("between", match.start(), match.end(), match.group(0), match.group("anchor"),
                              match.start("anchor"), match.end("anchor"), anchor2=match.group("anchor2"),
                              anchor2_start=match.start("anchor2")))
    kept: list[Relative] = []
    for rel in sorted(found, key=lambda r: (r.start, -r.end)):
        if not any(rel.start < k.end and k.start < rel.end for k in kept):
            kept.append(rel)
    return kept


def offset_point(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point `km` away from (lat, lon) along the great circle leaving at `bearing` degrees."""
    phi1, lam1, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    delta = km / EARTH_KM
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
    lam2 = lam1 + math.atan2(math.sin(theta) * math.sin(delta) * math.cos(phi1),
                             math.cos(delta) - math.sin(phi1) * math.sin(phi2))
    return math.degrees(phi2), (math.degrees(lam2) + 540) % 360 - 180


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """The great-circle midpoint, for "on the road between A and B"."""
    p1, p2, l1 = math.radians(lat1), math.radians(lat2), math.radians(lon1)
    dl = math.radians(lon2 - lon1)
    bx, by = math.cos(p2) * math.cos(dl), math.cos(p2) * math.sin(dl)
    phi = math.atan2(math.sin(p1) + math.sin(p2), math.sqrt((math.cos(p1) + bx) ** 2 + by ** 2))
    return math.degrees(phi), (math.degrees(l1 + math.atan2(by, math.cos(p1) + bx)) + 540) % 360 - 180
