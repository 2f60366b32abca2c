from datetime import date

import pytest

from eventcoder.schema import EventDate
from eventcoder.slots.dates import DateMention, find_dates, resolve

SAT = date(2020, 5, 23)  # a Saturday
NEW_YEAR = date(2019, 1, 3)  # a Thursday, just after a year boundary
SPRING = date(2015, 3, 20)  # a Friday


def only(sentence: str) -> DateMention:
    mentions = find_dates(sentence)
    assert len(mentions) == 1, [m.text for m in mentions]
    return mentions[0]


def span(sentence: str, published: date | None, previous: EventDate | None = None) -> tuple:
    got = resolve(only(sentence), published, previous)
    return got.start, got.end, got.precision


D = date

ABSOLUTE = [
    (
        "Gunmen raided the market in Gao on 17 May, witnesses said.",
        SAT,
        "17 May",
        (D(2020, 5, 17),) * 2 + ("day",),
    ),
    ("The convoy was ambushed May 17 near the border.", SAT, "May 17", (D(2020, 5, 17),) * 2 + ("day",)),
    ("Police said the bomb went off on 19 May.", SAT, "19 May", (D(2020, 5, 19),) * 2 + ("day",)),
    ("A mortar hit the camp on Sept. 19, officials said.", SAT, "Sept. 19", (D(2019, 9, 19),) * 2 + ("day",)),
    (
        "The mayor was shot dead on Sept 19, 2019 in his car.",
        SAT,
        "Sept 19, 2019",
        (D(2019, 9, 19),) * 2 + ("day",),
    ),
    (
        "Troops shelled the town on 26 September 2019.",
        SAT,
        "26 September 2019",
        (D(2019, 9, 26),) * 2 + ("day",),
    ),
    ("Rebels seized the mine on September 26th.", SAT, "September 26th", (D(2019, 9, 26),) * 2 + ("day",)),
    ("The report dated 2019-09-26 lists the victims.", SAT, "2019-09-26", (D(2019, 9, 26),) * 2 + ("day",)),
    ("Clashes erupted on 19/09/2019 in the north.", SAT, "19/09/2019", (D(2019, 9, 19),) * 2 + ("day",)),
    ("Clashes erupted on 03/04/2019 in the north.", SAT, "03/04/2019", (D(2019, 4, 3),) * 2 + ("day",)),
    ("Clashes erupted on 9/19/2019 in the north.", SAT, "9/19/2019", (D(2019, 9, 19),) * 2 + ("day",)),
    (
        "Militants set fire to a school on the 4th of March.",
        SAT,
        "4th of March",
        (D(2020, 3, 4),) * 2 + ("day",),
    ),
    (
        "On Tuesday, 17 March 2020, a drone struck the depot.",
        SAT,
        "Tuesday, 17 March 2020",
        (D(2020, 3, 17),) * 2 + ("day",),
    ),
    (
        "Protesters blocked the road on 28 December.",
        NEW_YEAR,
        "28 December",
        (D(2018, 12, 28),) * 2 + ("day",),
    ),
    ("Protesters blocked the road on 2 January.", NEW_YEAR, "2 January", (D(2019, 1, 2),) * 2 + ("day",)),
    ("The kidnapping happened on 23 May.", SAT, "23 May", (SAT, SAT, "day")),
    ("The kidnapping happened on 24 May.", SAT, "24 May", (D(2019, 5, 24),) * 2 + ("day",)),
    ("Two soldiers died on 29 February.", D(2021, 6, 1), "29 February", (D(2020, 2, 29),) * 2 + ("day",)),
    (
        "Fighting resumed in October, residents said.",
        SAT,
        "October",
        (D(2019, 10, 1), D(2019, 10, 31), "month"),
    ),
    ("Fighting resumed in May, residents said.", SAT, "May", (D(2020, 5, 1), D(2020, 5, 31), "month")),
    (
        "The group was founded in October 2018.",
        SAT,
        "October 2018",
        (D(2018, 10, 1), D(2018, 10, 31), "month"),
    ),
    ("The siege began in December 2016.", SAT, "December 2016", (D(2016, 12, 1), D(2016, 12, 31), "month")),
    (
        "Last October the army retook the valley.",
        D(2020, 10, 15),
        "Last October",
        (D(2019, 10, 1), D(2019, 10, 31), "month"),
    ),
    ("The ceasefire collapsed in 2015.", SAT, "2015", (D(2015, 1, 1), D(2015, 12, 31), "year")),
    (
        "The militia was disarmed late in 2016.",
        SAT,
        "late in 2016",
        (D(2016, 9, 1), D(2016, 12, 31), "range"),
    ),
    ("The militia was disarmed in mid-2016.", SAT, "mid-2016", (D(2016, 5, 1), D(2016, 8, 31), "range")),
    ("Attacks rose at the end of 2016.", SAT, "the end of 2016", (D(2016, 12, 1), D(2016, 12, 31), "range")),
    ("Villagers fled in late January.", SAT, "late January", (D(2020, 1, 21), D(2020, 1, 31), "range")),
    ("Villagers fled in early March.", SAT, "early March", (D(2020, 3, 1), D(2020, 3, 10), "range")),
    ("Villagers fled in mid-April.", SAT, "mid-April", (D(2020, 4, 11), D(2020, 4, 20), "range")),
    (
        "Villagers fled at the end of October.",
        SAT,
        "the end of October",
        (D(2019, 10, 24), D(2019, 10, 31), "range"),
    ),
    ("Villagers fled in late May.", SAT, "late May", (D(2020, 5, 21), D(2020, 5, 31), "range")),
    ("Villagers fled in late May.", D(2020, 5, 15), "late May", (D(2019, 5, 21), D(2019, 5, 31), "range")),
    ("The region saw massacres in the 1990s.", SAT, "the 1990s", (D(1990, 1, 1), D(1999, 12, 31), "range")),
    (
        "The region saw massacres in the early 1990s.",
        SAT,
        "the early 1990s",
        (D(1990, 1, 1), D(1993, 12, 31), "range"),
    ),
    (
        "Strikes continued between 3 and 5 May.",
        SAT,
        "between 3 and 5 May",
        (D(2020, 5, 3), D(2020, 5, 5), "range"),
    ),
    (
        "Strikes continued from 3 to 5 May 2018.",
        SAT,
        "from 3 to 5 May 2018",
        (D(2018, 5, 3), D(2018, 5, 5), "range"),
    ),
    ("Strikes continued May 3-5.", SAT, "May 3-5", (D(2020, 5, 3), D(2020, 5, 5), "range")),
    (
        "Strikes continued between 3 and 5 May.",
        D(2020, 5, 4),
        "between 3 and 5 May",
        (D(2019, 5, 3), D(2019, 5, 5), "range"),
    ),
    (
        "Roads were closed between 28 December and 2 January.",
        NEW_YEAR,
        "between 28 December and 2 January",
        (D(2018, 12, 28), D(2019, 1, 2), "range"),
    ),
    (
        "Drought hit the area between 2014 and 2016.",
        SAT,
        "between 2014 and 2016",
        (D(2014, 1, 1), D(2016, 12, 31), "range"),
    ),
    (
        "Drought hit the area from 2014 to 2016.",
        SAT,
        "from 2014 to 2016",
        (D(2014, 1, 1), D(2016, 12, 31), "range"),
    ),
    ("The 2014-15 drought hit the area.", SAT, "2014-15", (D(2014, 1, 1), D(2015, 12, 31), "range")),
    (
        "Some 300 people have been killed since late January.",
        SPRING,
        "since late January",
        (D(2015, 1, 21), SPRING, "range"),
    ),
    ("The group has staged raids since 2014.", SPRING, "since 2014", (D(2014, 1, 1), SPRING, "range")),
]


