"""Toponym finding and resolution on English local news: common words, surnames, acronyms and
foreign namesakes are not taken for the towns the gazetteer shares their names with."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from eventcoder.geo import gazetteer as gz
from collections import Counter

from eventcoder.geo.resolve import (DoubtfulNames, _within_focus, find_toponyms, locate_event, main_place,
                                    resolve_toponyms)


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


def resolved(text: str, gazetteer: gz.Gazetteer) -> dict[str, gz.Place | None]:
    return {r.toponym.text: r.place for r in resolve_toponyms(find_toponyms(text, gazetteer=gazetteer), text, gazetteer)}


def test_how_a_text_uses_a_name_shows_a_person() -> None:
    listed = "The wounded were Tom Reed, Ann Jenkins and Joe Marsh. Jenkins went home."
    assert DoubtfulNames(listed, [(17, 25, "PERSON")]).doubtful("Jenkins")  # a list holding a full name
    aged = "Carl Davis, 44, was charged. The boy was shot at Davis’ home."
    names = DoubtfulNames(aged, [])
    assert names.doubtful("Davis")
    # a lone speaker counts only when the model calls the word a person somewhere
    quote = "“It hurts,” said Shannon."
    assert DoubtfulNames(quote, [(quote.index("Shannon"), len(quote) - 1, "PERSON")]).doubtful("Shannon")
    assert not DoubtfulNames("Locals know that Gainesville says no.", []).doubtful("Gainesville")
    # the model tagging the full name as a place does not clear it
    assert DoubtfulNames(aged, [(0, 10, "GPE")]).doubtful("Davis")


def test_a_possessive_is_no_place_cue(gazetteer: gz.Gazetteer) -> None:
    text = "Carl Davis, 44, was charged. The boy was shot at Davis’ home."
    names = DoubtfulNames(text, [])
    assert not names.cued(text, text.index("Davis’"), text.index("Davis’") + 5, gazetteer)
    cued = "Carl Davis, 44, was charged in Davis, California."
    assert names.cued(cued, cued.rindex("Davis"), cued.rindex("Davis") + 5, gazetteer)


def test_institutions_brands_and_streets_are_not_places(gazetteer: gz.Gazetteer) -> None:
    for text, word in [("The boy was taken to Palmer Regional Hospital, where he died.", "Palmer"),
                       ("He was flown to the Baylor Medical Center overnight.", "Center"),
                       ("A clerk at the Circle K was robbed at gunpoint.", "Circle"),
                       ("The Tribune has learned that two men were arrested.", "Tribune"),
                       ("Shots rang out in the 4200 block of North Kenmore on Friday.", "Kenmore"),
                       ("A girl was shot inside a house on Seneca Parkway.", "Seneca"),
                       ("Deputies found him at a house on Oakhurst Circle.", "Circle"),
                       ("A boy from the Town of Ridgeway was hurt.", "Town")]:
        assert word not in resolved(text, gazetteer), text


def test_a_local_agency_names_its_town(gazetteer: gz.Gazetteer) -> None:
    place = resolved("Salina Police are investigating a death on Sunday.", gazetteer).get("Salina")
    assert place is not None and place.admin1_name == "Kansas"


def test_the_state_a_text_names_picks_the_namesake(gazetteer: gz.Gazetteer) -> None:
    # the bigger Caledonia is in Wisconsin; a dotted abbreviation anywhere names a state
    text = "A boy was hurt in Caledonia on Friday; N.Y. State Police are investigating."
    place = resolved(text, gazetteer)["Caledonia"]
    assert place is not None and place.admin1_name == "New York"
    dotted = resolved("ST. LOUIS — A girl, 14, was shot in her home. Police in Mo. arrested a boy.", gazetteer)
    assert dotted["ST. LOUIS"] is not None and dotted["ST. LOUIS"].admin1_name == "Missouri"


def test_a_repeated_ambiguous_name_does_not_set_the_country(gazetteer: gz.Gazetteer) -> None:
    text = ("NORWICH — A man was shot on a quiet street. Norwich officers arrived within minutes, and "
            "Norwich detectives are asking for help. Chenango County deputies assisted Norwich police.")
    assert {p.country_code for name, p in resolved(text, gazetteer).items() if p and name.lower() == "norwich"} == {"US"}


def test_a_region_keeps_its_state_and_an_article_its_main_place(gazetteer: gz.Gazetteer) -> None:
    text = "A man was stabbed at a ranch in northeast Travis County. Deputies said he died."
    places = resolve_toponyms(find_toponyms(text, gazetteer=gazetteer), text, gazetteer)
    region = locate_event(text, 0, text.index(".") + 1, places, gazetteer)
    assert region.precision == "region" and region.admin1 == "Texas"
    story = ("A man was shot dead on Sunday. Police in Pocatello said the victim, whose name was not "
             "released, was found near Pocatello's rail yard. Bannock County deputies helped.")
    places = resolve_toponyms(find_toponyms(story, gazetteer=gazetteer), story, gazetteer)
    main = main_place(places, "US")
    assert main is not None and main.name == "Pocatello" and main.admin1 == "Idaho" and main.geo_precision == 2


def test_a_small_town_the_gazetteer_lacks_takes_no_namesake_states_away(gazetteer: gz.Gazetteer) -> None:
    # The gazetteer knows only a tiny Wheelock in California; a Texas story names a Texas one.
    text = ("BRYAN, Texas — A man was shot dead on Friday at a farmhouse near Wheelock. Hearne police "
            "helped deputies from Bryan.")
    found = resolved(text, gazetteer)
    assert found["Wheelock"] is None and found["Hearne"].admin1_name == "Texas"
    places = resolve_toponyms(find_toponyms(text, gazetteer=gazetteer), text, gazetteer)
    start = text.index("A man")
    event = locate_event(text, start, text.index(".", start) + 1, places, gazetteer)
    assert event.admin1 != "California"
    # a state named after it keeps the far namesake
    named = resolved("BRYAN, Texas — The suspect, from Wheelock, California, was arrested in Hearne.", gazetteer)
    assert named["Wheelock"] is not None and named["Wheelock"].admin1_name == "California"


def test_a_stray_symbol_starts_a_sentence(gazetteer: gz.Gazetteer) -> None:
    # a close button's "×" before a headline repeated in the body: "Arrest" is a common word there
    found = resolved("× Arrest in downtown stabbing\n\nMEMPHIS, Tenn. — A girl was stabbed.", gazetteer)
    assert "Arrest" not in found or found["Arrest"] is None
    assert found["MEMPHIS"].admin1_name == "Tennessee"


def test_a_name_cut_at_a_lone_letters_apostrophe_is_no_place(gazetteer: gz.Gazetteer) -> None:
    text = "Deputies in Marion County, Texas, found the boy at a home in the Lake O' the Hills area."
    found = resolved(text, gazetteer)
    assert not any(place for name, place in found.items() if name.startswith("Lake"))  # not "Lake County", Ill.


def test_surnames_contractions_and_side_are_no_places(gazetteer: gz.Gazetteer) -> None:
    text = "“I’ll never forget it,” Dana Thomas said of the stabbing near her home on the Lower East Side of New York."
    found = resolved(text, gazetteer)
    assert all(p is None or p.admin1_name == "New York" for p in found.values())
    places = resolve_toponyms(find_toponyms(text, gazetteer=gazetteer), text, gazetteer)
    event = locate_event(text, 0, len(text), places, gazetteer)
    assert event.admin1 in (None, "New York")  # not Illinois ("I’ll") nor Kansas (Elkhart, "Side")
    # a bare name gives an area only when it names the area itself: "Thomas" is no Thomas County
    bare = "Mr. Thomas was wounded, police said."
    assert locate_event(bare, 0, len(bare), [], gazetteer).name != "Thomas County"


def test_a_surname_that_is_also_a_province_is_no_place(gazetteer: gz.Gazetteer) -> None:
    assert any(p.is_admin1 for p in gazetteer.candidates("Santander", fuzzy=False))  # a Colombian department
    text = ("Luis Santander, 42, opened fire outside a bar in Fresno, California, police said. "
            "Santander fled on foot. Officers found Santander hours later.")
    labels = [(0, 14, "PERSON"), (text.index("Santander fled"), text.index("Santander fled") + 9, "GPE"),
              (text.rindex("Santander"), text.rindex("Santander") + 9, "PERSON")]
    assert DoubtfulNames(text, labels).doubtful("Santander")  # the lone PERSON of a full name's word counts
    entities = SimpleNamespace(ents=[SimpleNamespace(start_char=s, end_char=e, label_=label) for s, e, label in labels])
    found = {t.text for t in find_toponyms(text, entities, gazetteer=gazetteer)}
    assert "Santander" not in found and "Fresno" in found
    # a state still speaks and lends a first name, and a cue still makes the surname a place
    assert "Georgia" in {t.text for t in find_toponyms("Georgia Smith, 30, said she moved from Georgia.", gazetteer=gazetteer)}
    cued = "Luis Santander, 42, was born in Santander, Colombia."
    assert "Santander" in {t.text for t in find_toponyms(cued, gazetteer=gazetteer)}


def test_places_near_the_home_town_get_a_prior(gazetteer: gz.Gazetteer) -> None:
    from eventcoder.geo.resolve import near_home

    shreveport = next(p for p in gazetteer.candidates("Shreveport", fuzzy=False) if p.country_code == "US")
    text = "A boy was shot in Marion County."
    plain = resolve_toponyms(find_toponyms(text, gazetteer=gazetteer), text, gazetteer)
    near = resolve_toponyms(find_toponyms(text, gazetteer=gazetteer), text, gazetteer, home=near_home([shreveport]))
    assert plain[0].place.admin1_code != "TX" and near[0].place.admin1_code == "TX"
    # the event is placed in the county the document chose, not the biggest namesake
    assert locate_event(text, 0, len(text), near, gazetteer).admin1 == "Texas"
