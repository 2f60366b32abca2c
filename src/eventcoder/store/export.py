"""Exports of the fused events: jsonl (the shape of `extract`), csv, geojson, acled, parquet.

Events are streamed from the store in batches, so memory stays flat however large the store.
Every format carries the analysts' review: corrected values are in the record, and each row says
its `status` ('wrong' rows appear only when asked for) and which fields were corrected.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import pycountry

from ..resources import data_yaml
from ..schema import Actor, Count
from .outlets import get_lexicon
from .records import SourceRef, StoredEvent
from .store import Store

FORMATS = ("jsonl", "csv", "geojson", "acled", "parquet")
BINARY_FORMATS = {"parquet"}
NON_ACLED_SCOPES = ("criminal",)  # ACLED codes political violence and demonstrations, not crime
BATCH = 500

# The flat columns of csv, parquet and the GeoJSON properties: (name, type, value of an event).
Getter = Callable[[StoredEvent, list[SourceRef]], Any]


def _count(name: str, part: str) -> Getter:
    def get(event: StoredEvent, _sources: list[SourceRef]) -> int | None:
        count: Count | None = getattr(event, name)
        return getattr(count, part) if count else None

    return get


def _names(role: str) -> Getter:
    return lambda event, _sources: [a.name for a in event.actors if a.role == role]


FLAT_COLUMNS: list[tuple[str, str, Getter]] = [
    ("id", "str", lambda e, s: e.id),
    ("status", "str", lambda e, s: e.status),
    ("corrected_fields", "list", lambda e, s: e.corrected_fields),
    ("event_type", "str", lambda e, s: e.event_type),
    ("sub_event_type", "str", lambda e, s: e.sub_event_type),
    ("scope", "str", lambda e, s: e.scope),
    ("background", "bool", lambda e, s: e.background),
    ("date_start", "date", lambda e, s: e.date.start),
    ("date_end", "date", lambda e, s: e.date.end),
    ("date_precision", "str", lambda e, s: e.date.precision),
    ("location", "str", lambda e, s: e.location.name),
    ("country_code", "str", lambda e, s: e.location.country_code),
    ("admin1", "str", lambda e, s: e.location.admin1),
    ("admin2", "str", lambda e, s: e.location.admin2),
    ("latitude", "float", lambda e, s: e.location.lat),
    ("longitude", "float", lambda e, s: e.location.lon),
    ("location_precision", "str", lambda e, s: e.location.precision),
    ("geo_precision", "int", lambda e, s: e.location.geo_precision),
    ("geonames_id", "int", lambda e, s: e.location.geonames_id),
    ("perpetrators", "list", _names("perpetrator")),
    ("targets", "list", _names("target")),
    ("claimed_by", "str", lambda e, s: e.claimed_by),
    *[
        (f"{name}{suffix}", "int", _count(name, part))
        for name in ("fatalities", "injured", "kidnapped")
        for suffix, part in (("", "best"), ("_min", "min"), ("_max", "max"))
    ],
    ("doc_ids", "list", lambda e, s: e.doc_ids),
    ("sources", "list", lambda e, s: [ref.label for ref in s]),
    ("independent_sources", "int", lambda e, s: e.independent_sources),
    ("confidence", "float", lambda e, s: e.confidence),
    ("gtd_attack_types", "list", lambda e, s: e.gtd_attack_types),
    ("weapon_types", "list", lambda e, s: e.weapon_types),
    ("people", "list", lambda e, s: e.people),
]

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip
LIST_SEPARATOR = "; "  # lists in csv and acled cells, as ACLED separates its associated actors


def export(store: Store, events: Iterable[StoredEvent], fmt: str, out: Path | None) -> int:
    """Write the events in `fmt` to `out` (None: standard output); returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    rows = _with_sources(store, events)
    if fmt in BINARY_FORMATS:
        if out is None:
            raise ValueError(f"--format {fmt} writes a binary file: give -o PATH")
        with _replacing(out) as part:
            return _write_parquet(rows, part)
    with _replacing(out) as part, (part.open("w", encoding="utf-8", newline="") if part else _stdout()) as stream:
        return WRITERS[fmt](rows, stream)


@contextmanager
def _replacing(out: Path | None) -> Iterator[Path | None]:
    """Write next to `out` and move into place when done, so a failed export leaves no half file."""
    if out is None:
        yield None
        return
    part = out.with_name(out.name + ".part")
    try:
        yield part
        part.replace(out)
    finally:
        part.unlink(missing_ok=True)


@contextmanager
def _stdout() -> Iterator[TextIO]:
    yield sys.stdout
    sys.stdout.flush()


def _with_sources(store: Store, events: Iterable[StoredEvent]) -> Iterator[tuple[StoredEvent, list[SourceRef]]]:
    """Each event with the outlets that reported it, looked up one batch at a time."""
    iterator = iter(events)
    while batch := list(islice(iterator, BATCH)):
        outlets = store.event_outlets([e.id for e in batch])
        for event in batch:
            yield event, outlets.get(event.id, [])


def _write_jsonl(rows: Iterable[tuple[StoredEvent, list[SourceRef]]], stream: TextIO) -> int:
    n = 0
    for event, _sources in rows:
        stream.write(event.model_dump_json(exclude={"updated_at"}) + "\n")
        n += 1
    return n


def flat_row(event: StoredEvent, sources: list[SourceRef]) -> dict[str, Any]:
    return {name: get(event, sources) for name, _kind, get in FLAT_COLUMNS}


def _cell(value: Any) -> Any:
    return LIST_SEPARATOR.join(value) if isinstance(value, list) else value


