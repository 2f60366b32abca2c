"""Casualty figures: categories, number forms, qualifiers, ranges, attribution and the best figure.

All sentences are written for these tests in the style of wire copy.
"""

from __future__ import annotations

import pytest

from eventcoder.schema import CountReport
from eventcoder.slots.counts import (
    HEADLINE,
    PARTIAL,
    SHOT_NOT_KILLED,
    best_count,
    find_counts,
    find_headline_counts,
    is_claim,
    tells_whole,
    wounded_given,
)

# (sentence, expected mentions as (category, value, min, max, qualifier, victim))
CASES = [
    # categories, both word orders
    ("Gunmen killed 14 villagers in an overnight raid on the settlement.",
     [("fatalities", 14, 14, 14, None, "villagers")]),
    ("Seven soldiers were killed when their convoy struck a roadside bomb.",
     [("fatalities", 7, 7, 7, None, "soldiers")]),
    ("Militants seized 17 construction workers near the border.",
     [("kidnapped", 17, 17, 17, None, "workers")]),
    ("Some 45 miners were taken hostage at the site.",
     [("kidnapped", 45, None, None, "some", "miners")]),
    ("Rebels freed 12 hostages on Sunday.",
     [("released", 12, 12, 12, None, "hostages")]),
    ("Eight aid workers were released after three weeks in captivity.",
     [("released", 8, 8, 8, None, "workers")]),
    ("The assailants beheaded nine farmers in the village.",
     [("fatalities", 9, 9, 9, None, "farmers")]),
    ("The kidnapping of 23 passengers prompted a manhunt.",
     [("kidnapped", 23, 23, 23, None, "passengers")]),
    ("Footage showed the beheading of 13 captured Kenyan truck drivers on a riverbank.",
     [("fatalities", 13, 13, 13, None, "drivers")]),
    ("The clashes resulted in the death of 6 smugglers near the oasis.",
     [("fatalities", 6, 6, 6, None, "smugglers")]),
    ("Rescuers pulled eleven more bodies from the rubble.",
     [("fatalities", 11, 11, 11, None, "bodies")]),
    ("Witnesses said 20-25 bodies lay in the square.",
     [("fatalities", None, 20, 25, None, "bodies")]),
    ("Ten wounded soldiers were evacuated by helicopter.",
     [("injured", 10, 10, 10, None, "soldiers")]),
    ("The attack left 3 dead and 12 wounded.",
     [("fatalities", 3, 3, 3, None, None), ("injured", 12, 12, 12, None, None)]),
    ("At least 16 people died and 30 were injured when the bus was bombed.",
     [("fatalities", 16, 16, None, "at least", "people"), ("injured", 30, 30, 30, None, None)]),
    ("The attackers killed one person and injured four others.",
     [("fatalities", 1, 1, 1, None, "person"), ("injured", 4, 4, 4, None, "others")]),
    ("The militants fired 30 rockets at the town, wounding 5.",
     [("injured", 5, 5, 5, None, None)]),
    ("In the second raid, the drone killed 11 more fighters.",
     [("fatalities", 11, 11, 11, None, "fighters")]),
    ("According to the health ministry, 22 people lost their lives in the strike.",
     [("fatalities", 22, 22, 22, None, "people")]),
    ("The death toll rose to 31 on Tuesday.", [("fatalities", 31, 31, 31, None, None)]),
    ("The death toll from the bombing rose from 19 to 26.",
     [("fatalities", 26, 26, 26, None, None)]),
    ("The death toll of at least 12 is expected to rise.",
     [("fatalities", 12, 12, None, "at least", None)]),
    ("The explosion killed the 2 bombers.", [("fatalities", 2, 2, 2, None, "bombers")]),
    ("Six people were wounded, two of them seriously.",
     [("injured", 6, 6, 6, None, "people")]),
    ("Two of them were killed on the spot.", [("fatalities", 2, 2, 2, None, None)]),
    ("Twelve people, among them a district judge, were abducted at the ferry crossing.",
     [("kidnapped", 12, 12, 12, None, "people")]),
    ("The village council listed eight farmers on its website as among those killed.",
     [("fatalities", 8, 8, None, "among", "farmers")]),
    # number words and articles
    ("The blast killed twenty-one people and wounded dozens more.",
     [("fatalities", 21, 21, 21, None, "people"), ("injured", None, 24, None, "dozens", None)]),
    ("A policeman was killed and two passers-by were hurt in the shooting.",
     [("fatalities", 1, 1, 1, None, "policeman"), ("injured", 2, 2, 2, None, "passers-by")]),
    ("A 25-year-old man was killed when the grenade exploded.",
     [("fatalities", 1, 1, 1, None, "man")]),
    ("A dozen security personnel were wounded in the ambush.",
     [("injured", 12, 12, 12, None, "personnel")]),
    ("Two hundred and fifty prisoners were freed in the jailbreak.",
     [("released", 250, 250, 250, None, "prisoners")]),
    ("Dozens of people were wounded in the clashes.",
     [("injured", None, 24, None, "dozens", "people")]),
    ("Scores of villagers were abducted by the militia.",
     [("kidnapped", None, 40, None, "scores", "villagers")]),
    ("The fighting has killed thousands of people since the spring.",
     [("fatalities", None, 2000, None, "thousands", "people")]),
    ("Several people were hurt in the stampede.",
     [("injured", None, 2, None, "several", "people")]),
    # qualifiers
    ("Nearly 40 people were injured in the explosion.",
     [("injured", 40, None, 40, "nearly", "people")]),
    ("Up to 60 students were abducted from the boarding school.",
     [("kidnapped", None, None, 60, "up to", "students")]),
    ("About 30 people were kidnapped by armed men on the highway.",
     [("kidnapped", 30, None, None, "about", "people")]),
    ("More than 200 people have been killed since the offensive began.",
     [("fatalities", 200, 200, None, "more than", "people")]),
    ("An estimated 1,200 civilians were killed in the siege.",
     [("fatalities", 1200, None, None, "an estimated", "civilians")]),
    ("Over 100 people were taken hostage in the raid.",
     [("kidnapped", 100, 100, None, "over", "people")]),
    ("Gunmen abducted more than a dozen passengers on the road.",
     [("kidnapped", 12, 12, None, "more than", "passengers")]),
    ("Almost 90 detainees were released under the amnesty.",
     [("released", 90, None, 90, "almost", "detainees")]),
    ("Another 4 policemen were wounded in a second ambush.",
     [("injured", 4, 4, 4, None, "policemen")]),
    # ranges
    ("Between 10 and 15 worshippers were killed in the mosque bombing.",
     [("fatalities", None, 10, 15, "between", "worshippers")]),
    ("Medics said 10 to 15 people died.", [("fatalities", None, 10, 15, None, "people")]),
    ("Two or three herders were shot dead at the well.",
     [("fatalities", None, 2, 3, None, "herders")]),
    # coordinated figures
    ("Five soldiers and two civilians were killed in the crossfire.",
     [("fatalities", 5, 5, 5, None, "soldiers"), ("fatalities", 2, 2, 2, None, "civilians")]),
    ("The raid killed 6 fighters, 2 women and a child.",
     [("fatalities", 6, 6, 6, None, "fighters"), ("fatalities", 2, 2, 2, None, "women"),
      ("fatalities", 1, 1, 1, None, "child")]),
    ("Security forces killed 3 suspects and arrested 14 others.",
     [("fatalities", 3, 3, 3, None, "suspects")]),
    ("Three gunmen killed two guards at the gate.",
     [("fatalities", 2, 2, 2, None, "guards")]),
    ("After the 12 rebels left, about 40 villagers have died of hunger.",
     [("fatalities", 40, None, None, "about", "villagers")]),
    # combined killed-or-wounded figures
    ("Thirteen people were either killed or wounded in the blast.",
     [("casualties", 13, 13, 13, None, "people")]),
    ("The bombing caused 45 casualties, medics said.",
     [("casualties", 45, 45, 45, None, "casualties")]),
    ("The shelling killed or wounded 18 people.", [("casualties", 18, 18, 18, None, "people")]),
    ("Twenty-nine people, most of them soldiers, were killed and injured, the army said.",
     [("casualties", 29, 29, 29, None, "people")]),
    # local crime reporting: ages, pronouns, people shot
    ("Daniel Marsh, 27, of Elmwood, died at the scene.", [("fatalities", 1, 1, 1, "among", None)]),
    ("Daniel Marsh, 27, was pronounced dead at a hospital.", [("fatalities", 1, 1, 1, "among", None)]),
    ("A 9-year-old boy died after the shooting.", [("fatalities", 1, 1, 1, None, "boy")]),
    ("12-year-old dies after shooting at a cousin's house", [("fatalities", 1, 1, 1, "among", None)]),
    ("17-year-old girl fatally shot outside a diner", [("fatalities", 1, 1, 1, "among", "girl")]),
    ("Deputies said 41 year old Ruth Alder died at the hospital.",
     [("fatalities", 1, 1, 1, "among", "Alder")]),
    ("He died at the hospital on Sunday.", [("fatalities", 1, 1, 1, "among", None)]),
    ("Three people were shot and wounded outside the bar.", [("injured", 3, 3, 3, None, "people")]),
    ("Two men were shot, one fatally.",
     [("shot", 2, 2, 2, None, "men"), ("fatalities", 1, 1, 1, None, None)]),
    ("Seven Shot, One Killed Near Gas Station",
     [("shot", 7, 7, 7, None, None), ("fatalities", 1, 1, 1, None, None)]),
    ("The gunman shot four people before he fled.", [("shot", 4, 4, 4, None, "people")]),
    ("A man fatally shot his neighbour in the yard.", [("fatalities", 1, 1, 1, "among", "neighbour")]),
    ("Detectives are investigating the fatal shooting of a 19-year-old man on Pine Street.",
     [("fatalities", 1, 1, 1, None, "man")]),
    ("The teen was in the 3400 block of Pine Street when he was shot.",
     [("shot", 1, 1, 1, "among", None)]),
    ("Detectives are investigating the shooting of two men on Pine Street.",
     [("shot", 2, 2, 2, None, "men")]),
    # two people told by two nouns of one person: two sexes, two generations, two relatives of one
    ("A 9-year-old girl and father were shot dead on the porch.",
     [("fatalities", 2, 2, 2, None, "father")]),
    ("A man and woman were wounded outside the diner.", [("injured", 2, 2, 2, None, "woman")]),
    ("A wife and mother of four was killed in the crash.", [("fatalities", 1, 1, 1, None, "mother")]),
    ("Her brother and grandmother were hurt in the blast.",
     [("injured", 2, 2, 2, "among", "grandmother")]),
    ("Deputies found his uncle and 9-year-old cousin dead.",
     [("fatalities", 2, 2, 2, "among", "cousin")]),
    ("A couple were found dead of gunshot wounds in a barn.", [("fatalities", 2, 2, 2, None, "couple")]),
    ("A couple of bystanders were hurt.",
     [("injured", None, 2, None, "a couple of", "bystanders")]),
    ("A couple and their two sons were found dead.",
     [("fatalities", 2, 2, 2, None, "couple"), ("fatalities", 2, 2, 2, None, "sons")]),
    # whose relative the victim is, not another victim
    ("The daughter of a local pastor was killed.", [("fatalities", 1, 1, 1, "among", "daughter")]),
    ("A father of three was shot and wounded.", [("injured", 1, 1, 1, None, "father")]),
    # a noun beginning with "of" is no partitive
    ("Two officers were hurt in the crash.", [("injured", 2, 2, 2, None, "officers")]),
    ("All three men involved in the brawl have since died.", [("fatalities", 3, 3, 3, None, "men")]),
    # people in hospital: a condition is often told of some of the wounded only
    ("Her husband is listed in serious condition.", [("injured", 1, 1, None, "among", "husband")]),
    ("Two teens remain in stable condition.", [("injured", 2, 2, None, "among", "teens")]),
    ("Another bystander was hospitalized.", [("injured", 1, 1, 1, None, "bystander")]),
    # an n-th person or an "as were" figure completes the figure before it
    ("Two women died on the spot and the third woman died in hospital.",
     [("fatalities", 3, 3, 3, None, "women")]),
    ("Three adults were found dead, as were two children.",
     [("fatalities", 5, 5, 5, None, "adults")]),
    ("A guard was wounded, as was a passer-by.", [("injured", 2, 2, 2, None, "guard")]),
    # a time after a bare participle is no object: "wounded early Sunday" is passive
    ("The fire left a boy dead and his aunt wounded early Sunday.",
     [("fatalities", 1, 1, 1, None, "boy"), ("injured", 1, 1, 1, "among", "aunt")]),
    # a tally of several events is no figure of one; one person in it still is
    ("Three drivers were hurt in separate incidents on the highway.", []),
    ("One woman died in the second of two unrelated shootings.", [("fatalities", 1, 1, 1, None, "woman")]),
    ("Police are looking into two shootings on Friday that left two cyclists dead.", []),
    # lower-case wire copy
    ("the army reported that about 50 villagers of all ages have been kidnapped.",
     [("kidnapped", 50, None, None, "about", "villagers")]),
    ("meanwhile, three rebels were killed and seven others were wounded.",
     [("fatalities", 3, 3, 3, None, "rebels"), ("injured", 7, 7, 7, None, "others")]),
]  # fmt: skip

