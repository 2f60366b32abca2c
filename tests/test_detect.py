"""Detection: which date a mention takes, and which trigger words count (sentences written for
these tests in the style of local crime reporting)."""

from datetime import date

import eventcoder


def _only(text: str, published: str, title: str | None = None):
    events = eventcoder.extract(text, published=published, id="t", title=title)
    assert len(events) == 1
    return events[0]


def test_a_clause_takes_the_date_told_nearest_its_violence():
    event = _only("Neighbours gathered on Friday to remember a boy who was shot and killed on Tuesday in "
                  "Dayton, Ohio.", "2016-07-09")
    assert (event.date.start, event.date.precision) == (date(2016, 7, 5), "day")


def test_life_threatening_injuries_are_no_threat_of_violence():
    event = _only("A 6-year-old girl had non-life threatening injuries after an accidental shooting at a home in "
                  "Akron, Ohio, on Tuesday.", "2016-07-09")
    assert event.date.start == date(2016, 7, 5)


def test_a_date_after_publication_is_no_event_date():
    event = _only("Four people were shot outside a bar in Dayton, Ohio, on July 7, 2017.", "2016-07-09")
    assert event.date.precision == "week" and event.date.end == date(2016, 7, 9)


def test_a_second_victim_is_no_second_event():
    event = _only("Two soldiers were killed and a third was wounded when a roadside bomb hit their patrol near "
                  "Tillaberi, Niger, on Monday.", "2023-05-10")
    assert event.fatalities.best == 2 and event.injured.best == 1


def test_a_victim_told_in_the_next_sentence_belongs_to_the_incident():
    event = _only("Gunmen abducted twelve passengers from a bus near Lokoja, Nigeria, on Friday. One driver was "
                  "shot dead as he tried to flee.", "2023-05-10")
    assert event.kidnapped.best == 12 and event.fatalities.best == 1
    two = eventcoder.extract("Gunmen attacked a village near Lokoja on Friday. A second attack hit a market in "
                             "Okene on Sunday.", published="2023-05-10", id="t")
    assert len(two) == 2


def test_a_day_told_inside_a_coarse_date_sharpens_it():
    # 2016-07-09 is a Saturday: "last week" runs 27 June - 3 July; the first day told after the
    # shooting, in a sentence of its own, falls inside it and dates the event.
    text = ("A man has been charged over a fatal shooting last week in Dayton, Ohio. "
            "Police said it took place around 11 p.m. on June 30 outside a bowling alley.")
    event = _only(text, "2016-07-09")
    assert (event.date.start, event.date.precision) == (date(2016, 6, 30), "day")
    # a day outside the week is some other step of the story: the week stays
    outside = _only(text.replace("June 30", "July 6"), "2016-07-09")
    assert (outside.date.start, outside.date.precision) == (date(2016, 6, 27), "week")
    # only the first day told counts: a later one is the follow-up, not the event
    later = _only("A woman was shot dead in Dayton, Ohio, earlier this week. Her neighbours had last seen her "
                  "on Sunday, July 3. On Tuesday, cleaners went through the flat.", "2016-07-09")
    assert later.date.precision == "range"


def test_a_tally_of_like_events_is_no_event():
    event = _only("A couple and their two children were found shot dead in their home in Ogden, Utah, on "
                  "Sunday. The deaths mark the fourth time since 2012 that a parent in the state killed "
                  "relatives before taking his own life.", "2015-06-22")
    assert event.date.start == date(2015, 6, 21)
    # "for the second time in ten days" tells a new event, not a tally
    assert _only("For the second time in ten days, jets struck a depot near Sirte, Libya, on Thursday.",
                 "2016-07-09").date.start == date(2016, 7, 7)


def test_dates_of_reports_and_investigations_are_no_event_dates():
    # 2016-07-09 is a Saturday
    def day(text):
        event = _only(text, "2016-07-09")
        return event.date.start if event.date.precision == "day" else None

    assert day("A teenager was shot dead in Dayton, Ohio, on Thursday, police said.") == date(2016, 7, 7)
    assert day("Police are investigating the Sunday afternoon shooting of a teenager in Dayton, Ohio.") == date(2016, 7, 3)
    assert day("DAYTON, Ohio, July 8 (AP) -- A man was shot dead outside a bar on the east side.") is None
    assert day("Police on Wednesday identified the man shot dead outside a bar in Dayton, Ohio.") is None
    assert day("A girl shot in Dayton, Ohio, died of her wounds, a Friday morning email from the sheriff said.") is None


def test_gunfire_and_gunshot_wounds_tell_a_shooting():
    found = _only("Deputies were called to a farmhouse at 2 a.m. Tuesday and found a man bleeding from a gunshot "
                  "wound in his side.", "2016-07-09")
    assert (found.event_type, found.date.start) == ("Violence against civilians", date(2016, 7, 5))
    fired = _only("A man who refused to drop his rifle was killed when shots were fired by a trooper near "
                  "Dayton, Ohio, on Monday.", "2016-07-09")
    assert fired.date.start == date(2016, 7, 4)
    assert _only("A gunman fired 12 rounds into a house in Dayton, Ohio, on Friday night.", "2016-07-09")