def _write_csv(rows: Iterable[tuple[StoredEvent, list[SourceRef]]], stream: TextIO) -> int:
    writer = csv.DictWriter(stream, fieldnames=[name for name, _kind, _get in FLAT_COLUMNS])
    writer.writeheader()
    n = 0
    for event, sources in rows:
        writer.writerow({k: _cell(v) for k, v in flat_row(event, sources).items()})
        n += 1
    return n


def _write_geojson(rows: Iterable[tuple[StoredEvent, list[SourceRef]]], stream: TextIO) -> int:
    """A FeatureCollection; an event without a point is a Feature with `geometry: null` (RFC 7946 3.2)."""
    stream.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for event, sources in rows:
        lat, lon = event.location.lat, event.location.lon
        feature = {
            "type": "Feature",
            "id": event.id,
            "geometry": None if lat is None or lon is None else {"type": "Point", "coordinates": [lon, lat]},
            "properties": flat_row(event, sources),
        }
        stream.write((",\n" if n else "") + json.dumps(feature, default=_json_default, ensure_ascii=False))
        n += 1
    stream.write("\n]}\n")
    return n


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _write_acled(rows: Iterable[tuple[StoredEvent, list[SourceRef]]], stream: TextIO) -> int:
    writer = csv.DictWriter(stream, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    n = 0
    for event, sources in rows:
        writer.writerow(acled_row(event, sources))
        n += 1
    return n


def _write_parquet(rows: Iterable[tuple[StoredEvent, list[SourceRef]]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds = {"str": pa.string(), "bool": pa.bool_(), "date": pa.date32(), "float": pa.float64(),
             "int": pa.int64(), "list": pa.list_(pa.string())}  # fmt: skip
    schema = pa.schema([(name, kinds[kind]) for name, kind, _get in FLAT_COLUMNS])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        iterator = iter(rows)
        while batch := [flat_row(e, s) for e, s in islice(iterator, BATCH)]:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


WRITERS: dict[str, Callable[[Iterable[tuple[StoredEvent, list[SourceRef]]], TextIO], int]] = {
    "jsonl": _write_jsonl,
    "csv": _write_csv,
    "geojson": _write_geojson,
    "acled": _write_acled,
}


# ----------------------------------------------------------------------------- ACLED columns

def _acled_region(country_code: str | None) -> str:
    regions: dict[str, list[str]] = data_yaml("acled_regions.yaml")
    return next((region for region, codes in regions.items() if country_code in codes), "")


def _time_precision(event: StoredEvent) -> int:
    """ACLED: 1 the day is known, 2 within a week, 3 only the month (or vaguer)."""
    d = event.date
    if d.precision == "day":
        return 1
    if d.precision == "week" or (d.precision == "range" and d.start and d.end and (d.end - d.start).days <= 7):
        return 2
    return 3


def _disorder_type(event: StoredEvent) -> str:
    if event.sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event.event_type == "Strategic developments":
        return "Strategic developments"
    if event.event_type == "Protests" or (event.event_type == "Riots" and event.sub_event_type != "Mob violence"):
        return "Demonstrations"
    return "Political violence"


def _side(actors: list[Actor]) -> tuple[str, str, int | None]:
    """ACLED's actor, associated actors and inter code for one side of an event."""
    if not actors:
        return "", "", None
    main = actors[0]
    return main.name, LIST_SEPARATOR.join(a.name for a in actors[1:]), main.actor_type


def _interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED's two-digit code: the two inter codes, lower first; a sole actor is its code and 0."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return ""
    return f"{codes[0]}{codes[1]}" if len(codes) == 2 else f"{codes[0]}0"


def _country(country_code: str | None) -> tuple[str, str]:
    """The country's name and numeric ISO code, as ACLED gives them."""
    country = pycountry.countries.get(alpha_2=country_code) if country_code else None
    if country is None:
        return "", ""
    return getattr(country, "common_name", country.name), str(int(country.numeric))


def _notes(event: StoredEvent) -> str:
    clause = next((e.text for e in event.evidence if e.field == "clause"), None)
    text = clause or next((e.text for e in event.evidence), "")
    return " ".join(text.split())


def _tags(event: StoredEvent) -> str:
    tags = []
    if event.status == "wrong":
        tags.append("eventcoder: marked wrong")
    tags += [f"eventcoder: corrected {field}" for field in event.corrected_fields]
    return LIST_SEPARATOR.join(tags)


def acled_row(event: StoredEvent, sources: list[SourceRef]) -> dict[str, Any]:
    perpetrators = [a for a in event.actors if a.role == "perpetrator"]
    targets = [a for a in event.actors if a.role == "target"]
    actor1, assoc1, inter1 = _side(perpetrators)
    actor2, assoc2, inter2 = _side(targets)
    location = event.location
    country, iso = _country(location.country_code)
    start = event.date.start
    return {
        "event_id_cnty": event.id,
        "event_date": start.isoformat() if start else "",
        "year": start.year if start else "",
        "time_precision": _time_precision(event),
        "disorder_type": _disorder_type(event),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": inter1 or "",
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": inter2 or "",
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if any(a.actor_type == 7 for a in targets) else "",
        "iso": iso,
        "region": _acled_region(location.country_code),
        "country": country,
        "admin1": location.admin1 or "",
        "admin2": location.admin2 or "",
        "admin3": "",  # the gazetteer has no third-level areas
        "location": location.name or "",
        "latitude": "" if location.lat is None else location.lat,
        "longitude": "" if location.lon is None else location.lon,
        "geo_precision": location.geo_precision or "",
        "source": LIST_SEPARATOR.join(ref.label for ref in sources),
        "source_scale": get_lexicon().source_scale(sources, location.country_code),
        "notes": _notes(event),
        "fatalities": event.fatalities.best if event.fatalities and event.fatalities.best is not None else 0,
        "tags": _tags(event),
        "timestamp": int(event.updated_at.timestamp()) if event.updated_at else "",
    }
