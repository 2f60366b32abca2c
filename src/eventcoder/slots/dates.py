"""Date expressions in news sentences: find them, then resolve each to a calendar interval.

Own grammar, no dateparser: it fills a missing day from the reference date, and number parsers
miss news idiom. `find_dates` only matches text; `resolve` applies these news conventions:

- A day or month with no year takes the latest year that puts its start on or before
  publication ("17 May" in a paper of 2020-05-23 is 2020-05-17, "28 December" on 2019-01-03 is
  2018-12-28); after "last" ("last October") it must end strictly before publication.
- A weekday is its most recent occurrence on or before publication: "on Friday" in a Friday paper
  is the publication day, as wire copy uses it; "last Friday" is strictly before publication.
- "early"/"mid"/"late" X are days 1-10/11-20/21-end of a month, Jan-Apr/May-Aug/Sep-Dec of a
  year, years 0-3/4-6/7-9 of a decade; "the start"/"the end of" X are days 1-7/24-end of a month,
  January/December of a year. All of these, decades and "between" intervals have precision range.
- "since X" and "earlier this year" run from the start of X to publication (precision range); with
  no publication date the end stays None: an open interval, not an invented one.
- "last week"/"this week" are Monday-Sunday weeks (precision week); "the past week" covers the
  calendar days touched by the seven days before publication (precision week, eight dates).
  Intervals relative to publication never run past it ("this month" ends at publication).
- "last night" is the day before publication; "overnight" the publication day (the night just
  ended, mostly after midnight: on the Gun Violence Corpus train split it was that day for 4
  articles, the day before for 2); "overnight into Wednesday" is that Wednesday.
- "the day before", "five days later", "the same day" count from the previous event of the
  article; "two days before" followed by a noun ("before the vote") is not matched, as its anchor
  is that noun. Without the needed publication date or previous event, `resolve` returns an
  EventDate with only `text` set, never a guess.
- A bare year counts only after a preposition ("in 2015", "since 2014"), after a part ("late
  2016"), or as the second item of a range or list ("between 2014 and 2016", "in 2014 and 2015").
  A month name alone needs a preposition or "last"/"this" too, since "May" is also a verb.
  Numeric dates need a four-digit year, so "9/11" and "24/7" are not dates; they are day-first
  unless that is impossible ("9/19/2019").
- "next Friday", "next October" are dropped: a future date is never an event date.
- Holidays are days ("on Christmas Eve", "Easter Sunday", "over Thanksgiving", "Father's Day
  2015"), their year inferred like "17 May"; Western and US ones whose day a rule gives (Easter
  by the Gregorian computus, Thanksgiving the fourth Thursday of November). A bare "Christmas"
  or "Easter" needs a preposition ("on", "over", "during", ...) or "last"/"this", as a month does.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal

from ..schema import DatePrecision, EventDate

Kind = Literal["date", "weekday", "weekend", "relative", "window", "range"]
Anchor = Literal["absolute", "publication", "previous"]
Unit = Literal["day", "week", "month", "year", "decade"]
Part = Literal["start", "early", "mid", "late", "end"]
Span = tuple[date, date, DatePrecision]


@dataclass(frozen=True)
class DateMention:
    """One date expression and what it means before any reference date is applied.

    kind "date": a calendar day/month/year/decade (`unit`); `year` None means it is inferred
    from publication. "weekday": `weekday` 0=Monday. "weekend": the Saturday and Sunday.
    "relative": the `unit` containing the anchor shifted by `offset` units ("last month" is -1,
    "five days later" is +5). "window": the `offset` units up to publication ("the past week").
    "range": from `first` to `last`, each a "date" or "weekday" mention.
    """

    start: int
    end: int
    text: str
    kind: Kind
    anchor: Anchor  # what it is counted from: nothing (a calendar date), publication, previous event
    unit: Unit | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset: int = 0
    part: Part | None = None
    before: bool = False  # "last Friday", "last October": strictly before publication
    until_published: bool = False  # "since X", "earlier this year": runs on to publication
    preposition: str | None = None  # the word before it: "on", "in", "since", "by", "until", ...
    first: DateMention | None = None
    last: DateMention | None = None
    holiday: str | None = None  # kind "date", unit "day": the holiday's key in _HOLIDAYS

    @property
    def is_absolute(self) -> bool:
        """A calendar expression; it may still take its year from publication ("17 May")."""
        return self.anchor == "absolute"

    @property
    def is_relative_to_publication(self) -> bool:
        return self.anchor == "publication"

    @property
    def is_relative_to_previous(self) -> bool:
        return self.anchor == "previous"

    @property
    def needs_publication(self) -> bool:
        """Whether `resolve` needs a publication date to give a full interval."""
        if self.kind == "range":
            return any(m.needs_publication for m in (self.first, self.last) if m is not None)
        return (
            self.until_published
            or self.anchor == "publication"
            or (self.kind == "date" and self.year is None)
        )


# --- vocabulary --------------------------------------------------------------------------------

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    {n.lower(): i for i, n in enumerate(_MONTH_NAMES, 1)}
    | {n[:3].lower(): i for i, n in enumerate(_MONTH_NAMES, 1)}
    | {"sept": 9}
)
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2,
}  # fmt: skip
_PARTS: dict[str, Part] = {
    "start": "start", "beginning": "start", "early": "early", "mid": "mid", "middle": "mid",
    "late": "late", "end": "end",
}  # fmt: skip
# Where each part falls: days of a month, months of a year, years of a decade (clamped to the end).
_PART_BOUNDS: dict[str, dict[Part, tuple[int, int]]] = {
    "month": {"start": (1, 7), "early": (1, 10), "mid": (11, 20), "late": (21, 31), "end": (24, 31)},
    "year": {"start": (1, 1), "early": (1, 4), "mid": (5, 8), "late": (9, 12), "end": (12, 12)},
    "decade": {"start": (0, 1), "early": (0, 3), "mid": (4, 6), "late": (7, 9), "end": (8, 9)},
}
_PUBLICATION_DAYS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "yesterday morning": -1, "yesterday afternoon": -1, "yesterday evening": -1,
    "last night": -1, "overnight": 0, "the day before yesterday": -2,
}  # fmt: skip
_PREVIOUS_SHIFTS = (
    ("the following {}", 1), ("the next {}", 1), ("the {} after", 1), ("the previous {}", -1),
    ("the {} before", -1), ("later that {}", 0), ("earlier that {}", 0),
)  # fmt: skip
_SAME_DAY_LEADS = ("that", "later that", "earlier that", "that same", "the same")
_TIMES_OF_DAY = ("day", "morning", "afternoon", "evening", "night")
_PREVIOUS: dict[str, tuple[int, Unit]] = {
    **{p.format(u): (shift, u) for u in ("day", "week", "month", "year") for p, shift in _PREVIOUS_SHIFTS},
    **{f"{lead} {time}": (0, "day") for lead in _SAME_DAY_LEADS for time in _TIMES_OF_DAY},
    "the following morning": (1, "day"),
    "the next morning": (1, "day"),
    "the previous night": (-1, "day"),
    "the night before": (-1, "day"),
}


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday of a month (n = -1: the last)."""
    if n < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta((last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta((weekday - first.weekday()) % 7 + 7 * (n - 1))


# Holidays news dates events by; keys are lower case with straight apostrophes.
_HOLIDAYS: dict[str, Callable[[int], date]] = {
    "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31),
    "valentine's day": lambda y: date(y, 2, 14),
    "good friday": lambda y: _easter(y) - timedelta(2),
    "easter": _easter,
    "easter sunday": _easter,
    "easter monday": lambda y: _easter(y) + timedelta(1),
    "mother's day": lambda y: _nth_weekday(y, 5, 6, 2),  # US
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "father's day": lambda y: _nth_weekday(y, 6, 6, 3),
    "fourth of july": lambda y: date(y, 7, 4),
    "july fourth": lambda y: date(y, 7, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "halloween": lambda y: date(y, 10, 31),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),  # US
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "christmas eve": lambda y: date(y, 12, 24),
    "christmas": lambda y: date(y, 12, 25),
    "christmas day": lambda y: date(y, 12, 25),
    "boxing day": lambda y: date(y, 12, 26),
}
# Holidays that are dates without a preposition ("Christmas lights" is not a date; "Christmas Eve" is).
_BARE_HOLIDAYS = frozenset(("christmas", "easter", "thanksgiving", "halloween"))
_HOLIDAY_BOUNDS = frozenset(("before", "after", "until", "till", "by"))
_UNITS: dict[str, Unit] = {
    "minute": "day", "hour": "day", "day": "day", "week": "week", "month": "month", "year": "year",
}  # fmt: skip
# Prepositions that make a bare year or month name a date ("in 2015"; not "2011 following").
_GATES = frozenset(
    ("in", "since", "during", "from", "until", "till", "by", "before", "after", "through", "throughout",
     "between", "around"),
)  # fmt: skip
_CONJUNCTIONS = frozenset(("and", "or", "to"))


# --- grammar -----------------------------------------------------------------------------------


def _words(phrases: Iterable[str]) -> str:
    """An alternation of phrases, longest first, matching any run of spaces between words."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


def _year(name: str) -> str:
    return rf"(?P<{name}>(?:1[89]|20)\d\d)(?!\d)"


def _day(name: str) -> str:
    """A day of the month, "5" or "5th", not the hour of "5:30"."""
    return rf"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"


def _part(name: str) -> str:
    return (
        rf"(?:(?P<{name}>early|late|mid|(?:the\s+)?(?:end|start|beginning|middle)\s+of)(?:-|\s+)(?:in\s+)?)?"
    )


_MONTH = rf"(?-i:(?:{_words(_MONTH_NAMES)})\b|(?:{_words(k.title() for k in _MONTHS if len(k) < 5)})\b\.?)"
# "Father's Day", "Fathers’ Day", "Fathers Day", "Christmas": capitalised (so "easter" in a word
# list is no date); looked up without apostrophes.
_HOLIDAY = "(?-i:" + "|".join(
    r"\s+".join((w if w == "of" else w[:1].upper() + w[1:]).replace("'s", "(?:[’']s|s[’']?)") for w in name.split())
    for name in sorted(_HOLIDAYS, key=len, reverse=True)
) + ")"
_HOLIDAY_KEYS = {re.sub(r"'", "", name): name for name in _HOLIDAYS}
_WEEKDAY = rf"(?-i:{_words(_WEEKDAY_NAMES)})"
_NUM = rf"(?:\d{{1,3}}|{_words(_NUMBERS)})"
_LINK = r"\s*(?:-|–|to|and|until|till|through)\s*"
_AFTER_WORD = r"(?=\s*(?:[,.;:)]|$))"  # "the day before," not "the day before the vote"
_PREVIOUS_RE = "|".join(
    _words([p]) + (_AFTER_WORD if p.endswith(("before", "after")) else "")
    for p in sorted(_PREVIOUS, key=len, reverse=True)
)

_GRAMMAR = re.compile(
    r"(?<![\w/])(?:"
    + "|".join(
        [
            rf"(?P<iso>{_year('iso_y')}-(?P<iso_m>\d\d?)-(?P<iso_d>\d\d?))",
            rf"(?P<numeric>(?P<num_a>\d\d?)(?P<num_sep>[/.])(?P<num_b>\d\d?)(?P=num_sep){_year('num_y')})",
            rf"(?P<holiday>(?P<h_name>{_HOLIDAY})(?P<h_time>\s+(?:morning|afternoon|evening|night))?(?:,?\s+{_year('h_y')})?)",
            (
                rf"(?P<day_range>(?:between\s+|from\s+)?(?P<dr_a>{_day('dr_ad')}){_LINK}"
                rf"(?P<dr_b>{_day('dr_bd')}\s+(?:of\s+)?(?P<dr_m>{_MONTH})(?:,?\s+{_year('dr_y')})?))"
            ),
            (
                rf"(?P<month_range>(?:between\s+|from\s+)?(?P<mr_a>(?P<mr_m>{_MONTH})\s+{_day('mr_ad')})"
                rf"{_LINK}(?P<mr_b>{_day('mr_bd')}(?:,?\s+{_year('mr_y')})?))"
            ),
            (
                rf"(?P<day_month>(?:{_WEEKDAY},?\s+(?:the\s+)?)?(?:{_day('dm_d')}\s+(?:of\s+)?"
                rf"(?P<dm_m>{_MONTH})|(?P<md_m>{_MONTH})\s+(?:the\s+)?{_day('md_d')})(?:,?\s+{_year('dm_y')})?)"
            ),
            r"(?P<decade>(?:the\s+)?(?:(?P<dec_part>early|mid|late)[-\s]+)?(?P<dec_y>(?:1[89]|20)\d0)'?s)",
            rf"(?P<year_range>{_year('yr_a')}\s*[-–]\s*(?P<yr_b>(?:1[89]|20)\d\d|\d\d))",
            rf"(?P<month>{_part('m_part')}(?P<m_m>{_MONTH})(?:,?\s+{_year('m_y')})?)",
            rf"(?P<year>{_part('y_part')}{_year('y_y')})",
            r"(?P<weekend>(?:the|(?P<we_mod>last|this))\s+weekend)",
            rf"(?P<night_into>overnight\s+(?:into|on|to)\s+(?P<ni_wd>{_WEEKDAY}))",  # the night ending that day
            rf"(?P<publication_day>(?:(?:early|late|earlier|later)\s+)?(?P<pd>{_words(_PUBLICATION_DAYS)}))",
            rf"(?P<ago>(?P<ago_n>{_NUM})\s+(?P<ago_u>{_words(_UNITS)})s?\s+ago)",
            rf"(?P<calendar>{_part('c_part')}(?P<c_which>earlier\s+this|last|this)\s+(?P<c_u>week|month|year))",
            rf"(?P<window>the\s+(?:past|last)\s+(?:(?P<w_n>{_NUM})\s+)?(?P<w_u>{_words(_UNITS)})s?)",
            (
                rf"(?P<later>(?:(?P<l_n>{_NUM})\s+)?(?P<l_u>{_words(_UNITS)})s?\s+"
                rf"(?P<l_dir>later|afterwards|earlier|(?:after|before){_AFTER_WORD}))"
            ),
            rf"(?P<previous>{_PREVIOUS_RE})",
            rf"(?P<weekday>(?P<wd>{_WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?)",
        ]
    )
    + r")(?!\w)",
    re.IGNORECASE,
)
_BEFORE = re.compile(
    rf"(?:\b(?P<prep>{_words(_GATES | _CONJUNCTIONS | {'on', 'at', 'over', 'within', 'of'})})\s+)?"
    r"(?:\b(?P<mod>last|this|next|coming)\s+)?$",
    re.IGNORECASE,
)
_RANGE_LINK = re.compile(r"\s*(?P<link>and|to|until|till|through|-|–)\s*", re.IGNORECASE)
_NAME_AFTER = re.compile(r"\s+[A-Z]")
_LIST_LINK = re.compile(r"\s*,?\s*(?:and|or|to|until|till|through|-|–)\s*", re.IGNORECASE)


# --- finding -----------------------------------------------------------------------------------


@dataclass
class _Candidate:
    """A mention with what only `find_dates` needs: where its preposition starts, and whether
    a bare year or month name had the context that makes it a date."""

    mention: DateMention
    prep_start: int
    gated: bool


def find_dates(text: str, offset: int = 0) -> list[DateMention]:
    """All date expressions in `text` (usually one sentence), offsets shifted by `offset`."""
    candidates = [c for m in _GRAMMAR.finditer(text) if (c := _candidate(m, text)) is not None]
    kept: list[_Candidate] = []
    for cand in _merge_ranges(candidates, text):
        follows_kept = (
            bool(kept) and _LIST_LINK.fullmatch(text, kept[-1].mention.end, cand.mention.start) is not None
        )
        if cand.gated or follows_kept:
            kept.append(cand)
    return [_shifted(c.mention, offset) for c in kept]


def _candidate(match: re.Match[str], text: str) -> _Candidate | None:
    name = match.lastgroup
    assert name is not None
    fields = _PARSERS[name](match)
    if fields is None:
        return None
    before = _BEFORE.search(text, max(0, match.start() - 40), match.start())
    assert before is not None  # every group is optional
    prep, mod = (before["prep"] or "").lower() or None, (before["mod"] or "").lower() or None
    start = match.start()
    yearless_month = fields["kind"] == "date" and fields.get("unit") == "month" and fields.get("year") is None
    if mod and (fields["kind"] == "weekday" or yearless_month or fields.get("holiday")):  # "last Friday", "next October"
        if mod in ("next", "coming"):
            return None
        fields["before"] = mod == "last"
        start = before.start("mod")
    elif mod:
        prep = mod = None  # "in this 2015 report": neither word is about the date
    bare = (
        fields["kind"] == "date"
        and fields.get("part") is None
        and (fields.get("unit") == "year" or yearless_month)
    )
    gated = not bare or prep in _GATES or mod is not None
    if fields.get("holiday") and prep in _HOLIDAY_BOUNDS:
        return None  # "days before Christmas": not the day itself
    if fields.get("holiday") in _BARE_HOLIDAYS and not (match["h_time"] or match["h_y"]):
        gated = prep in _GATES | {"on", "over", "at"} or mod is not None  # "on Christmas", not "Christmas lights"
    if fields["kind"] == "weekday" and not (prep or mod) and _NAME_AFTER.match(text, match.end()):
        return None  # "the Sunday Times": part of a name; "on Friday President X said" stays
    if prep in _CONJUNCTIONS:
        prep = None
    if prep == "since":
        fields["until_published"] = True
        start = before.start("prep")
    mention = DateMention(
        start=start, end=match.end(), text=text[start : match.end()], preposition=prep, **fields
    )
    prep_start = before.start("prep") if before["prep"] else start
    return _Candidate(mention, prep_start, gated)


def _merge_ranges(candidates: list[_Candidate], text: str) -> list[_Candidate]:
    """Join "between 28 April and 3 May", "from 2014 to 2016", "Friday-Sunday" into ranges."""
    out: list[_Candidate] = []
    for cand in candidates:
        prev = out[-1] if out else None
        link = prev and _RANGE_LINK.fullmatch(text, prev.mention.end, cand.mention.start)
        if not (prev and link and _joins(prev.mention, cand.mention, link["link"].lower())):
            out.append(cand)
            continue
        a, b = prev.mention, cand.mention
        opened = a.preposition in ("between", "from")  # the opening word belongs to the range
        start = prev.prep_start if opened else a.start
        anchor: Anchor = "absolute"
        for candidate_anchor in ("publication", "previous"):  # the weaker anchor wins
            if candidate_anchor in (a.anchor, b.anchor):
                anchor = candidate_anchor
        merged = DateMention(start, b.end, text[start : b.end], "range", anchor, first=a, last=b,
                             preposition=None if opened else a.preposition)  # fmt: skip
        out[-1] = _Candidate(merged, start, True)
    return out


def _joins(a: DateMention, b: DateMention, link: str) -> bool:
    if a.kind not in ("date", "weekday") or b.kind not in ("date", "weekday") or a.until_published:
        return False
    if link == "and":
        return a.preposition == "between"
    return link in ("-", "–") or a.preposition == "from"


def _shifted(m: DateMention, offset: int) -> DateMention:
    if not offset:
        return m
    first = m.first and _shifted(m.first, offset)
    last = m.last and _shifted(m.last, offset)
    return replace(m, start=m.start + offset, end=m.end + offset, first=first, last=last)


# --- parsers: one per alternative of the grammar, each giving DateMention fields or None --------

Fields = dict[str, Any]


def _number(word: str | None, default: int | None = None) -> int | None:
    if word is None:
        return default
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else _NUMBERS[word]


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _part_of(phrase: str | None) -> Part | None:
    if phrase is None:
        return None
    return next(_PARTS[w] for w in re.findall(r"[a-z]+", phrase.lower()) if w in _PARTS)


def _day_fields(year: int | None, month: int, day: int) -> Fields | None:
    """A calendar day, or None when there is no such day (a leap year stands in for no year)."""
    try:
        date(year or 2000, month, day)
    except ValueError:
        return None
    return {"kind": "date", "anchor": "absolute", "unit": "day", "year": year, "month": month, "day": day}


def _opt_int(value: str | None) -> int | None:
    return int(value) if value else None


def _parse_iso(m: re.Match[str]) -> Fields | None:
    return _day_fields(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))


def _parse_numeric(m: re.Match[str]) -> Fields | None:
    a, b, year = int(m["num_a"]), int(m["num_b"]), int(m["num_y"])
    return _day_fields(year, b, a) or _day_fields(year, a, b)  # day-first unless impossible


def _day_pair(m: re.Match[str], prefix: str) -> Fields | None:
    """A day range within one month: "between 3 and 5 May" (prefix dr), "May 3-5" (prefix mr)."""
    year, month = _opt_int(m[f"{prefix}_y"]), _month(m[f"{prefix}_m"])
    ends = []
    for end in "ab":
        fields = _day_fields(year, month, int(m[f"{prefix}_{end}d"]))
        if fields is None:
            return None
        group = f"{prefix}_{end}"
        ends.append(DateMention(start=m.start(group), end=m.end(group), text=m[group], **fields))
    return {"kind": "range", "anchor": "absolute", "first": ends[0], "last": ends[1]}


def _parse_day_month(m: re.Match[str]) -> Fields | None:
    month, day = (m["dm_m"], m["dm_d"]) if m["dm_m"] else (m["md_m"], m["md_d"])
    return _day_fields(_opt_int(m["dm_y"]), _month(month), int(day))


def _parse_decade(m: re.Match[str]) -> Fields:
    return {
        "kind": "date",
        "anchor": "absolute",
        "unit": "decade",
        "year": int(m["dec_y"]),
        "part": _part_of(m["dec_part"]),
    }


def _parse_year_range(m: re.Match[str]) -> Fields | None:
    a, b = int(m["yr_a"]), int(m["yr_b"])
    b += a // 100 * 100 if b < 100 else 0
    if b <= a:
        return None
    ends = [
        DateMention(
            start=m.start(g), end=m.end(g), text=m[g], kind="date", anchor="absolute", unit="year", year=y
        )
        for g, y in (("yr_a", a), ("yr_b", b))
    ]
    return {"kind": "range", "anchor": "absolute", "first": ends[0], "last": ends[1]}


def _parse_month(m: re.Match[str]) -> Fields:
    part = _part_of(m["m_part"])
    return {
        "kind": "date",
        "anchor": "absolute",
        "unit": "month",
        "year": _opt_int(m["m_y"]),
        "month": _month(m["m_m"]),
        "part": part,
    }


def _parse_year(m: re.Match[str]) -> Fields:
    return {
        "kind": "date",
        "anchor": "absolute",
        "unit": "year",
        "year": int(m["y_y"]),
        "part": _part_of(m["y_part"]),
    }


def _parse_weekend(m: re.Match[str]) -> Fields:
    return {"kind": "weekend", "anchor": "publication", "before": (m["we_mod"] or "").lower() == "last"}


def _parse_publication_day(m: re.Match[str]) -> Fields:
    shift = _PUBLICATION_DAYS[" ".join(m["pd"].lower().split())]
    return {"kind": "relative", "anchor": "publication", "unit": "day", "offset": shift}


def _unit_count(word: str, count: int) -> tuple[Unit, int]:
    """Minutes and hours count as whole days: "36 hours ago" is the day before publication."""
    word = word.lower()
    if word in ("minute", "hour"):
        return "day", count // 24 if word == "hour" else 0
    return _UNITS[word], count


def _parse_ago(m: re.Match[str]) -> Fields:
    unit, count = _unit_count(m["ago_u"], _number(m["ago_n"]) or 0)
    return {"kind": "relative", "anchor": "publication", "unit": unit, "offset": -count}


def _parse_calendar(m: re.Match[str]) -> Fields:
    which, unit = " ".join(m["c_which"].lower().split()), m["c_u"].lower()
    part = _part_of(m["c_part"]) if unit != "week" else None
    return {"kind": "relative", "anchor": "publication", "unit": unit, "offset": -1 if which == "last" else 0,
            "part": part, "until_published": which == "earlier this"}  # fmt: skip


def _parse_window(m: re.Match[str]) -> Fields:
    count, word = _number(m["w_n"], 1) or 1, m["w_u"].lower()
    if word in ("minute", "hour"):  # "the past 36 hours" reaches two days back: round up
        count = -(-count // 24) if word == "hour" else 1
    return {"kind": "window", "anchor": "publication", "unit": _UNITS[word], "offset": count}


def _parse_later(m: re.Match[str]) -> Fields | None:
    count = _number(m["l_n"])
    if count is None and m["l_u"].lower() not in ("minute", "hour"):
        return None  # "days later": no number to count with
    unit, count = _unit_count(m["l_u"], count or 0)
    sign = 1 if m["l_dir"].lower() in ("later", "afterwards", "after") else -1
    return {"kind": "relative", "anchor": "previous", "unit": unit, "offset": sign * count}


def _parse_previous(m: re.Match[str]) -> Fields:
    shift, unit = _PREVIOUS[" ".join(m["previous"].lower().split())]
    return {"kind": "relative", "anchor": "previous", "unit": unit, "offset": shift}


def _parse_holiday(m: re.Match[str]) -> Fields:
    key = _HOLIDAY_KEYS[re.sub(r"['’]", "", " ".join(m["h_name"].lower().split()))]
    return {"kind": "date", "anchor": "absolute", "unit": "day", "year": _opt_int(m["h_y"]), "holiday": key}


def _parse_weekday(m: re.Match[str], group: str = "wd") -> Fields:
    return {
        "kind": "weekday",
        "anchor": "publication",
        "unit": "day",
        "weekday": _WEEKDAY_NAMES.index(m[group]),
    }


_PARSERS: dict[str, Callable[[re.Match[str]], Fields | None]] = {
    "iso": _parse_iso,
    "numeric": _parse_numeric,
    "day_range": lambda m: _day_pair(m, "dr"),
    "month_range": lambda m: _day_pair(m, "mr"),
    "day_month": _parse_day_month,
    "decade": _parse_decade,
    "year_range": _parse_year_range,
    "month": _parse_month,
    "year": _parse_year,
    "weekend": _parse_weekend,
    "publication_day": _parse_publication_day,
    "ago": _parse_ago,
    "calendar": _parse_calendar,
    "window": _parse_window,
    "later": _parse_later,
    "previous": _parse_previous,
    "weekday": _parse_weekday,
    "night_into": lambda m: _parse_weekday(m, "ni_wd"),
    "holiday": _parse_holiday,
}


# --- resolving ---------------------------------------------------------------------------------


def resolve(mention: DateMention, published: date | None, previous: EventDate | None = None) -> EventDate:
    """A calendar date or interval with precision; `previous` is the date of the event mentioned
    just before in the same article (for 'five days later', 'the following day', 'the same day').

    A weekday is its latest occurrence on or before publication (the publication day itself when
    it is that weekday); a date without a year takes the latest year not after publication. With
    the needed reference missing the result is EventDate(text=...) with no dates. More in the
    module docstring.
    """
    span = _interval(mention, published, previous)
    if span is None:
        return EventDate(text=mention.text)
    start, end, precision = span
    if not mention.until_published:
        return EventDate(start=start, end=end, precision=precision, text=mention.text)
    if published is not None and start > published:  # "since 2025" in a 2020 paper
        return EventDate(text=mention.text)
    return EventDate(start=start, end=published, precision="range", text=mention.text)


def _interval(m: DateMention, published: date | None, previous: EventDate | None) -> Span | None:
    if m.kind == "range":
        assert m.first is not None and m.last is not None
        last = _interval(m.last, published, previous)
        # The first end takes its year, or its weekday, counting back from the last end.
        first = last and _interval(m.first, last[1], previous)
        return (first[0], last[1], "range") if first and last and first[0] <= last[1] else None
    if m.kind == "window":
        if published is None:
            return None
        start = _shift(published, m.unit or "day", -m.offset)
        return start, published, "week" if (m.unit, m.offset) == ("week", 1) else "range"
    if m.kind == "date":
        return _calendar_date(m, published)
    if m.kind in ("weekday", "weekend"):
        return _weekday(m, published)
    return _relative(m, published, previous)


def _calendar_date(m: DateMention, published: date | None) -> Span | None:
    if m.year is not None:
        return _period(m, m.year)
    if published is None:
        return None
    for year in range(published.year, published.year - 8, -1):  # back far enough for 29 February
        span = _period(m, year)
        if span and (span[1] < published if m.before else span[0] <= published):
            return span
    return None


def _period(m: DateMention, year: int) -> Span | None:
    try:
        day = _HOLIDAYS[m.holiday](year) if m.holiday else date(year, m.month or 1, m.day or 1)
    except ValueError:
        return None
    return _sliced(_unit_span(day, m.unit or "day"), m)


def _weekday(m: DateMention, published: date | None) -> Span | None:
    if published is None:
        return None
    target = 5 if m.kind == "weekend" else m.weekday or 0
    back = (published.weekday() - target) % 7
    if m.kind == "weekend" and m.before and back < 2:
        back += 7  # "last weekend" in a weekend paper: the one before
    elif m.before and back == 0:
        back = 7
    day = published - timedelta(back)
    if m.kind == "weekday":
        return day, day, "day"
    return day, min(day + timedelta(1), published), "range"


def _relative(m: DateMention, published: date | None, previous: EventDate | None) -> Span | None:
    unit = m.unit or "day"
    if m.anchor == "previous":
        if previous is None or previous.start is None:
            return None
        if unit == "day":  # shift the previous interval as a whole, whatever its precision
            start = previous.start + timedelta(m.offset)
            end = (previous.end or previous.start) + timedelta(m.offset)
            return start, end, "day" if start == end else "range"
        ref = previous.start
    elif published is None:
        return None
    else:
        ref = published
    start, end, precision = _sliced(_unit_span(_shift(ref, unit, m.offset), unit), m)
    if m.anchor == "publication" and published is not None and end > published:
        end = published  # "this week", "this month": not past publication
    return start, end, precision


def _unit_span(day: date, unit: Unit) -> Span:
    """The day, Monday-Sunday week, month, year or decade that contains `day`."""
    if unit == "week":
        monday = day - timedelta(day.weekday())
        return monday, monday + timedelta(6), "week"
    if unit == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]), "month"
    if unit == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31), "year"
    if unit == "decade":
        first = day.year - day.year % 10
        return date(first, 1, 1), date(first + 9, 12, 31), "range"
    return day, day, "day"


def _sliced(span: Span, m: DateMention) -> Span:
    """The early/mid/late/start/end part of a month, year or decade, precision range."""
    start, end, _ = span
    bounds = _PART_BOUNDS.get(m.unit or "day", {}).get(m.part) if m.part else None
    if bounds is None:
        return span
    lo, hi = bounds
    if m.unit == "month":
        return start.replace(day=lo), start.replace(day=min(hi, end.day)), "range"
    if m.unit == "year":
        return date(start.year, lo, 1), _unit_span(date(start.year, hi, 1), "month")[1], "range"
    return date(start.year + lo, 1, 1), date(start.year + hi, 12, 31), "range"


def _shift(day: date, unit: Unit, count: int) -> date:
    """`day` moved by `count` units; a month or year shift keeps the day, clamped to the month."""
    if unit in ("day", "week"):
        return day + timedelta(count * (7 if unit == "week" else 1))
    months = day.year * 12 + day.month - 1 + count * (12 if unit == "year" else 1)
    year, month = divmod(months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