NEGATIVES = [
    "Estimates of the number of rebels in the hills ranged from 2,000 to 4,000.",
    "Around 600 fighters were stationed in the valley, including up to 150 who had returned.",
    "The militia has about 5,000 members.",
    "The government sent 2,000 troops to the region.",
    "The coalition carried out nearly 400 airstrikes on the city last month.",
    "Drones conducted four aerial attacks on the district.",
    "The group has staged three attacks on the pipeline.",
    "The victim, aged 34, was a local shopkeeper.",
    "A 19-year-old was arrested at the checkpoint.",
    "The convoy was ambushed 45 km north of the capital.",
    "The town lies 120 miles from the coast.",
    "The 312 Mechanized Brigade was deployed to the front.",
    "The insurgency began in 2009 and spread to three provinces.",
    "Officials offered a reward of $50,000 for information.",
    "Turnout fell to 35 percent in the district.",
    "The attack happened at 6 pm on Friday.",
    "It was the fourth attack on the base this year.",
    "It was one of the deadliest attacks in the region in a decade.",
    "No one was hurt in the blast.",
    "It was the second time in 3 years that the town was attacked.",
    "Three others had escaped, he said.",
    "The bomb went off at 10:45 near the market.",
    "Four attackers killed guards at the gate.",
    "Troops seized 40 vehicles and 12 rifles at the depot.",
    "Government forces captured 3 villages in the offensive.",
    "The group released 2 videos of the ambush.",
    "The assault killed 3 years of negotiations, the envoy said.",
    "Officers found four people shot at the house on Elm Road.",
    "Neighbors heard gunfire around 5 p.m. on Friday.",
    "The shooting on Oct. 4 died down in the news by Sunday morning.",
    "Lena Ortiz, 16, was a junior at the high school.",
    "He told police he was nearly 6 months behind on rent.",
    "The suspect turned himself in to police.",
]

