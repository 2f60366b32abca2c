"""Fusion decisions and the fused record, on hand-made mentions."""

from datetime import date

from eventcoder import fuse
from eventcoder.schema import Actor, Count, CountReport, Event, EventDate, Evidence, Location

KABUL = dict(name="Kabul", country_code="AF", admin1="Kabul", lat=34.5253, lon=69.1783, precision="town", geo_precision=1)
KABUL_EAST = dict(name="Shashdarak", country_code="AF", admin1="Kabul", lat=34.53, lon=69.20, precision="town", geo_precision=1)
JALALABAD = dict(name="Jalalabad", country_code="AF", admin1="Nangarhar", lat=34.4265, lon=70.4515, precision="town", geo_precision=1)
AFGHANISTAN = dict(name="Afghanistan", country_code="AF", lat=33.0, lon=66.0, precision="country", geo_precision=3)


def count(value: int | None, doc_id: str, source: str = "police") -> Count:
    report = CountReport(value=value, min=value, max=value, source=source, doc_id=doc_id)
    return Count(best=value, min=value, max=value, reports=[report])


def event(doc_id: str, day: str | None, place: dict, killed: int | None = None, injured: int | None = None,
          precision: str = "day", sub_type: str = "Remote explosive/landmine/IED", perpetrator: str | None = "Taliban",
          text: str = "A car bomb exploded near a checkpoint.", trigger: int = 0) -> Event:
    start = date.fromisoformat(day) if day else None
    end = start
    if precision == "week" and start:
        end = date.fromordinal(start.toordinal() + 6)
    return Event(
        id=Event.make_id(doc_id, trigger, trigger + 8, "car bomb"),
        doc_ids=[doc_id],
        event_type="Explosions/Remote violence" if sub_type != "Attack" else "Violence against civilians",
        sub_event_type=sub_type,
        date=EventDate(start=start, end=end, precision=precision if start else None),
        location=Location(**place),
        actors=[Actor(name=perpetrator, role="perpetrator", text=perpetrator)] if perpetrator else [],
        fatalities=count(killed, doc_id) if killed is not None else None,
        injured=count(injured, doc_id) if injured is not None else None,
        confidence=0.8,
        evidence=[Evidence(doc_id=doc_id, start=0, end=len(text), text=text, field="clause")]
        + ([Evidence(doc_id=doc_id, start=0, end=len(day), text=day, field="date")] if day and precision == "day" else []),
    )


def mention(ev: Event, published: str, original: str = "") -> fuse.Mention:
    return fuse.Mention(event=ev, doc_id=ev.doc_ids[0], published=date.fromisoformat(published), original_doc_id=original)


def test_two_reports_of_one_bombing_join_and_say_why():
    first = event("ap", "2019-09-05", KABUL, killed=10, injured=42)
    second = event("tolo", "2019-09-05", KABUL_EAST, killed=10, injured=42)
    decision = fuse.decide(mention(second, "2019-09-05"), [first])
    assert decision.event_id == first.id
    assert decision.score >= fuse.THRESHOLD
    assert "same day" in decision.reasons and "fatalities agree (10)" in decision.reasons


def test_the_same_place_five_days_later_is_another_incident():
    first = event("ap", "2019-09-05", KABUL, killed=10)
    later = event("ap2", "2019-09-10", KABUL, killed=10)
    decision = fuse.decide(mention(later, "2019-09-10"), [first])
    assert decision.event_id is None
    assert "5 days apart" in decision.reasons


def test_the_same_day_in_another_town_is_another_incident():
    kabul = event("ap", "2019-09-05", KABUL, killed=10, injured=40)
    jalalabad = event("pajhwok", "2019-09-05", JALALABAD, killed=10, injured=40)
    decision = fuse.decide(mention(jalalabad, "2019-09-05"), [kabul])
    assert decision.event_id is None
    assert any(r.startswith("different places") for r in decision.reasons)


def test_different_figures_count_against_the_same_incident():
    first = event("a", "2019-09-05", AFGHANISTAN, killed=3, perpetrator=None, text="A bomb hit a bus in the north.")
    other = event("b", "2019-09-05", AFGHANISTAN, killed=40, perpetrator=None, text="A car bomb exploded at a rally.")
    decision = fuse.decide(mention(other, "2019-09-05"), [first])
    assert decision.event_id is None
    assert "fatalities differ (40 / 3)" in decision.reasons


