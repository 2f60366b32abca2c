"""`eventcoder export`: every format written from a real store and parsed back."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.store import Store, StoredEvent
from eventcoder.store.export import ACLED_COLUMNS, FLAT_COLUMNS
from test_store import DAY, first_report, kabul_bombing, later_strike, report, second_report

SHOOTING = dict(name="Springfield", country_code="US", admin1="Illinois", lat=None, lon=None)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """Four incidents: a strike reported twice (one figure corrected), a strike marked wrong,
    a bombing claimed by the Taliban, and a criminal shooting with no point on the map."""
    path = tmp_path_factory.mktemp("export") / "events.db"
    with Store(path) as store:
        for result in (first_report(), second_report(), later_strike(), kabul_bombing()):
            store.ingest(result)
        store.ingest(
            report(
                "local-7",
                "A man shot two people outside a bar in Springfield late on Friday.",
                "shot",
                day=DAY + timedelta(days=30),
                place=SHOOTING,
                killed=2,
                killed_text="two people",
                kind=("Violence against civilians", "Attack"),
                scope="criminal",
            )
        )
        store.correct(first_report().events[0].id, "fatalities.best", 14, who="ana")
        store.mark_wrong(later_strike().events[0].id, who="ana")
    return path


def export(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["export", "--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_is_the_extract_shape_with_every_source(db):
    code, out, err = export(db, "--format", "jsonl")
    assert code == 0 and err.strip() == "eventcoder: 3 events written"
    events = {e.id: e for e in (StoredEvent.model_validate_json(line) for line in out.splitlines())}
    strike = events[first_report().events[0].id]
    assert strike.doc_ids == ["wire-1", "paper-2"]
    assert sorted((r.doc_id, r.value) for r in strike.fatalities.reports) == [("paper-2", 12), ("wire-1", 12)]
    assert strike.fatalities.best == 14 and strike.corrected_fields == ["fatalities.best"]
    assert later_strike().events[0].id not in events  # marked wrong: left out by default
    first_line = json.loads(out.splitlines()[0])
    for key in ("id", "doc_ids", "event_type", "sub_event_type", "background", "date", "location", "actors",
                "fatalities", "injured", "kidnapped", "claimed_by", "confidence", "evidence", "status"):
        assert key in first_line


def test_wrong_events_only_when_asked_and_marked(db, tmp_path):
    out = tmp_path / "all.jsonl"
    code, _, _ = export(db, "--format", "jsonl", "--include-wrong", "-o", str(out))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert code == 0 and len(rows) == 4
    assert {r["id"]: r["status"] for r in rows}[later_strike().events[0].id] == "wrong"
    assert not list(tmp_path.glob("*.part"))


def test_csv_has_flat_columns(db):
    code, out, _ = export(db, "--format", "csv", "--country", "LY")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and list(rows[0]) == [name for name, _kind, _get in FLAT_COLUMNS]
    [strike] = rows
    assert strike["doc_ids"] == "wire-1; paper-2" and strike["sources"] == "Wire; Paper"
    assert strike["fatalities"] == "14" and strike["fatalities_min"] == "12"
    assert (strike["date_start"], strike["location"], strike["latitude"]) == ("2023-06-13", "Sabha", "27.04")
    assert strike["perpetrators"] == "Libyan National Army" and strike["corrected_fields"] == "fatalities.best"


def test_geojson_keeps_unlocated_events_with_null_geometry(db):
    code, out, _ = export(db, "--format", "geojson")
    collection = json.loads(out)
    assert code == 0 and collection["type"] == "FeatureCollection"
    by_place = {f["properties"]["location"]: f for f in collection["features"]}
    assert by_place["Sabha"]["geometry"] == {"type": "Point", "coordinates": [14.43, 27.04]}
    assert by_place["Springfield"]["geometry"] is None
    assert by_place["Kabul"]["properties"]["date_start"] == "2023-07-03"


def test_acled_columns_and_scope(db):
    code, out, _ = export(db, "--format", "acled")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and tuple(rows[0]) == ACLED_COLUMNS
    assert {r["location"] for r in rows} == {"Sabha", "Kabul"}  # the criminal shooting is outside ACLED's scope
    sabha = next(r for r in rows if r["location"] == "Sabha")
    assert (sabha["event_date"], sabha["year"], sabha["time_precision"]) == ("2023-06-13", "2023", "1")
    assert (sabha["iso"], sabha["country"], sabha["region"]) == ("434", "Libya", "Northern Africa")
    assert (sabha["disorder_type"], sabha["sub_event_type"]) == ("Political violence", "Air/drone strike")
    assert sabha["actor1"] == "Libyan National Army" and sabha["fatalities"] == "14"
    assert sabha["source"] == "Wire; Paper" and sabha["tags"] == "eventcoder: corrected fatalities.best"
    assert sabha["notes"] and int(sabha["timestamp"]) > 0
    kabul = next(r for r in rows if r["location"] == "Kabul")
    assert (kabul["actor1"], kabul["region"], kabul["iso"]) == ("Taliban", "South Asia", "4")
    _, everything, _ = export(db, "--format", "acled", "--all-scopes", "--include-wrong")
    rows = list(csv.DictReader(io.StringIO(everything)))
    assert len(rows) == 4
    assert next(r for r in rows if r["location"] == "Springfield")["latitude"] == ""
    assert any(r["tags"] == "eventcoder: marked wrong" for r in rows)


def test_parquet_round_trips_with_types(db, tmp_path):
    out = tmp_path / "events.parquet"
    code, _, _ = export(db, "--format", "parquet", "-o", str(out))
    table = pq.read_table(out)
    assert code == 0 and table.num_rows == 3
    assert table.schema.field("date_start").type == pa.date32()
    assert table.schema.field("doc_ids").type == pa.list_(pa.string())
    rows = {r["location"]: r for r in table.to_pylist()}
    assert rows["Sabha"]["doc_ids"] == ["wire-1", "paper-2"] and rows["Sabha"]["fatalities"] == 14
    assert rows["Kabul"]["date_start"] == date(2023, 7, 3)


def test_filters(db):
    def ids(*args: str) -> list[str]:
        return sorted(json.loads(line)["location"]["name"] for line in export(db, *args)[1].splitlines())

    assert ids("--since", "2023-07-01") == ["Kabul", "Springfield"]
    assert ids("--until", "2023-06-30") == ["Sabha"]
    assert ids("--country", "af") == ["Kabul"]
    assert ids("--type", "Violence against civilians") == ["Springfield"]
    assert ids("--sub-type", "Remote explosive/landmine/IED") == ["Kabul"]
    assert ids("--scope", "criminal") == ["Springfield"]


def test_usage_errors_exit_2_with_one_line(db, tmp_path):
    code, _, err = export(tmp_path / "missing.db")
    assert code == 2 and err.strip() == f"eventcoder: no store at {tmp_path / 'missing.db'}"
    assert not (tmp_path / "missing.db").exists()
    code, _, err = export(db, "--format", "parquet")
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, _ = export(db, "--format", "xml")
    assert code == 2
    code, _, _ = export(db, "--since", "last week")
    assert code == 2
