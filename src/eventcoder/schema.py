"""Typed records that flow through the pipeline, and the JSON of CONTRACT.md.

Every stage takes and returns these records, so a stage can be tested alone and swapped.
Offsets (`start`, `end`) are always character offsets into `Article.text` exactly as given in the
input, so `article.text[start:end] == evidence.text` holds everywhere.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SegmentKind = Literal["body", "caption", "comment", "boilerplate", "share"]
DatePrecision = Literal["day", "week", "month", "year", "range"]
ActorRole = Literal["perpetrator", "target"]
CountField = Literal["fatalities", "injured", "kidnapped"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Article(Record):
    """One news article as read from any input. `metadata` keeps unknown input keys."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    origin: str | None = None  # where it was read from: "path", "path:line", "-:line"
    metadata: dict[str, Any] = Field(default_factory=dict)

    @staticmethod
    def make_id(text: str) -> str:
        """A stable id for an article that has none: a hash of its text."""
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


class Segment(Record):
    """A region of `Article.text` and what the cleaner decided it is."""

    start: int
    end: int
    kind: SegmentKind
    reason: str | None = None


class CleanArticle(Record):
    """An article after cleaning: the segments cover the whole text, in order.

    `body_text` has the same length as `article.text`, with everything that is not body blanked
    to spaces (newlines kept), so NLP run on it gives offsets valid in the original text.
    """

    article: Article
    segments: list[Segment]
    language: str | None = None
    body_text: str

    def spans(self, kind: SegmentKind) -> list[Segment]:
        return [s for s in self.segments if s.kind == kind]


class Evidence(Record):
    doc_id: str
    start: int
    end: int
    text: str
    field: str | None = None  # which field this span supports: "trigger", "date", "location", ...


class EventDate(Record):
    start: date | None = None
    end: date | None = None
    precision: DatePrecision | None = None
    text: str | None = None


class Location(Record):
    name: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None  # second-level area (county, district) where the gazetteer knows it
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: str | None = None  # "town", "near", "offset", "region", "country"
    geo_precision: int | None = None  # ACLED: 1 town, 2 near / part of region, 3 region
    anchor: str | None = None  # for relative places: the named place the offset was taken from
    text: str | None = None
    reason: str | None = None  # why the point is null, when it is


class Actor(Record):
    name: str
    role: ActorRole
    text: str
    actor_type: int | None = None  # ACLED inter code 1-8
    start: int | None = None
    end: int | None = None


class CountReport(Record):
    """One source's own figure, kept as reported."""

    value: int | None = None
    min: int | None = None
    max: int | None = None
    qualifier: str | None = None  # "at least", "nearly", "more than", "dozens", ...
    source: str | None = None  # who said it: "a resident", "Reuters", "the group's claim"
    combined: str | None = None  # set when the figure mixes categories: "killed or wounded"
    doc_id: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None


class Count(Record):
    best: int | None = None
    min: int | None = None
    max: int | None = None
    reports: list[CountReport] = Field(default_factory=list)


class Event(Record):
    """One event of one article (a mention), or a fused incident citing several articles."""

    id: str
    doc_ids: list[str]
    event_type: str
    sub_event_type: str
    background: bool = False
    date: EventDate = Field(default_factory=EventDate)
    location: Location = Field(default_factory=Location)
    actors: list[Actor] = Field(default_factory=list)
    fatalities: Count | None = None
    injured: Count | None = None
    kidnapped: Count | None = None
    claimed_by: str | None = None
    claim_channel: str | None = None
    gtd_attack_types: list[str] = Field(default_factory=list)
    weapon_types: list[str] = Field(default_factory=list)
    scope: str | None = None  # "political violence", "terrorism", "criminal", "unknown"
    # Named victims, suspects and witnesses ("first last", lower-cased; speaking officials left
    # out): reports of one incident name the same people (slots/people.py, fuse.py).
    people: list[str] = Field(default_factory=list)
    confidence: float = 0.0
    evidence: list[Evidence] = Field(default_factory=list)
    # Set on fused events only (fuse.py): why each later mention joined, and how many of the
    # articles are independent reports (a syndicated copy of a wire story counts once).
    fusion_reasons: list[str] = Field(default_factory=list)
    independent_sources: int | None = None

    def to_json(self) -> str:
        return self.model_dump_json()

    @staticmethod
    def make_id(doc_id: str, start: int, end: int, text: str) -> str:
        """Stable for the same article text and event trigger."""
        key = f"{doc_id}\x00{start}\x00{end}\x00{text}"
        return "ev_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class ItemError(Record):
    """A bad input item: reported on one line, skipped, and the batch goes on."""

    item: str  # path, "path:line", or article id
    reason: str

    def line(self) -> str:
        return f"eventcoder: skipped {self.item}: {self.reason}"