@pytest.mark.parametrize(("sentence", "published", "text", "expected"), ABSOLUTE)
def test_absolute(sentence: str, published: date, text: str, expected: tuple) -> None:
    mention = only(sentence)
    assert mention.text == text
    assert mention.is_absolute
    assert span(sentence, published) == expected


PUBLICATION = [
    ("Militants stormed a police post on Friday.", SAT, (D(2020, 5, 22),) * 2 + ("day",)),
    ("Friday's attack left six dead.", SAT, (D(2020, 5, 22),) * 2 + ("day",)),
    ("Gunmen opened fire on Thursday night.", SAT, (D(2020, 5, 21),) * 2 + ("day",)),
    ("Gunmen opened fire on Sunday.", SAT, (D(2020, 5, 17),) * 2 + ("day",)),
    ("Gunmen opened fire on Saturday.", SAT, (SAT, SAT, "day")),  # a Saturday paper: that day
    ("Gunmen opened fire last Saturday.", SAT, (D(2020, 5, 16),) * 2 + ("day",)),
    ("On Friday President Keita visited the wounded.", SAT, (D(2020, 5, 22),) * 2 + ("day",)),
    ("Gunmen opened fire on Tuesday night.", SPRING, (D(2015, 3, 17),) * 2 + ("day",)),
    ("A car bomb exploded today in the capital.", SAT, (SAT, SAT, "day")),
    ("A car bomb exploded tonight in the capital.", SAT, (SAT, SAT, "day")),
    ("A car bomb exploded early this morning.", SAT, (SAT, SAT, "day")),
    ("A car bomb exploded yesterday in the capital.", SAT, (D(2020, 5, 22),) * 2 + ("day",)),
    ("Rockets hit the airport last night.", SAT, (D(2020, 5, 22),) * 2 + ("day",)),
    ("Rockets hit the airport overnight.", SAT, (SAT, SAT, "day")),  # the night just ended
    ("Rockets hit the airport overnight into Thursday.", SAT, (D(2020, 5, 21),) * 2 + ("day",)),
    ("Rockets hit the airport the day before yesterday.", SAT, (D(2020, 5, 21),) * 2 + ("day",)),
    ("The soldier was abducted two days ago.", SAT, (D(2020, 5, 21),) * 2 + ("day",)),
    ("The soldier was abducted three weeks ago.", SAT, (D(2020, 4, 27), D(2020, 5, 3), "week")),
    ("Clashes killed nine last week.", SAT, (D(2020, 5, 11), D(2020, 5, 17), "week")),
    ("Clashes killed nine this week.", SAT, (D(2020, 5, 18), SAT, "week")),
    ("Clashes killed nine in the past week.", SAT, (D(2020, 5, 16), SAT, "week")),
    ("Clashes killed nine over the past three days.", SAT, (D(2020, 5, 20), SAT, "range")),
    ("Clashes killed nine last month.", SAT, (D(2020, 4, 1), D(2020, 4, 30), "month")),
    ("Clashes killed nine this month.", SAT, (D(2020, 5, 1), SAT, "month")),
    ("Clashes killed nine last year.", SAT, (D(2019, 1, 1), D(2019, 12, 31), "year")),
    ("Clashes killed nine earlier this year.", SAT, (D(2020, 1, 1), SAT, "range")),
    ("Clashes killed nine late last year.", SAT, (D(2019, 9, 1), D(2019, 12, 31), "range")),
    ("Clashes killed nine over the weekend.", D(2020, 5, 25), (D(2020, 5, 23), D(2020, 5, 24), "range")),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), PUBLICATION)
