"""What the pages and the map show of an event: colours, marker sizes, highlighted evidence, figures.

Pure functions over `schema` records, so they are tested without a server. Nothing here builds HTML:
templates escape every piece of text, including the article text between highlighted spans.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable

from ..schema import Count, CountReport, Event

TYPE_COLOURS = {
    "Battles": "#d62728",
    "Violence against civilians": "#9467bd",
    "Explosions/Remote violence": "#ff7f0e",
    "Riots": "#8c564b",
    "Protests": "#1f77b4",
    "Strategic developments": "#2ca02c",
}
OTHER_COLOUR = "#7f7f7f"
COUNT_FIELDS = ("fatalities", "injured", "kidnapped")
AREA_RADIUS_M = {"region": 50_000, "country": 200_000}  # drawn as a circle, not a point
AREA_GEO_PRECISION = 3  # ACLED: the event is known to its region only


def colour(event_type: str | None) -> str:
    return TYPE_COLOURS.get(event_type or "", OTHER_COLOUR)


def marker_radius(fatalities: int | None) -> float:
    """Pixels: grows with the square root of the dead so large events do not hide the rest."""
    return round(5 + min(25.0, 3 * math.sqrt(max(fatalities or 0, 0))), 1)


def area_radius_m(event: Event) -> int | None:
    """Metres of the circle drawn for an event placed at region or country level; None for a point."""
    location = event.location
    if location.precision in AREA_RADIUS_M:
        return AREA_RADIUS_M[location.precision]
    if location.geo_precision == AREA_GEO_PRECISION:
        return AREA_RADIUS_M["region"]
    return None


def best(count: Count | None) -> int | None:
    return count.best if count else None


def title(event: Event) -> str:
    """One line naming the event: sub-type, place and day."""
    place = event.location.name or event.location.country_code or "unknown place"
    day = event.date.start.isoformat() if event.date.start else "undated"
    return f"{event.sub_event_type} in {place}, {day}"


def geojson_feature(event: Event) -> dict[str, Any] | None:
    """A GeoJSON point with everything the map styles it by; None when the event has no point."""
    lat, lon = event.location.lat, event.location.lon
    if lat is None or lon is None:
        return None
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "id": event.id,
            "title": title(event),
            "event_type": event.event_type,
            "sub_event_type": event.sub_event_type,
            "date": event.date.start.isoformat() if event.date.start else None,
            "place": event.location.name,
            "fatalities": best(event.fatalities),
            "precision": event.location.precision,
            "colour": colour(event.event_type),
            "radius_px": marker_radius(best(event.fatalities)),
            "area_m": area_radius_m(event),
        },
    }


@dataclass(frozen=True)
class Segment:
    """A run of article text and the labels of the evidence spans covering it (empty: plain text)."""

    text: str
    labels: tuple[str, ...] = ()


def mention_spans(mention: Event, doc_id: str, text: str) -> list[tuple[int, int, str]]:
    """Every offset the extractor recorded in this article: evidence, actors, casualty figures."""
    spans = [(e.start, e.end, e.field or "evidence") for e in mention.evidence if e.doc_id == doc_id]
    spans += [(a.start, a.end, f"{a.role}: {a.name}") for a in mention.actors if a.start is not None and a.end is not None]
    for field in COUNT_FIELDS:
        count = getattr(mention, field)
        for report in count.reports if count else []:
            if report.doc_id in (None, doc_id) and report.start is not None and report.end is not None:
                spans.append((report.start, report.end, field))
    return [(s, e, label) for s, e, label in spans if 0 <= s < e <= len(text)]


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Segment]:
    """Cut `text` at every span boundary; each piece knows which spans cover it (overlaps allowed)."""
    spans = list(spans)
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments: list[Segment] = []
    for start, end in zip(cuts, cuts[1:]):
        labels = tuple(sorted({label for s, e, label in spans if s <= start and end <= e}))
        if segments and segments[-1].labels == labels:
            segments[-1] = Segment(segments[-1].text + text[start:end], labels)
        else:
            segments.append(Segment(text[start:end], labels))
    return segments


def describe_report(report: CountReport) -> str:
    """A source's figure as it was reported: "at least 17 (a resident)", "10-15 killed or wounded"."""
    if report.value is not None:
        figure = str(report.value)
    elif report.min is not None or report.max is not None:
        figure = f"{report.min if report.min is not None else '?'}-{report.max if report.max is not None else '?'}"
    else:
        figure = report.text or "?"
    parts = [report.qualifier, figure, report.combined]
    said = " ".join(p for p in parts if p)
    return f"{said} ({report.source})" if report.source else said


@dataclass(frozen=True)
class FiguresRow:
    doc_id: str
    cells: dict[str, list[str]]  # count field -> that source's reports


def figures_by_source(event: Event) -> list[FiguresRow]:
    """Each source's killed / injured / kidnapped figures side by side, one row per article."""
    rows: dict[str, dict[str, list[str]]] = {}
    for doc_id in event.doc_ids:
        rows[doc_id] = {field: [] for field in COUNT_FIELDS}
    for field in COUNT_FIELDS:
        count = getattr(event, field)
        for report in count.reports if count else []:
            key = report.doc_id or "?"
            rows.setdefault(key, {f: [] for f in COUNT_FIELDS})[field].append(describe_report(report))
    return [FiguresRow(doc_id, cells) for doc_id, cells in rows.items()]


SECTIONS_SHOWN_APART = {"evidence", "actors", *COUNT_FIELDS}


def flat_fields(event: Event) -> list[tuple[str, str]]:
    """Every scalar field of the event as (dotted name, text), in schema order, for the field table."""
    rows: list[tuple[str, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else key, inner)
        elif isinstance(value, list):
            rows.append((prefix, ", ".join(str(v) for v in value)))
        else:
            rows.append((prefix, "" if value is None else str(value)))

    data = event.model_dump(mode="json")
    for key, value in data.items():
        if key in SECTIONS_SHOWN_APART:
            continue
        walk(key, value)
    for field in COUNT_FIELDS:
        count = data.get(field) or {}
        for part in ("best", "min", "max"):
            rows.append((f"{field}.{part}", "" if count.get(part) is None else str(count[part])))
    return rows
