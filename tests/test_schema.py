from datetime import date

import pytest
from pydantic import ValidationError

from eventcoder.schema import (
    Actor,
    Article,
    Count,
    CountReport,
    Event,
    EventDate,
    Evidence,
    ItemError,
    Location,
)


def make_event() -> Event:
    return Event(
        id=Event.make_id("doc1", 10, 16, "attack"),
        doc_ids=["doc1"],
        event_type="Violence against civilians",
        sub_event_type="Attack",
        date=EventDate(start=date(2021, 3, 5), end=date(2021, 3, 5), precision="day", text="on Friday"),
        location=Location(name="Gao", country_code="ML", lat=16.27, lon=-0.04, geonames_id=2457163, precision="town"),
        actors=[Actor(name="Unidentified Armed Group (Mali)", role="perpetrator", text="gunmen", actor_type=3)],
        fatalities=Count(best=4, min=4, max=6, reports=[CountReport(value=4, source="police"), CountReport(value=6)]),
        confidence=0.8,
        evidence=[Evidence(doc_id="doc1", start=10, end=16, text="attack", field="trigger")],
    )


def test_event_json_round_trip_keeps_every_field():
    event = make_event()
    again = Event.model_validate_json(event.to_json())
    assert again == event


def test_event_json_has_the_contract_fields():
    data = make_event().model_dump(mode="json")
    for key in ("id", "doc_ids", "event_type", "sub_event_type", "background", "date", "location",
                "actors", "fatalities", "injured", "kidnapped", "claimed_by", "confidence", "evidence"):
        assert key in data
    assert data["date"] == {"start": "2021-03-05", "end": "2021-03-05", "precision": "day", "text": "on Friday"}
    assert set(data["location"]) >= {"name", "country_code", "admin1", "lat", "lon", "geonames_id", "precision", "text"}
    assert set(data["fatalities"]) == {"best", "min", "max", "reports"}
    assert set(data["evidence"][0]) >= {"doc_id", "start", "end", "text"}


def test_ids_are_stable_and_distinct():
    assert Event.make_id("d", 1, 5, "raid") == Event.make_id("d", 1, 5, "raid")
    assert Event.make_id("d", 1, 5, "raid") != Event.make_id("d", 2, 6, "raid")
    assert Article.make_id("some text") == Article.make_id("some text")
    assert Article.make_id("some text") != Article.make_id("other text")


def test_unknown_fields_and_bad_values_are_rejected():
    with pytest.raises(ValidationError):
        Event.model_validate({**make_event().model_dump(), "surprise": 1})
    with pytest.raises(ValidationError):
        EventDate(precision="fortnight")
    with pytest.raises(ValidationError):
        Actor(name="x", role="bystander", text="x")


def test_item_error_line_names_item_and_reason():
    line = ItemError(item="news/a.txt", reason="binary file").line()
    assert "news/a.txt" in line and "binary file" in line and "\n" not in line