def test_relative_to_publication(sentence: str, published: date, expected: tuple) -> None:
    assert only(sentence).is_relative_to_publication
    assert span(sentence, published) == expected


DAY = EventDate(start=D(2020, 5, 12), end=D(2020, 5, 12), precision="day", text="12 May")
MONTH = EventDate(start=D(2020, 4, 1), end=D(2020, 4, 30), precision="month", text="April")

PREVIOUS = [
    ("Five days later, police arrested two suspects.", DAY, (D(2020, 5, 17),) * 2 + ("day",)),
    ("The following day, gunmen returned.", DAY, (D(2020, 5, 13),) * 2 + ("day",)),
    ("Gunmen returned the next day.", DAY, (D(2020, 5, 13),) * 2 + ("day",)),
    ("A day later, gunmen returned.", DAY, (D(2020, 5, 13),) * 2 + ("day",)),
    ("Two weeks later, the town fell.", DAY, (D(2020, 5, 25), D(2020, 5, 31), "week")),
    ("A second bomb went off the same day.", DAY, (DAY.start, DAY.end, "day")),
    ("Hours later, a second bomb went off.", DAY, (DAY.start, DAY.end, "day")),
    ("Police raided the house that evening.", DAY, (DAY.start, DAY.end, "day")),
    ("The day before, militants had cut the road.", DAY, (D(2020, 5, 11),) * 2 + ("day",)),
    ("Three days earlier, militants had cut the road.", DAY, (D(2020, 5, 9),) * 2 + ("day",)),
    ("The following month, the army withdrew.", DAY, (D(2020, 6, 1), D(2020, 6, 30), "month")),
    (
        "The next day, protests spread.",
        MONTH,
        (D(2020, 4, 2), D(2020, 5, 1), "range"),
    ),  # vague anchor stays vague
]


@pytest.mark.parametrize(("sentence", "previous", "expected"), PREVIOUS)
def test_relative_to_previous_event(sentence: str, previous: EventDate, expected: tuple) -> None:
    assert only(sentence).is_relative_to_previous
    assert span(sentence, SAT, previous) == expected


@pytest.mark.parametrize(
    "sentence", ["Five days later, police arrested two suspects.", "The same day, a bomb went off."]
)
def test_relative_to_previous_without_previous_is_unknown(sentence: str) -> None:
    got = resolve(only(sentence), SAT, None)
    assert got == EventDate(text=only(sentence).text)