def test_blocking_window_spans_the_event_dates_plus_a_day():
    assert fuse.blocking_window(event("a", "2019-09-05", KABUL)) == (date(2019, 9, 4), date(2019, 9, 6))
    week = event("a", "2019-09-01", KABUL, precision="week")
    told = week.model_copy(update={"date": week.date.model_copy(update={"text": "last week"})})
    assert fuse.blocking_window(told) == (date(2019, 8, 31), date(2019, 9, 8))
    assert fuse.blocking_window(week) == (date(2019, 8, 7), date(2019, 9, 8))  # undated: looks back 30 days
    assert fuse.blocking_window(event("a", None, KABUL)) == (None, None)


def test_merge_takes_the_most_precise_date_and_place_and_keeps_every_source():
    vague = event("early", "2019-09-01", AFGHANISTAN, killed=12, precision="week")
    precise = event("late", "2019-09-05", KABUL, killed=10)
    fused = fuse.merge(vague.id, [mention(vague, "2019-09-06"), mention(precise, "2019-09-07")])
    assert fused.id == vague.id
    assert fused.doc_ids == ["early", "late"]
    assert (fused.date.start, fused.date.precision) == (date(2019, 9, 5), "day")
    assert fused.location.name == "Kabul"
    assert [r.doc_id for r in fused.fatalities.reports] == ["early", "late"]
    assert fused.fatalities.best == 10  # the most conservative figure
    assert (fused.fatalities.min, fused.fatalities.max) == (10, 12)
    assert fused.independent_sources == 2
    assert fused.fusion_reasons and fused.fusion_reasons[0].startswith("late joins early: ")


def test_a_syndicated_copy_is_one_source():
    wire = event("wire", "2019-09-05", KABUL, killed=10)
    copy = event("copy", "2019-09-05", KABUL, killed=10)
    decision = fuse.decide(mention(copy, "2019-09-05", original="wire"), [wire])
    assert decision.event_id == wire.id and "syndicated copy of wire" in decision.reasons
    fused = fuse.merge(wire.id, [mention(wire, "2019-09-05"), mention(copy, "2019-09-05", original="wire")])
    assert fused.doc_ids == ["wire", "copy"]
    assert fused.independent_sources == 1
    assert [r.doc_id for r in fused.fatalities.reports] == ["wire"]


def test_repeats_within_one_article_fuse_but_its_dated_events_stay_apart():
    told = event("doc", "2019-09-05", KABUL, killed=10, trigger=0)
    retold = event("doc", "2019-09-05", KABUL, killed=10, trigger=200)
    next_day = event("doc", "2019-09-06", KABUL, killed=10, trigger=400)
    fused = fuse.cluster([mention(told, "2019-09-06"), mention(retold, "2019-09-06"), mention(next_day, "2019-09-06")])
    assert [(e.id, e.date.start) for e in fused] == [(told.id, date(2019, 9, 5)), (next_day.id, date(2019, 9, 6))]


def test_cluster_keeps_the_first_mentions_id_and_separates_incidents():
    reports = [
        mention(event("ap", "2019-09-05", KABUL, killed=10), "2019-09-05"),
        mention(event("pajhwok", "2019-09-05", JALALABAD, killed=10), "2019-09-05"),
        mention(event("tolo", "2019-09-05", KABUL_EAST, killed=10), "2019-09-06"),
        mention(event("ap2", "2019-09-09", KABUL, killed=3), "2019-09-09"),
    ]
    fused = fuse.cluster(reports)
    assert [e.doc_ids for e in fused] == [["ap", "tolo"], ["pajhwok"], ["ap2"]]
    assert fused[0].id == reports[0].event.id


def test_a_part_of_a_toll_neither_agrees_with_nor_contradicts_a_higher_toll():
    first = event("ap", "2019-09-05", KABUL, killed=4)
    partial = event("tolo", "2019-09-05", KABUL_EAST)
    report = CountReport(value=1, min=1, max=1, qualifier="among", doc_id="tolo")  # "the driver died"
    partial = partial.model_copy(update={"fatalities": Count(best=1, min=1, max=1, reports=[report])})
    reasons = fuse.compare(partial, first).reasons
    assert not any(r.startswith("fatalities") for r in reasons)


