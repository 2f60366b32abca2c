"""Who did it and to whom, as slot filling codes it: speakers, blames, bare victims, datelines.
Every paragraph here was written for these tests."""

from __future__ import annotations

import eventcoder


def roles(text: str, published: str = "2024-03-04") -> list[dict[str, set[str]]]:
    events = eventcoder.extract(text, published=published, id="t")
    return [{role: {a.name for a in e.actors if a.role == role} for role in ("perpetrator", "target")}
            for e in events]


def test_a_speaker_is_not_the_perpetrator() -> None:
    [event] = roles("Unidentified assailants threw a grenade into a bar in Gitega on Saturday, "
                    "injuring six people, police said.")
    assert event["perpetrator"] == {"Unidentified Armed Group (Burundi)"}
    assert event["target"] == {"Civilians (Burundi)"}


def test_a_speaker_telling_its_own_act_is_the_perpetrator() -> None:
    [event] = roles("On Sunday the Nigerien army said it killed 14 militants near Diffa.")
    assert event["perpetrator"] == {"Military Forces of Niger"}
    [arrest] = roles("Police in Kano said on Monday that nine suspects had been arrested.")
    assert arrest["perpetrator"] == {"Police Forces of Nigeria"}


def test_the_blamed_group_is_the_perpetrator_when_none_is_named() -> None:
    [event] = roles("KABUL, Afghanistan - A bomb exploded at a market in Kunduz on Friday, killing four "
                    "people. Officials blamed the Taliban for the bombing.")
    assert event["perpetrator"] == {"Taliban"}
    assert event["target"] == {"Civilians (Afghanistan)"}


def test_bare_victims_leave_the_sides_to_the_sentence_before() -> None:
    text = ("This is the second attack on Ethiopian troops claimed by al-Shabaab. "
            "The first killed four people in January near Baidoa.")
    first = roles(text, published="2024-03-04")[-1]
    assert first["perpetrator"] == {"Al Shabaab"}
    assert "Military Forces of Ethiopia" in first["target"]


def test_a_dateline_dash_ends_the_dateline() -> None:
    [event] = roles("MAIDUGURI, Nigeria - Gunmen killed three farmers near Konduga on Tuesday.")
    assert event["perpetrator"] == {"Unidentified Armed Group (Nigeria)"}