NO_PUBLICATION = [
    ("Militants stormed a police post on Friday.", EventDate(text="Friday")),
    ("A car bomb exploded yesterday in the capital.", EventDate(text="yesterday")),
    ("Clashes killed nine last year.", EventDate(text="last year")),
    ("Gunmen raided the market on 17 May.", EventDate(text="17 May")),  # no year to give it
    ("Fighting resumed in October.", EventDate(text="October")),
    (
        "Troops shelled the town on 26 September 2019.",
        EventDate(start=D(2019, 9, 26), end=D(2019, 9, 26), precision="day", text="26 September 2019"),
    ),
    (
        "The ceasefire collapsed in 2015.",
        EventDate(start=D(2015, 1, 1), end=D(2015, 12, 31), precision="year", text="2015"),
    ),
    (
        "The group has staged raids since 2014.",
        EventDate(start=D(2014, 1, 1), precision="range", text="since 2014"),
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), NO_PUBLICATION)
def test_without_publication_date_nothing_is_invented(sentence: str, expected: EventDate) -> None:
    assert resolve(only(sentence), None) == expected


NOT_DATES = [
    "The 9/11 attacks changed the region.",
    "Checkpoints are manned 24/7 by the militia.",
    "The victim, aged 25, was shot at 3 pm.",
    "2011 following the uprising was a hard year.",
    "A crowd of 2000 gathered outside.",
    "Officials said they may release the prisoners.",
    "May God protect the survivors, the imam said.",
    "Protesters will march again next Friday.",
    "Two days before the vote, the candidate was shot.",
    "Days later, nobody had been arrested.",
    "There is no 31 April in any calendar.",
    "He served 12 years in prison.",
    "The Sunday Times reported the raid.",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_not_dates(sentence: str) -> None:
    assert find_dates(sentence) == []


def test_several_mentions_with_offsets() -> None:
    text = "Gunmen killed four on Friday. Two days later, in 2019 and 2020, on 3 May."
    mentions = find_dates(text, offset=100)
    assert [m.text for m in mentions] == ["Friday", "Two days later", "2019", "2020", "3 May"]
    assert all(text[m.start - 100 : m.end - 100] == m.text for m in mentions)
    assert [m.preposition for m in mentions] == ["on", None, "in", None, "on"]


def test_range_endpoints_are_mentions_too() -> None:
    mention = find_dates("Raids took place between 28 April and 3 May 2019.", offset=10)[0]
    assert mention.kind == "range"
    assert mention.first is not None and mention.last is not None
    assert (mention.first.text, mention.first.start) == ("28 April", 35)
    assert (mention.last.text, mention.last.year) == ("3 May 2019", 2019)
    assert resolve(mention, None) == EventDate(
        start=D(2019, 4, 28), end=D(2019, 5, 3), precision="range", text="between 28 April and 3 May 2019"
    )


def test_since_and_yearless_dates_need_publication() -> None:
    assert only("It has raged since 2014.").needs_publication
    assert only("It began on 17 May.").needs_publication
    assert not only("It began on 17 May 2019.").needs_publication


HOLIDAYS = [
    # SAT is 2020-05-23: Easter 2020 fell on 12 April, Mother's Day (US) on 10 May
    ("A church was bombed on Easter Sunday in the north.", SAT, (D(2020, 4, 12),) * 2 + ("day",)),
    ("Three people were shot at a party on Mother's Day.", SAT, (D(2020, 5, 10),) * 2 + ("day",)),
    ("Gunmen attacked a bar on Christmas Eve.", SAT, (D(2019, 12, 24),) * 2 + ("day",)),  # the latest not after publication
    ("A man was killed over Thanksgiving in Ohio.", SAT, (D(2019, 11, 28),) * 2 + ("day",)),  # fourth Thursday
    ("Two men were shot at a cookout on the Fourth of July.", SAT, (D(2019, 7, 4),) * 2 + ("day",)),
    ("A grenade hit a market on Good Friday 2016.", SAT, (D(2016, 3, 25),) * 2 + ("day",)),
    ("Police said the Fathers Day shooting left one dead.", SAT, (D(2019, 6, 16),) * 2 + ("day",)),
    ("A bar was raked with gunfire on New Years Eve.", SAT, (D(2019, 12, 31),) * 2 + ("day",)),
    ("Two sisters were shot on Mothers’ Day.", SAT, (D(2020, 5, 10),) * 2 + ("day",)),
    ("A sniper killed a guard last Christmas.", date(2020, 12, 25), (D(2019, 12, 25),) * 2 + ("day",)),  # told on the day
]


@pytest.mark.parametrize("sentence,published,expected", HOLIDAYS)
def test_holidays_are_days(sentence, published, expected):
    assert span(sentence, published) == expected


def test_a_bare_holiday_needs_a_preposition():
    assert find_dates("Christmas lights were stolen from the square.") == []
    assert find_dates("The Easter egg hunt was cancelled.") == []
    assert find_dates("Shops will stay shut next Christmas.") == []
    assert find_dates("He was shot just days before Christmas.") == []  # a bound, not the day
