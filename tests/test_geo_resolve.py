"""Toponym finding and resolution on English local news: common words, surnames, acronyms and
foreign namesakes are not taken for the towns the gazetteer shares their names with."""

from pathlib import Path

import pytest

from eventcoder.geo import gazetteer as gz
from collections import Counter

from eventcoder.geo.resolve import DoubtfulNames, _within_focus, find_toponyms, resolve_toponyms


@pytest.fixture(scope="module")
def gazetteer(gazetteer_file: Path) -> gz.Gazetteer:
    return gz.Gazetteer(gazetteer_file)


def places(text: str, gazetteer: gz.Gazetteer) -> dict[str, str | None]:
    resolved = resolve_toponyms(find_toponyms(text, gazetteer=gazetteer), text, gazetteer)
    return {r.toponym.text: r.place.country_code if r.place else None for r in resolved}


def test_capitalised_common_word_needs_a_place_cue(gazetteer: gz.Gazetteer) -> None:
    assert gazetteer.candidates("Circle", fuzzy=False)
    text = "The vigil drew a Circle of Friends group: a man was shot near a traffic circle in Portland, Oregon."
    found = places(text, gazetteer)
    assert "Circle" not in found and found.get("Portland") == "US"
    cued = "The victim was shot in Circle, Montana, near a traffic circle."
    assert places(cued, gazetteer).get("Circle") == "US"


def test_person_names_are_doubtful() -> None:
    text = "Officer Mark Johnson said the man fled. Johnson said more."
    names = DoubtfulNames(text, [(8, 25, "PERSON")])
    assert names.doubtful("Johnson") and not names.doubtful("Portland")


def test_acronyms_dates_and_blocks_are_not_places(gazetteer: gz.Gazetteer) -> None:
    text = ("Someone inside an SUV opened fire on the Fourth of July in the 1900 block of Dover, "
            "police in Salina, Kansas said.")
    found = places(text, gazetteer)
    assert "SUV" not in found and "Dover" not in found
    assert found.get("Salina") == "US"


def town(name: str, country: str, population: int, code: str = "PPL") -> gz.Place:
    return gz.Place(1, name, name, 0.0, 0.0, "P", code, country, "", "", population)


def test_foreign_namesake_yields_to_the_focus_country() -> None:
    focus = Counter({"US": 6, "GB": 1})
    local, foreign = town("Norwich", "US", 40_000), town("Norwich", "GB", 210_000)
    assert [p for _, p in _within_focus([(9.0, foreign), (8.0, local)], focus)] == [local]
    # with no namesake at home, or for a capital or a metropolis, the foreign place stays
    assert [p for _, p in _within_focus([(9.0, foreign)], focus)] == [foreign]
    capital = town("London", "GB", 8_000_000, "PPLC")
    assert [p for _, p in _within_focus([(9.0, capital), (8.0, town("London", "US", 8_000))], focus)][0] == capital