def test_an_arrest_report_is_no_veto_but_needs_strong_evidence():
    shooting = event("ap", "2019-09-05", KABUL, killed=2, perpetrator=None, sub_type="Attack",
                     text="Two men were shot dead by Jawad Karimi at a wedding in Kabul.")
    arrest = event("tolo", "2019-09-05", KABUL_EAST, killed=2, perpetrator=None,
                   text="Police arrested Jawad Karimi after two men were shot dead at a wedding.")
    arrest = arrest.model_copy(update={"event_type": "Strategic developments", "sub_event_type": "Arrests"})
    joined = fuse.compare(arrest, shooting)
    assert joined.veto is None and joined.score >= fuse.THRESHOLD
    assert any(r.startswith("types differ") for r in joined.reasons)
    bare = arrest.model_copy(update={"fatalities": None, "evidence": arrest.evidence[1:]})
    assert fuse.compare(bare, shooting).score < fuse.THRESHOLD


def test_an_unplaced_report_needs_more_than_the_day_and_the_type():
    placed = event("ap", "2019-09-05", KABUL)
    unplaced = event("tolo", "2019-09-05", {}, perpetrator=None, text="A bomb went off.")
    decision = fuse.decide(mention(unplaced, "2019-09-05"), [placed])
    assert decision.event_id is None and "no place to compare" in decision.reasons


def test_a_wounded_figure_from_people_shot_drops_when_another_source_tells_the_death():
    early = event("ap", "2019-09-05", KABUL)
    shot = CountReport(value=1, min=1, max=1, qualifier="shot, not killed", doc_id="ap")  # "a man was shot"
    early = early.model_copy(update={"injured": Count(best=1, min=1, max=1, reports=[shot])})
    later = event("tolo", "2019-09-06", KABUL_EAST, killed=1)
    fused = fuse.merge(early.id, [mention(early, "2019-09-05"), mention(later, "2019-09-06")])
    assert fused.fatalities.best == 1 and fused.injured.best == 0


def test_a_told_wounded_figure_loses_the_deaths_a_later_source_reports():
    # "two guards were wounded", then "one of the guards has died": 1 killed, 1 wounded
    early = event("ap", "2019-09-05", KABUL, injured=2)
    later = event("tolo", "2019-09-06", KABUL_EAST, killed=1)
    fused = fuse.merge(early.id, [mention(early, "2019-09-05"), mention(later, "2019-09-06")])
    assert (fused.fatalities.best, fused.injured.best) == (1, 1)
    assert [r.value for r in fused.injured.reports] == [2]  # each source's own figure, as told
    # a later source that knows of no more deaths lowers nothing
    calm = event("tolo", "2019-09-06", KABUL_EAST, injured=2)
    assert fuse.merge(early.id, [mention(early, "2019-09-05"), mention(calm, "2019-09-06")]).injured.best == 2


def test_two_different_state_forces_are_no_evidence_of_two_incidents():
    police = Actor(name="Police Forces of Afghanistan", role="perpetrator", text="police", actor_type=1)
    army = Actor(name="Military Forces of Afghanistan", role="perpetrator", text="troops", actor_type=1)
    first = event("ap", "2019-09-05", KABUL, perpetrator=None).model_copy(update={"actors": [police]})
    second = event("tolo", "2019-09-05", KABUL_EAST, perpetrator=None).model_copy(update={"actors": [army]})
    assert not any(r.startswith("different perpetrators") for r in fuse.compare(second, first).reasons)
    rebels = event("bbc", "2019-09-05", KABUL_EAST, perpetrator="Taliban")
    assert any(r.startswith("different perpetrators") for r in fuse.compare(rebels, first).reasons)


def test_an_undated_follow_up_looks_back_weeks_but_needs_strong_evidence():
    first = event("ap", "2019-09-05", KABUL, killed=10)
    follow_up = event("charges", "2019-09-16", KABUL_EAST, killed=10, precision="week")  # no date told: its week
    low, high = fuse.blocking_window(follow_up)
    assert low <= date(2019, 9, 5) <= high
    decision = fuse.decide(mention(follow_up, "2019-09-22"), [first])
    assert decision.event_id == first.id and "undated report, published after it" in decision.reasons
    other_toll = event("other", "2019-09-16", KABUL_EAST, killed=3, precision="week")
    assert fuse.decide(mention(other_toll, "2019-09-22"), [first]).event_id is None


def test_a_dated_report_weeks_later_and_an_undated_one_months_later_stay_apart():
    first = event("ap", "2019-09-05", KABUL, killed=10)
    dated = event("later", "2019-09-16", KABUL, killed=10)
    assert fuse.compare(dated, first).veto == "11 days apart"
    months = event("months", "2019-11-25", KABUL, killed=10, precision="week")
    low, _ = fuse.blocking_window(months)
    assert low > date(2019, 9, 5)
    assert fuse.compare(months, first).veto == "dates do not overlap"


def named(ev: Event, *people: str) -> Event:
    return ev.model_copy(update={"people": sorted(people)})