def test_another_person_is_no_other_event():
    # "another" names a victim here, not a second incident: one event, dated by its clause.
    event = _only("Two men died and another badly hurt in a shooting Tuesday at a tyre shop outside Dayton, "
                  "Ohio.", "2016-07-09")
    assert (event.date.start, event.date.precision) == (date(2016, 7, 5), "day")
    assert event.fatalities.best == 2
    # an ordinal before a hyphen or a noun that is no violence is no new event either
    same = _only("A teenager was found shot dead in Dayton, Ohio. Officers reached a third-floor flat at about "
                 "6 p.m. Tuesday, police said; a friend had aimed at another target.", "2016-07-09")
    assert same.date.start == date(2016, 7, 5)
    # a trigger that holds the ordinal is a new event of the same kind
    three = eventcoder.extract("Militants fired a rocket at Sirte port on 3 May, and a second one the next day. "
                               "On 5 May they fired a third rocket towards the harbour.", published="2020-05-10", id="t")
    assert [e.date.start.day for e in three] == [3, 4, 5] and all(e.id for e in three)
    # the month inside a sentence is no modal "may"; the verb still makes a threat no event
    assert len(eventcoder.extract("In May gunmen attacked a village near Gao, Mali.", published="2023-06-10")) == 1
    assert not eventcoder.extract("Officials said gunmen may attack Gao, Mali.", published="2023-06-10")


def test_the_body_dates_an_undated_lead():
    # The lead tells the incident with no date; a later sentence of the same violence gives its day.
    event = _only("Detectives are looking into how a man came to be found shot in a garage in Dayton, Ohio. "
                  "The shooting took place on July 5 shortly after 9 p.m., a police report shows.", "2016-07-09")
    assert (event.date.start, event.date.precision) == (date(2016, 7, 5), "day")
    # a report date is no event date, but a verb of the event between keeps the day
    kept = _only("A hunter was killed after a reported accident happened Tuesday morning near Xenia, Ohio.",
                 "2016-07-09")
    assert kept.date.start == date(2016, 7, 5)


def test_earlier_inside_a_date_is_no_earlier_event():
    event = _only("Deputies are investigating an accidental shooting near Xenia, Ohio, which occurred earlier "
                  "today. A boy took a bullet to the leg.", "2016-07-09")
    assert (event.date.start, event.date.precision) == (date(2016, 7, 9), "day")
    two = eventcoder.extract("A man was shot dead in Dayton, Ohio, on Friday. Earlier this week, a woman was "
                             "wounded in a shooting in Xenia.", published="2016-07-09", id="t")
    assert len(two) == 2


def test_a_coarse_date_joins_the_day_told_inside_it():
    event = _only("A man was charged on Monday over a fatal shooting last week in Dayton, Ohio. He was arrested "
                  "after a woman was found dead on June 30 in a flat on Main Street.", "2016-07-09")
    assert (event.date.start, event.date.precision) == (date(2016, 6, 30), "day")


def test_a_dateline_the_model_tags_as_an_organisation_still_places_the_event():
    # the model reads "LAREDO - A" as an organisation; the dateline names the town all the same
    event = _only("LAREDO - A woman died in a shooting at an apartment early Sunday, police said.", "2016-07-10")
    assert (event.location.name, event.location.admin1) == ("Laredo", "Texas")


def test_a_day_told_in_the_clause_carries_overnight():
    event = _only("Her father said he tried to phone his daughter on Tuesday and learned she had been shot "
                  "overnight in Xenia, Ohio.", "2016-07-09")
    assert event.date.start == date(2016, 7, 5)


def test_a_booking_day_is_no_event_day():
    # the lead is undated; the booking day is a court step, the call a few lines on dates the death
    event = _only("A neighbour faces a manslaughter count over a teenager's death in Xenia, Ohio. He was booked into "
                  "the Greene County Jail late Friday evening. Deputies responded around 5 p.m. July 4 to a home "
                  "on Elm Road. They found the boy with a gunshot wound.", "2016-07-11")
    assert event.date.start == date(2016, 7, 4)


def test_a_weekday_told_with_a_coarse_date_is_the_one_such_day_inside_it():
    event = _only("On a wet Friday evening in mid-July, two boys were handling a rifle at a flat in Xenia, Ohio, "
                  "when it went off and killed one of them.", "2016-08-25")
    assert (event.date.start, event.date.precision) == (date(2016, 7, 15), "day")
    # two Mondays fall in late August: no day can be told
    coarse = _only("On a Monday in late August a man was shot in Xenia, Ohio.", "2016-09-25")
    assert coarse.date.precision == "range"


def test_a_day_inside_the_month_of_the_headline_event_tells_more_of_it():
    from eventcoder.detect import _refines
    from eventcoder.schema import EventDate

    july = EventDate(start=date(2016, 7, 1), end=date(2016, 7, 31), precision="month")
    assert _refines(EventDate(start=date(2016, 7, 15), end=date(2016, 7, 15), precision="day"), july)
    assert not _refines(EventDate(start=date(2016, 8, 2), end=date(2016, 8, 2), precision="day"), july)
    event = _only("A boy of 16 now faces a manslaughter count in the July shooting of a friend in Xenia, Ohio. "
                  "On July 15, the boys were playing with a rifle when it went off and killed the friend.",
                  "2016-08-25")
    assert (event.date.start, event.date.precision) == (date(2016, 7, 15), "day")


def test_the_outlet_town_after_the_headline_picks_the_county_near_it():
    # "Marion County" is in many states; a Shreveport station's story is about the one near it
    text = "A toddler was shot in the arm at a home in Marion County on Monday night, deputies said."
    near = _only(text, "2016-07-12", title="Toddler wounded at home - KXYZ 9 Shreveport, Louisiana")
    assert (near.location.name, near.location.admin1) == ("Marion County", "Texas")
    assert _only(text, "2016-07-12").location.admin1 == "Indiana"  # the biggest, with nothing to go by


def test_a_truce_told_with_fighting_is_no_part_of_the_fighting():
    events = eventcoder.extract("Rebels shelled a market in Marib on Thursday, killing four. Fighting around the city "
                                "had largely stopped after a truce in April 2022.", id="t")  # no publication date
    assert sorted(e.sub_event_type for e in events) == ["Agreement", "Shelling/artillery/missile attack"]