SOURCES = [
    ("Police said 4 people were shot dead at the market.", "Police"),
    ("According to the health ministry, 22 people were killed in the strike.",
     "the health ministry"),
    ("Six hostages were executed by the cell, the monitor said.", "the monitor"),
    ("At least 7 people were injured, a hospital official told Reuters.",
     "a hospital official (Reuters)"),
    ("A farmer told AFP on Sunday that 8 people had been abducted.", "a farmer (AFP)"),
    ("Fighters loyal to the commander killed 19 rival militiamen, residents said.", "residents"),
    ("The ministry listed 14 soldiers on its website as among those killed in the raid.",
     "the ministry's website"),
    ("Unverified reports put the death toll at 60.", None),
    ("The rebels claimed responsibility for the attack, which killed 8 soldiers.", None),
    ("The agency said in a statement that 40 troops were killed.", "the agency"),
    ("The monitor said the strike \u2014 which locals said hit a school \u2014 killed 9 pupils.",
     "the monitor"),
    ("Hundreds were killed in the massacre, survivors said.", "survivors"),
]  # fmt: skip

CLAIMS = [
    ("The army said it had killed 35 insurgents in the operation.", "the army (claim)"),
    ("The group claimed it killed 50 soldiers, a figure the army denied.", "the group (claim)"),
    ("The faction, which made its claim on a messaging app, said 29 people were killed.",
     "the faction (claim)"),
    ("The group said on its Telegram channel that its fighters killed 40 troops.",
     "the group's Telegram channel (claim)"),
]  # fmt: skip


