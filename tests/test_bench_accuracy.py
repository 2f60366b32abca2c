"""The accuracy scorer: every rule must be able to fail, and the annotated gold must be self-consistent."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventcoder.bench.accuracy import alias_matches, load_gold, main, score

ANNOTATED = Path(__file__).parent / "fixtures" / "annotated"

ACLED_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}

GOLD: dict[str, Any] = {
    "aliases": {
        "islamic_state": ["islamic state", "is", "isis"],
        "lna": ["libyan national army", "lna"],
        "us": ["united states", "u.s.", "us"],
    },
    "docs": {
        "d1": [
            {"id": "d1-raid", "required": True, "types": [["Battles", "Armed clash"]],
             "date": {"start": "2020-05-17", "end": "2020-05-17"},
             "location": {"name": "Sabha", "lat": 27.038, "lon": 14.428, "tol_km": 30, "country_code": "LY"},
             "perpetrator": "islamic_state", "target": "lna",
             "fatalities": [9, 9], "injured": [0, 0], "kidnapped": [2, 5], "claimed_by": "islamic_state"},
            {"id": "d1-history", "required": False, "background_ok": True,
             "types": [["Battles", "Government regains territory"]],
             "date": {"start": "2016-12-01", "end": "2016-12-31", "month": True},
             "location": {"name": "Sirte", "lat": 31.209, "lon": 16.589, "tol_km": 30, "country_code": "LY"}},
        ],
        "d2": [
            {"id": "d2-strike", "required": True, "types": [["Explosions/Remote violence", "Air/drone strike"]],
             "date": {"start": "2019-09-01", "end": "2019-09-30", "window": True},
             "location": {"name": "southern Libya", "country_code": "LY"},
             "perpetrator": "us", "claimed_by": None},
        ],
        "d3": [],
    },
}


def event(doc: str = "d1", **over: Any) -> dict[str, Any]:
    """A system event that gets every field of d1-raid right; `over` replaces top-level keys."""
    ev: dict[str, Any] = {
        "id": "ev1", "doc_ids": [doc], "event_type": "Battles", "sub_event_type": "Armed clash",
        "background": False,
        "date": {"start": "2020-05-17", "end": "2020-05-17", "precision": "day"},
        "location": {"name": "Sebha", "country_code": "LY", "lat": 27.05, "lon": 14.43},
        "actors": [{"name": "Islamic State (Libya)", "role": "perpetrator", "text": "IS"},
                   {"name": "Libyan National Army", "role": "target", "text": "LNA"}],
        "fatalities": {"best": 9, "min": 9, "max": 9, "reports": []},
        "injured": None,
        "kidnapped": {"best": 3, "min": 2, "max": 5, "reports": []},
        "claimed_by": "ISIS",
    }
    ev.update(over)
    return ev


def strike(**over: Any) -> dict[str, Any]:
    ev = event(doc="d2", id="ev2", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
               date={"start": "2019-09-26", "end": "2019-09-26"},
               location={"name": "Murzuq", "country_code": "LY", "lat": 25.9, "lon": 13.9},
               actors=[{"name": "U.S. Africa Command", "role": "perpetrator", "text": "AFRICOM"}],
               fatalities=None, kidnapped=None, claimed_by=None)
    ev.update(over)
    return ev


def field(result: dict[str, Any], name: str) -> tuple[int, int]:
    stats = result["per_field"][name]
    return stats["right"], stats["total"]


def test_all_right() -> None:
    r = score([event(), strike()], GOLD)
    assert r["required_found"] == r["required_total"] == 2
    assert r["field_accuracy"] == 1.0
    assert r["false_positives"] == 0 and r["missed"] == [] and r["extra"] == []
    assert field(r, "claimed_by") == (2, 2)  # d2: gold null and system none


def test_missing_and_empty_input() -> None:
    r = score([], GOLD)
    assert r["required_found"] == 0 and r["missed"] == ["d1-raid", "d2-strike"]
    assert r["field_accuracy"] is None and r["per_field"]["type"]["accuracy"] is None


def test_wrong_type() -> None:
    r = score([event(sub_event_type="Government regains territory")], GOLD)
    assert r["required_found"] == 1 and field(r, "type") == (0, 1)


@pytest.mark.parametrize(("start", "end", "right"), [
    ("2020-05-16", "2020-05-18", True),    # overlaps, two days wider: fine
    ("2020-05-01", "2020-05-31", False),   # overlaps but a month wide: too vague for a day
    ("2020-05-18", "2020-05-18", False),   # a day off
])
def test_date_rules(start: str, end: str, right: bool) -> None:
    r = score([event(date={"start": start, "end": end})], GOLD)
    assert field(r, "date") == (int(right), 1)


def test_month_and_window_dates() -> None:
    month_gold = copy.deepcopy(GOLD)
    month_gold["docs"]["d1"][1]["required"] = True
    history = event(id="h", event_type="Battles", sub_event_type="Government regains territory", background=True,
                    date={"start": "2016-12-01", "end": "2016-12-31"},
                    location={"name": "Sirte", "country_code": "LY", "lat": 31.2, "lon": 16.6})
    r = score([event(), history], month_gold)
    assert (r["required_found"], r["required_total"]) == (2, 3) and field(r, "date") == (2, 2)
    year_wide = dict(history, date={"start": "2016-01-01", "end": "2016-12-31"})
    assert field(score([event(), year_wide], month_gold), "date") == (1, 2)
    wide = strike(date={"start": "2019-01-01", "end": "2019-12-31"})  # window gold: any overlap
    assert field(score([wide], GOLD), "date") == (1, 1)
    assert field(score([strike(date={"start": None, "end": None})], GOLD), "date") == (0, 1)


def test_location_rules() -> None:
    far = event(location={"name": "Sabha", "country_code": "LY", "lat": 27.6, "lon": 14.43})  # ~62 km off
    assert field(score([far], GOLD), "location") == (0, 1)
    no_point = event(location={"name": "Sabha", "country_code": "LY", "lat": None, "lon": None})
    assert field(score([no_point], GOLD), "location") == (0, 1)
    # gold without coordinates: the country decides
    assert field(score([strike(location={"country_code": "ly"})], GOLD), "location") == (1, 1)
    assert field(score([strike(location={"country_code": "TN", "lat": 25.9, "lon": 13.9})], GOLD), "location") == (0, 1)


def test_actor_rules() -> None:
    swapped = event(actors=[{"name": "Islamic State", "role": "target", "text": "IS"},
                            {"name": "LNA", "role": "perpetrator", "text": "LNA"}])
    r = score([swapped], GOLD)
    assert field(r, "perpetrator") == (0, 1) and field(r, "target") == (0, 1)
    # word boundaries: "is" must not match inside "Tuareg militias"; "us" not inside "Bus drivers"
    r = score([event(actors=[{"name": "Tuareg militias", "role": "perpetrator", "text": "x"}])], GOLD)
    assert field(r, "perpetrator") == (0, 1)
    assert not alias_matches("Bus drivers", "us", GOLD["aliases"])
    assert alias_matches("U.S. military", "us", GOLD["aliases"])
    assert alias_matches("Islamic State - Libya Province", "islamic_state", GOLD["aliases"])
    # one right actor among several of the role is enough
    two = event(actors=[{"name": "unknown gunmen", "role": "perpetrator", "text": "x"},
                        {"name": "ISIS", "role": "perpetrator", "text": "ISIS"},
                        {"name": "LNA", "role": "target", "text": "LNA"}])
    assert field(score([two], GOLD), "perpetrator") == (1, 1)


def test_count_rules() -> None:
    r = score([event(fatalities={"best": 12, "min": 9, "max": 12})], GOLD)
    assert field(r, "fatalities") == (0, 1)  # best outside the range, even though min is inside
    r = score([event(fatalities={"best": None, "min": 9, "max": None})], GOLD)
    assert field(r, "fatalities") == (1, 1)  # no best: min is used
    r = score([event(fatalities=None)], GOLD)
    assert field(r, "fatalities") == (0, 1)  # missing, gold says nine
    assert field(score([event(injured={"best": 0})], GOLD), "injured") == (1, 1)
    assert field(score([event(injured={"best": 3})], GOLD), "injured") == (0, 1)
    assert field(score([event(kidnapped={"best": 6})], GOLD), "kidnapped") == (0, 1)


def test_claim_rules() -> None:
    assert field(score([event(claimed_by=None)], GOLD), "claimed_by") == (0, 1)
    assert field(score([event(claimed_by="Libyan National Army")], GOLD), "claimed_by") == (0, 1)
    # gold null: a system claim is wrong (a denial is not a claim)
    assert field(score([strike(claimed_by="United States")], GOLD), "claimed_by") == (0, 1)


def test_extra_events_and_background() -> None:
    dup = event(id="dup")
    news_elsewhere = event(id="x", doc_ids=["d3"])
    history_elsewhere = event(id="y", doc_ids=["d3"], background=True)
    unknown_doc = event(id="z", doc_ids=["not-in-gold"])
    r = score([event(), dup, news_elsewhere, history_elsewhere, unknown_doc], GOLD)
    assert r["false_positives"] == 2
    assert sorted((e["doc_id"], e["id"]) for e in r["extra"]) == [("d1", "dup"), ("d3", "x")]


def test_pairing_prefers_date_and_is_one_to_one() -> None:
    # The first event has the right type and place but the wrong year; the second only the right date.
    # The date weighs most, so the second pairs with d1-raid and the first is left over as an extra.
    wrong_year = event(id="a", date={"start": "2019-05-17", "end": "2019-05-17"})
    right_date = event(id="b", event_type="Protests", sub_event_type="Peaceful protest",
                       location={"country_code": "LY", "lat": 32.9, "lon": 13.2})
    r = score([wrong_year, right_date], GOLD)
    assert field(r, "date") == (1, 1) and field(r, "type") == (0, 1)
    assert [e["id"] for e in r["extra"]] == ["a"]
    # type alone does not pair
    lone = event(date={"start": "2010-01-01"}, location={"country_code": "LY", "lat": 20.0, "lon": 10.0})
    r = score([lone], GOLD)
    assert r["required_found"] == 0 and r["false_positives"] == 1


def test_fused_event_counts_in_each_document() -> None:
    fused = strike(doc_ids=["d2", "d3"])
    r = score([fused], GOLD)
    assert r["required_found"] == 1 and r["false_positives"] == 1  # d3 has no events


def test_main_prints_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps(event()) + "\n\n" + json.dumps(strike()) + "\n", encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    assert main([str(events), str(gold)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["required_found"] == 2 and out["field_accuracy"] == 1.0
    assert main([str(events)]) == 2


def test_load_gold_rejects_unknown_actor_key(tmp_path: Path) -> None:
    bad = copy.deepcopy(GOLD)
    bad["docs"]["d1"][0]["perpetrator"] = "nobody"
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValueError, match="nobody"):
        load_gold(path)


# ---------------------------------------------------------------- the annotated set itself

def _articles() -> list[dict[str, Any]]:
    with open(ANNOTATED / "articles.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _as_system_event(doc_id: str, g: dict[str, Any], aliases: dict[str, list[str]]) -> dict[str, Any]:
    """The event a perfect system would emit for a gold event."""
    loc = g["location"]
    counts = {f: {"best": g[f][0], "min": g[f][0], "max": g[f][1], "reports": []} for f in
              ("fatalities", "injured", "kidnapped") if f in g}
    actors = [{"name": aliases[g[role]][0], "role": role, "text": ""} for role in ("perpetrator", "target")
              if g.get(role)]
    return {
        "id": g["id"], "doc_ids": [doc_id], "event_type": g["types"][0][0], "sub_event_type": g["types"][0][1],
        "background": bool(g.get("background_ok")), "date": {"start": g["date"]["start"], "end": g["date"]["end"]},
        "location": {"name": loc.get("name"), "lat": loc.get("lat"), "lon": loc.get("lon"),
                     "country_code": loc.get("country_code")},
        "actors": actors, "claimed_by": aliases[g["claimed_by"]][0] if g.get("claimed_by") else None, **counts,
    }


def test_annotated_articles_are_well_formed() -> None:
    articles = _articles()
    assert len(articles) >= 45
    assert len({a["id"] for a in articles}) == len(articles)
    for a in articles:
        assert set(a) == {"id", "title", "text", "published", "source"}
        date.fromisoformat(a["published"])
        assert 150 < len(a["text"]) < 1500


def test_annotated_gold_covers_articles_and_taxonomy() -> None:
    gold = load_gold(ANNOTATED / "gold.json")
    assert set(gold["docs"]) == {a["id"] for a in _articles()}
    covered = set()
    ids = []
    for events in gold["docs"].values():
        for g in events:
            ids.append(g["id"])
            for etype, sub in g["types"]:
                assert sub in ACLED_TYPES[etype], (g["id"], etype, sub)
            covered.add(tuple(g["types"][0]))
            start, end = date.fromisoformat(g["date"]["start"]), date.fromisoformat(g["date"]["end"])
            assert start <= end
            for f in ("fatalities", "injured", "kidnapped"):
                if f in g:
                    assert 0 <= g[f][0] <= g[f][1]
    assert len(ids) == len(set(ids))
    every = {(t, s) for t, subs in ACLED_TYPES.items() for s in subs}
    assert every <= covered, sorted(every - covered)
    assert sum(1 for evs in gold["docs"].values() if not evs) >= 3


def test_annotated_gold_scores_perfectly_against_itself() -> None:
    gold = load_gold(ANNOTATED / "gold.json")
    published = {a["id"]: date.fromisoformat(a["published"]) for a in _articles()}
    events = []
    for doc_id, golds in gold["docs"].items():
        for g in golds:
            assert date.fromisoformat(g["date"]["start"]) <= published[doc_id], g["id"]
            events.append(_as_system_event(doc_id, g, gold["aliases"]))
    r = score(events, gold)
    assert r["required_found"] == r["required_total"]
    assert r["field_accuracy"] == 1.0, r["per_field"]
    assert r["false_positives"] == 0
