"""Named people of an article (slots/people.py) and which events they go to (fill.with_people).
Sentences written for these tests."""

import eventcoder
from eventcoder import nlp
from eventcoder.slots.people import find_people


def _people(text: str) -> list[str]:
    doc = next(iter(nlp.parse([text])))
    return [p.name for p in find_people(doc, text)]


def test_victims_and_suspects_are_people_and_speaking_officials_are_not():
    text = ("Kevin Morales, 19, was shot outside a store on Elm Street. Police arrested Tomas Ferreira "
            "on Sunday. Sheriff Linda Okafor said the two knew each other. \"We are heartbroken,\" said "
            "Paul Brandt, a spokesman for the police department.")
    names = _people(text)
    assert "kevin morales" in names and "tomas ferreira" in names
    assert "linda okafor" not in names and "paul brandt" not in names


def test_one_word_names_and_places_read_as_people_are_not_kept():
    text = "Delaney was shot near Parish Prison on Monday. Officers searched Marion County for the gunman."
    assert _people(text) == []


def test_middle_initials_and_possessives_do_not_change_the_name():
    names = _people("Marcus J. Delaney was shot on Monday. Marcus Delaney's mother said he loved music.")
    assert set(names) == {"marcus delaney"}


def test_the_lead_event_names_the_victim_told_in_a_sentence_of_its_own_and_groups_are_no_people():
    events = eventcoder.extract(
        "A 19-year-old man was shot dead outside a store in Dayton, Ohio, on Saturday night. The victim "
        "was identified as Kevin Morales, 19. Boko Haram was not involved, a neighbour joked.",
        published="2016-07-11", id="t")
    main = events[0]
    assert main.people == ["kevin morales"]
    assert any(ev.field == "person" and ev.text == "Kevin Morales" for ev in main.evidence)
    assert all("boko haram" not in e.people for e in events)


def test_people_named_with_a_background_event_stay_with_it():
    events = eventcoder.extract(
        "A man was shot dead in Dayton, Ohio, on Saturday. In 2014, Ronald Pike was killed in a "
        "shooting on the same street.", published="2016-07-11", id="t")
    history = [e for e in events if e.background]
    news = [e for e in events if not e.background]
    assert history and history[0].people == ["ronald pike"]
    assert news and "ronald pike" not in news[0].people


def test_leaders_commentators_bylines_and_towns_read_as_people_are_not_kept():
    text = ("By Rodney Hale\nThe country has been unstable since the death of its longtime ruler, Omar Haddad. "
            "Lena Vogt, a senior fellow at a research institute, said the raid targeted Yusuf Karimi, "
            "a smuggler from Rock Falls.")
    assert _people(text) == ["yusuf karimi"]
    assert _people("According to police, Kevin Morales was shot twice on Sunday.") == ["kevin morales"]
    # a writer's contact line and a picture credit name who covers the story, not who is in it
    credits = ("The shots woke Sam Price next door. A photo (Photo: Tom Baxter/Daily Ledger) shows the house.\n\n"
               "Contact Jane Moreland at jmoreland@ledger.example or on Twitter.")
    assert _people(credits) == ["sam price"]


def test_an_event_keeps_the_first_twenty_people_named():
    names = [f"{first} {last}" for first in ("Kevin", "Angela", "Tomas", "Maria", "Daniel") for last in ("Morales", "Ferreira", "Okafor", "Lindqvist", "Brandt")]
    text = "A gunman killed 25 people at a festival in Dayton, Ohio, on Saturday. " + " ".join(
        f"{name}, {20 + i}, was among the dead." for i, name in enumerate(names))
    events = eventcoder.extract(text, published="2016-07-11", id="t")
    assert len(events[0].people) == 20  # of 25 named
    assert sum(ev.field == "person" for ev in events[0].evidence) == len(events[0].people)
