"""Slot filling: casualty figures worked out across clauses, and the type of a mixed mention
(sentences written for these tests in the style of local crime reporting)."""

import eventcoder
from eventcoder.slots.counts import SHOT_NOT_KILLED


def _only(text: str, published: str = "2016-07-09"):
    events = eventcoder.extract(text, published=published, id="t")
    assert len(events) == 1
    return events[0]


def test_people_shot_and_not_killed_are_wounded():
    event = _only("Two men were shot, one fatally, outside a bar in Dayton, Ohio, on Friday.")
    assert (event.fatalities.best, event.injured.best) == (1, 1)
    assert event.injured.reports[0].qualifier == SHOT_NOT_KILLED


def test_one_shot_is_wounded_when_the_article_tells_no_death():
    event = _only("A woman was shot outside her home in Dayton, Ohio, on Friday and taken to a hospital "
                  "in stable condition.")
    assert event.fatalities is None and event.injured.best == 1


def test_one_shot_who_died_is_not_wounded():
    event = _only("A man was shot in Dayton, Ohio, on Friday. He died at the hospital.")
    assert (event.fatalities.best, event.injured.best) == (1, 0)


def test_an_arrest_told_with_a_death_is_the_violence():
    event = _only("A woman was arrested after her brother was fatally shot on Saturday night in Dayton, "
                  "Ohio.", "2016-07-11")
    assert event.event_type == "Violence against civilians" and event.fatalities.best == 1


def test_the_toll_counts_one_who_killed_himself_after_his_victims():
    event = _only("Police said a man killed his two children and himself at their home in Dayton, Ohio, on Friday.")
    assert event.fatalities.best == 3
    event = _only("A woman fatally shot her husband before turning the gun on herself in Dayton, Ohio, on Friday.")
    assert event.fatalities.best == 2


def test_a_suicide_bomber_is_not_added_to_the_toll():
    event = _only("A suicide bomber killed 12 people at a market in Kabul on Friday before blowing himself up.")
    assert event.fatalities.best == 12


def test_a_child_who_shot_himself_is_counted_once():
    event = _only("A four-year-old boy fatally shot himself at his home in Dayton, Ohio, on Friday.")
    assert event.fatalities.best == 1