def _shape(text: str) -> list[tuple[object, ...]]:
    return [
        (m.category, m.report.value, m.report.min, m.report.max, m.report.qualifier, m.victim)
        for m in find_counts(text)
    ]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_counts(text: str, expected: list[tuple[object, ...]]) -> None:
    assert _shape(text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_casualty_figure(text: str) -> None:
    assert find_counts(text) == []


@pytest.mark.parametrize(
    ("text", "source", "claim"),
    [(t, s, False) for t, s in SOURCES] + [(t, s, True) for t, s in CLAIMS],
)
def test_source(text: str, source: str | None, claim: bool) -> None:
    (mention,) = find_counts(text)
    assert mention.report.source == source
    assert mention.claim is claim


def test_claim_flag_and_combined() -> None:
    (claim,) = find_counts(CLAIMS[0][0])
    assert claim.claim and is_claim(claim.report)
    (independent,) = find_counts(SOURCES[0][0])
    assert not independent.claim
    (combined,) = find_counts("Thirteen people were either killed or wounded in the blast.")
    assert combined.report.combined == "killed or wounded"
    assert find_counts("Seven soldiers were killed.")[0].report.combined is None


def test_pronoun_speaker_takes_earlier_named_speaker() -> None:
    text = (
        "A shepherd told Reuters that nine villagers died in the raid over the weekend. "
        "Two more were later abducted, he said."
    )
    mentions = find_counts(text)
    assert [(m.category, m.report.value) for m in mentions] == [
        ("fatalities", 9),
        ("kidnapped", 2),
    ]
    assert {m.report.source for m in mentions} == {"a shepherd (Reuters)"}


def test_offsets_and_text() -> None:
    text = "The market was quiet. Later, gunmen killed at least nine traders."
    (mention,) = find_counts(text, offset=100)
    assert mention.report.text == "at least nine traders"
    assert text[mention.report.start - 100 : mention.report.end - 100] == mention.report.text


def test_attribution_stays_in_its_sentence() -> None:
    text = "Police said the road was closed. Five people were killed in the blast."
    (mention,) = find_counts(text)
    assert mention.report.source is None


# --- best_count -----------------------------------------------------------------------------


def _r(
    value: int | None = None,
    low: int | None = None,
    high: int | None = None,
    source: str | None = None,
    combined: str | None = None,
) -> CountReport:
    return CountReport(value=value, min=low, max=high, source=source, combined=combined)


BEST = [
    # (reports, best, min, max)
    ([], None, None, None),
    ([_r(9, 9, 9)], 9, 9, 9),
    # the most conservative firm figure; "at least 9" counts as 9
    ([_r(9, 9, None, "officials"), _r(6, 6, 6, "the town's website"), _r(9, 9, 9, "a resident")],
     6, 6, 9),
    # a combined killed-or-wounded figure is never the fatality figure
    ([_r(29, 29, 29, "the group (claim)", "killed or wounded"), _r(9, 9, None, "officials")],
     9, 9, 9),
    # independent reports beat the perpetrator's claim, even when the claim is lower
    ([_r(50, 50, 50, "the group (claim)"), _r(12, 12, 12, "police"), _r(3, 3, 3, "x (claim)")],
     12, 12, 12),
    # the claim is used when no independent report is firm
    ([_r(None, 2, None, "residents"), _r(40, 40, 40, "the army (claim)")], 40, 40, 40),
    # a range counts at its low end
    ([_r(None, 10, 15, "medics"), _r(14, 14, 14, "police")], 10, 10, 15),
    # vague and capped reports are never firm
    ([_r(None, 24, None, "witnesses"), _r(None, None, 300, "activists")], None, 24, 300),
    # approximate and near figures count at their stated value
    ([_r(500, None, 500, "monitors"), _r(480, None, None, "medics")], 480, 480, 500),
]  # fmt: skip


@pytest.mark.parametrize(("reports", "best", "low", "high"), BEST)
def test_best_count(
    reports: list[CountReport], best: int | None, low: int | None, high: int | None
) -> None:
    count = best_count(reports)
    assert (count.best, count.min, count.max) == (best, low, high)
    assert count.reports == reports


def test_one_source_s_figure_is_its_largest_and_sources_are_compared_conservatively() -> None:
    def told(value: int, doc_id: str, source: str | None = None) -> CountReport:
        return CountReport(value=value, min=value, max=value, doc_id=doc_id, source=source)

    # one article: "five people were found dead ... a man and two teenagers" tells parts of its toll
    assert best_count([told(5, "a"), told(3, "a")]).best == 5
    # two articles, or two speakers of one article, disagree: the lower figure
    assert best_count([told(5, "a"), told(3, "a"), told(4, "b")]).best == 4
    assert best_count([told(9, "a", "a resident"), told(6, "a", "officials")]).best == 6


def test_one_victim_told_by_who_she_is_is_no_claim_about_the_toll() -> None:
    # "three men were found dead ... police said a woman lay dead in a flat": the woman is one of
    # them, not a lower count; alone, she is the toll
    found = [m.report.model_copy(update={"doc_id": "a"}) for m in find_counts(
        "Deputies said three men were shot dead in a van. City police said a woman was found dead "
        "in a flat nearby.") if m.category == "fatalities"]
    assert [r.value for r in found] == [3, 1] and best_count(found).best == 3
    assert best_count(found[1:]).best == 1
    # "one person was killed" is a count of its own, and the lower one wins
    counted = [m.report.model_copy(update={"doc_id": "a"}) for m in find_counts(
        "Deputies said three people were killed. City police said one person was killed.")]
    assert best_count(counted).best == 1


def test_a_figure_before_one_persons_age_counts_nothing() -> None:
    # a picture gallery's "5 of 5" before a headline repeated in the page
    assert not [m for m in find_counts("Photo 5 of 5 3-year-old who found a pistol dies")
                if m.report.value == 5]
    assert [m.report.value for m in find_counts("Two 4-year-olds were shot and killed.")] == [2]


def test_partial_figure_is_best_only_alone() -> None:
    text = ("Officials said at least nine people were killed. The district office named six farmers on "
            "its notice board among those killed.")
    reports = [m.report for m in find_counts(text)]
    assert best_count(reports).best == 9
    assert best_count(reports[1:]).best == 6


def test_best_count_from_find_counts() -> None:
    text = (
        "The faction, which made its claim on a messaging app, said 29 people were killed or "
        "wounded. Officials said at least nine people were killed. A resident told Reuters "
        "that seven people had been killed."
    )
    reports = [m.report for m in find_counts(text) if m.category in ("fatalities", "casualties")]
    count = best_count(reports)
    assert (count.best, count.min, count.max) == (7, 7, 9)
    assert len(count.reports) == 3


def test_wounded_worked_out_from_people_shot_falls_when_a_death_is_told() -> None:
    shot = CountReport(value=1, min=1, max=2, qualifier=SHOT_NOT_KILLED)  # "two shot, one fatally"
    other = CountReport(value=3, min=3, max=3)
    assert [r.value for r in wounded_given([shot, other], 2)] == [0, 3]  # a second death told later
    assert wounded_given([shot, other], 1) == [shot, other]
    assert wounded_given([shot], None) == [shot]


# Headlines written for these tests: (title, expected (category, value, qualifier) per figure)
HEADLINES = [
    ("Teen fatally shot in Dayton", [("fatalities", 1, PARTIAL)]),
    ("Topeka Man Dies After Being Shot", [("fatalities", 1, PARTIAL)]),
    ("Victim in Elm Street shooting dies - WXYZ News | Weather and Traffic", [("fatalities", 1, PARTIAL)]),
    ("Toddler shot, killed at apartment complex", [("fatalities", 1, PARTIAL)]),
    ("Boy who shot himself at home has died", [("fatalities", 1, PARTIAL)]),
    ("2 adults, 2 children found shot dead in trailer", [("fatalities", 4, None)]),
    ("One dead, five hurt after gunfire outside Dayton bar", [("fatalities", 1, None), ("injured", 5, None)]),
    ("Girl shot in the leg while walking her dog", [("shot", 1, PARTIAL)]),
    ("3 dead, 1 critical in shooting at a farm", [("fatalities", 3, None), ("injured", 1, None)]),
    ("City council approves new budget - Channel 9", []),
    # the one who fired killed himself after his victims; "murder-suicide" makes the people shot dead
    ("Three teens killed, gunman commits suicide", [("fatalities", 4, None)]),
    ("Retiree kills two neighbors, then himself after dispute", [("fatalities", 3, None)]),
    ("Gunman shot wife, 2 stepchildren in apparent murder-suicide", [("fatalities", 4, PARTIAL)]),
    ("4 dead in apparent murder-suicide", [("fatalities", 4, None)]),
    ("Couple found dead in apparent murder-suicide", [("fatalities", 2, PARTIAL)]),
    ("Suspect in bakery shooting turns himself in", []),
    # one person shot, the article dropped: the one who shot himself, the one shot
    ("Hunter accidentally shoots self in leg", [("shot", 1, PARTIAL)]),
    ("Uncle accidentally shot nephew at campsite", [("shot", 1, PARTIAL)]),
    # a list of bare nouns; a condition is a wounded person; ";" ends a part
    ("Teen dies, grandfather in serious condition after shooting", [("fatalities", 1, PARTIAL), ("injured", 1, PARTIAL)]),
    ("Baby, father wounded in drive-by", [("injured", 2, PARTIAL)]),
    ("Teen killed in robbery; police seek two suspects", [("fatalities", 1, PARTIAL)]),
    ("Woman charged in killing of neighbor", [("fatalities", 1, PARTIAL)]),
    ("Two hikers die after shooting at trailhead", [("fatalities", 2, None)]),
    # an age after the person noun is that person; a preposition, a place or a possessive before the
    # killing noun; "shot in the chest, killed"
    ("Police: Girl, 9, who shot herself by accident in garage dies", [("fatalities", 1, PARTIAL)]),
    ("Hundreds gather at vigil for Ridgeton teen shot and killed by cousin", [("fatalities", 1, PARTIAL)]),
    ("Man charged in Ridgeton shooting death of neighbor", [("fatalities", 1, PARTIAL)]),
    ("Couple charged in toddler's shooting death", [("fatalities", 1, PARTIAL)]),
    ("Woman arrested in nephew's fatal shooting", [("fatalities", 1, PARTIAL)]),
    ("Three men shot in the back, killed; suspects flee", [("fatalities", 3, None)]),
    ("Deputies make arrest in deadly shooting at motel", [("fatalities", 1, PARTIAL)]),
]


@pytest.mark.parametrize(("title", "expected"), HEADLINES)
def test_headline_figures(title, expected):
    found = find_headline_counts(title)
    assert [(f.category, f.report.value, f.report.qualifier) for f in found] == expected
    for f in found:  # the headline is the evidence; offsets point into the body, so there are none
        assert f.report.source == HEADLINE and f.report.start is None and f.report.end is None
        assert f.report.text and f.report.text in title


def test_a_part_of_the_toll_is_no_whole_figure():
    assert not tells_whole([CountReport(value=1, min=1, max=1, qualifier=PARTIAL)])
    assert not tells_whole([CountReport(min=2, qualifier="several")])
    assert tells_whole([CountReport(value=2, min=2, max=2)])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("He shot a teen outside the store, killing him.", [("fatalities", 1)]),
        ("Two men were killed and another was wounded.", [("fatalities", 2), ("injured", 1)]),
        ("No one else was hurt in the crash.", []),
        ("Police arrested a woman accused of fatally shooting her cousin following a dispute.", [("fatalities", 1)]),
        ("A teenager, three farmers and a nurse died in the fire.", [("fatalities", 1), ("fatalities", 3), ("fatalities", 1)]),
        ("On Saturday, two men were killed.", [("fatalities", 2)]),
        ("Officers also found a dead dog in the yard.", []),
        # an age in apposition to the person just counted is that person
        ("The boy, 11, was fatally shot on a porch.", [("fatalities", 1)]),
        ("A man, 52, and a woman, 49, were killed.", [("fatalities", 1), ("fatalities", 1)]),
        # what someone wanted or threatened to do is no death
        ("He planned to kill the three clerks, the prosecutor said.", []),
        # a pronoun's figure does not take the words after its verb for a noun
        ("She died within hours at a county hospital.", [("fatalities", 1)]),
        ("He died Sunday morning.", [("fatalities", 1)]),
        # a time after the noun ends it
        ("A man faces charges of shooting and killing a 17-year-old boy Friday night.", [("fatalities", 1)]),
        # a pronoun after "and" starts a clause of its own
        ("Doctors gave him a transfusion and he died.", [("fatalities", 1)]),
        ("He killed his sister and then shot himself.", [("fatalities", 1)]),
        # the one after "of" told by a participle right after it is the victim
        ("Cousins of a 12-year-old killed Sunday held a vigil.", [("fatalities", 1)]),
        ("A father of four was wounded.", [("injured", 1)]),
        # the one shot or wounded who died since
        ("A woman wounded in a shooting Tuesday has died, police said.", [("fatalities", 1)]),
        ("A clerk was shot and died at the scene.", [("fatalities", 1)]),
        ("Lee Morton, 15, took a gunshot wound to the neck and later died at a hospital.", [("fatalities", 1)]),
        ("A woman whose nephew died spoke to reporters.", []),
        ("A man shot in the arm said his brother died.", [("shot", 1), ("fatalities", 1)]),
        ("A 5-year-old girl in Ridgeton died after finding a gun.", [("fatalities", 1)]),
        ("A shooting in Ridgeton left a woman dead.", [("fatalities", 1)]),
        ("Officers searched a yard near the house where two men were found dead.", [("fatalities", 2)]),
        ("He shot his stepson to death.", [("fatalities", 1)]),
        # a person named and said to have died, when the sentence counts no one else
        ("Morales later died at a county hospital.", [("fatalities", 1)]),
        ("Tia Brooks was pronounced dead on the porch.", [("fatalities", 1)]),
        ("Deputies said two men were killed as Jensen watched.", [("fatalities", 2)]),
        # ages standing for the people, also written without hyphens; "deceased"
        ("Officers found the 15-year-old and 8-year-old dead.", [("fatalities", 2)]),
        ("At 4:40 a.m. the 22 year old female was pronounced deceased.", [("fatalities", 1)]),
        ("A juvenile was wounded in the crossfire.", [("injured", 1)]),
        ("The boys were playing with a pistol and the 12-year-old accidentally shot himself.", [("shot", 1)]),
    ],
)
def test_one_person_told_by_a_pronoun_or_another_and_lists_of_victims(sentence, expected):
    assert [(m.category, m.report.value) for m in find_counts(sentence)] == expected


def test_some_of_the_dead_are_a_part_of_the_toll():
    (mention,) = find_counts("Neighbours said three of the dead were from one family.")
    assert (mention.category, mention.report.value, mention.report.qualifier) == ("fatalities", 3, PARTIAL)
    (whole,) = find_counts("Two of them were killed on the spot.")
    assert whole.report.qualifier is None


def test_a_deadly_shooting_is_one_death_unless_its_sentence_counts_the_dead():
    (mention,) = find_counts("Detectives are investigating a deadly shooting near a gas station.")
    assert (mention.category, mention.report.value, mention.report.qualifier) == ("fatalities", 1, PARTIAL)
    assert [(m.report.value, m.victim) for m in find_counts("A deadly shooting left two brothers dead.")] == [
        (2, "brothers")
    ]
    assert [m.victim for m in find_counts("The fatal shooting of a cashier shocked the town.")] == ["cashier"]


def test_and_before_a_participle_starts_a_new_clause_not_a_conjunct() -> None:
    found = find_counts("A drone hit a depot on Thursday, killing two guards and setting fire to several tankers.")
    assert [(m.category, m.report.value) for m in found] == [("fatalities", 2)]