def test_the_same_people_join_a_follow_up_dated_by_its_own_news_and_a_namesake_town():
    shooting = named(event("local", "2019-09-05", KABUL, killed=1, sub_type="Attack"), "kevin morales", "tomas ferreira")
    charges = named(event("charges", "2019-09-19", KABUL, killed=1, sub_type="Attack"), "kevin morales")
    decision = fuse.decide(mention(charges, "2019-09-19"), [shooting])
    assert decision.event_id == shooting.id
    assert "same people named: kevin morales" in decision.reasons
    assert "14 days apart, but the same people" in decision.reasons
    elsewhere = named(event("wire", "2019-09-05", JALALABAD, killed=1, sub_type="Attack"), "kevin morales", "tomas ferreira")
    assert fuse.decide(mention(elsewhere, "2019-09-06"), [shooting]).event_id == shooting.id
    one_name = named(elsewhere, "kevin morales")
    assert fuse.compare(one_name, shooting).veto == "different places, 117 km apart"


def test_two_of_the_same_people_outweigh_a_namesake_placed_in_another_country():
    shooting = named(event("local", "2019-09-05", KABUL, killed=1, sub_type="Attack"), "kevin morales", "tomas ferreira")
    abroad = dict(name="Morales", country_code="GT", admin1="Izabal", lat=15.47, lon=-88.82, precision="town", geo_precision=1)
    surname_placed = named(event("wire", "2019-09-05", abroad, killed=1, sub_type="Attack"), "kevin morales", "tomas ferreira")
    decision = fuse.decide(mention(surname_placed, "2019-09-06"), [shooting])
    assert decision.event_id == shooting.id
    assert "different countries (GT / AF), but the same people" in decision.reasons
    assert fuse.compare(named(surname_placed, "kevin morales"), shooting).veto == "different countries (GT / AF)"


def test_a_person_many_incidents_name_is_a_public_figure_and_no_evidence():
    strikes = [named(event(f"s{i}", f"2019-09-{i + 1:02d}", KABUL, killed=3, trigger=i), "ashraf ghani") for i in range(5)]
    later = named(event("later", "2019-09-12", KABUL, killed=3, trigger=40), "ashraf ghani")
    decision = fuse.decide(mention(later, "2019-09-12"), strikes)
    assert decision.event_id is None
    assert not any("same people" in r for r in decision.reasons)
    assert fuse.decide(mention(later, "2019-09-12"), strikes[:1]).event_id == strikes[0].id  # one report naming him: a victim


def test_a_trial_months_later_needs_two_of_the_same_people():
    shooting = named(event("local", "2019-09-05", KABUL, killed=1, sub_type="Attack"), "kevin morales", "tomas ferreira")
    trial = named(event("trial", "2020-03-02", KABUL, killed=1, sub_type="Attack"), "kevin morales", "tomas ferreira")
    assert fuse.decide(mention(trial, "2020-03-02"), [shooting]).event_id == shooting.id
    one_name = named(trial, "kevin morales")
    assert fuse.compare(one_name, shooting).veto == "179 days apart"
    nobody = named(trial)
    assert fuse.people_window(nobody) == (None, None)


def test_cluster_finds_the_events_that_name_a_mentions_people_at_any_date_and_merge_keeps_them():
    shooting = named(event("local", "2019-09-05", KABUL, killed=1, sub_type="Attack"), "kevin morales", "tomas ferreira")
    trial = named(event("trial", "2020-03-02", KABUL, killed=1, sub_type="Attack", trigger=40), "kevin morales", "tomas ferreira", "ana ruiz")
    fused = fuse.cluster([mention(shooting, "2019-09-05"), mention(trial, "2020-03-02")])
    assert len(fused) == 1
    assert fused[0].people == ["ana ruiz", "kevin morales", "tomas ferreira"]
    assert fused[0].date.start == date(2019, 9, 5)


def test_an_articles_dated_sentences_about_the_same_two_people_are_one_incident():
    shot = named(event("doc", "2019-09-05", KABUL, killed=1, sub_type="Attack", trigger=0), "kevin morales", "tomas ferreira")
    status = named(event("doc", "2019-09-06", KABUL, killed=1, sub_type="Attack", trigger=200), "kevin morales", "tomas ferreira")
    assert len(fuse.cluster([mention(shot, "2019-09-07"), mention(status, "2019-09-07")])) == 1
    one = named(status, "kevin morales")
    assert fuse.compare(one, shot).veto == "told apart by date in the same article"
