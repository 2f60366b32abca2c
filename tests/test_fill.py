"""Slot filling: casualty figures worked out across clauses, and the type of a mixed mention
(sentences written for these tests in the style of local crime reporting)."""

import eventcoder
from eventcoder.slots.counts import HEADLINE, SHOT_NOT_KILLED


def _only(text: str, published: str = "2016-07-09", title: str | None = None):
    events = eventcoder.extract(text, published=published, id="t", title=title)
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
    event = _only("A 4-year-old boy fatally shot himself in the kitchen of a home in Dayton, Ohio, on Friday.")
    assert event.fatalities.best == 1


def test_the_headline_tells_the_toll_the_body_does_not_repeat():
    body = ("Police are investigating a shooting on Elm Street in Dayton, Ohio, on Friday night. "
            "Officers found Jordan Miles in the yard of a home.")
    assert _only(body).fatalities is None
    event = _only(body, title="Teen fatally shot in Dayton")
    assert event.fatalities.best == 1
    report = event.fatalities.reports[0]
    assert (report.source, report.start, report.text, report.doc_id) == (HEADLINE, None, "Teen fatally shot in Dayton", "t")
    assert all(body[e.start : e.end] == e.text for e in event.evidence)


def test_the_body_toll_wins_over_the_headline():
    event = _only("Two men were killed in a shooting in Dayton, Ohio, on Friday.", title="Man killed in Dayton shooting")
    assert event.fatalities.best == 2
    assert all(r.source != HEADLINE for r in event.fatalities.reports)


def test_a_death_in_the_headline_is_no_wounded_victim():
    body = "A teen was shot on Elm Street in Dayton, Ohio, on Friday."
    assert _only(body).injured.best == 1
    event = _only(body, title="Teen shot in Dayton dies")
    assert (event.fatalities.best, event.injured.best) == (1, 0)


def test_one_the_headline_has_shot_is_wounded_when_the_article_tells_no_death():
    body = "Deputies were called to a home on Elm Street in Dayton, Ohio, after a shooting on Friday."
    event = _only(body, title="Teen accidentally shot in Dayton")
    assert event.fatalities is None and event.injured.best == 1
    assert event.injured.reports[0].source == HEADLINE


def test_a_suicide_told_in_the_next_sentence_counts_the_one_who_fired():
    event = _only("Two boys were found shot dead in a car in Dayton, Ohio, on Friday. Their father later killed "
                  "himself, police said.")
    assert event.fatalities.best == 3
    event = _only("Four people were found dead, including the gunman, in Dayton, Ohio, on Friday. He had killed himself.")
    assert event.fatalities.best == 4


def test_a_list_of_victims_is_one_total():
    event = _only("A teenager, three farmers and a nurse were shot dead in Dayton, Ohio, on Friday, police said.")
    assert event.fatalities.best == 5


def test_a_list_with_a_counted_group_is_the_whole_toll():
    event = _only("Police said a woman killed her son and two grandchildren and then herself in "
                  "Dayton, Ohio, on Friday.")
    assert event.fatalities.best == 4
    assert event.fatalities.reports[0].qualifier is None


def test_a_child_who_accidentally_shot_himself_is_no_shooter_besides():
    event = _only("A toddler died in Dayton on Friday after he found a pistol in a drawer and "
                  "accidentally shot himself.")
    assert event.fatalities.best == 1


def test_the_one_shot_in_a_deadly_shooting_is_not_wounded():
    event = _only("Police in Dayton, Ohio, are investigating a deadly shooting on Friday. Witnesses said a "
                  "17-year-old had shot himself in his foot.")
    assert (event.fatalities.best, event.injured.best) == (1, 0)


def test_a_tally_of_separate_shootings_is_no_incident_s_toll():
    body = ("Three people are dead, and two others were hurt, after several separate shootings overnight in Dayton, "
            "Ohio.\n\nPolice found a man shot in a car on Elm Street just after midnight. He died at the scene.")
    event = _only(body, title="3 dead in violent night in Dayton")
    assert event.fatalities.best == 1
    body = ("Two teenagers died early Friday in separate incidents in Dayton, Ohio.\n\nA boy of 16 was shot "
            "on Elm Street and died at a hospital, police said.")
    event = _only(body, title="Two teenagers dead after Friday shootings")
    assert event.fatalities.best == 1 and all(r.source != HEADLINE for r in event.fatalities.reports)
