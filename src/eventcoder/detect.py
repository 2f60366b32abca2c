"""Event detection: find every event an article reports, one mention per real event.

An article often holds the news event plus earlier ones, and tells one event over several
sentences ("the attack", "Friday's attack" refer back). Detection works on clauses:
1. triggers (data/triggers.yaml) are found in each clause of the cleaned body;
2. negated, hypothetical and aggregate triggers ("nearly 500 airstrikes") are dropped;
3. clauses are grouped into mentions: a clause with its own, different date, an "earlier"
   marker, or an enumerated new incident starts a new mention; a clause that refers back
   (definite trigger, an outcome such as "were killed", no date) joins the current one.
The mention's type comes from its highest-ranked trigger (a weapon says more than "attack").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from spacy.tokens import Doc

from .resources import data_yaml
from .schema import CleanArticle, EventDate
from .slots import dates
from .slots.counts import find_counts

# A clause ends where a new coordinated or enumerated statement begins.
CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+|,?\s+including\s+|\s+and\s+(?=an?\s|another\b)")
# "another one", "a second attack"; not "a third was wounded", "a second officer", "another
# critically injured": those are people.
CONTINUATION = re.compile(
    r"\b(?:another(?: one)?|a second|a third|a fourth|a fifth|a further)\b(?!-|\s+(?:was|were|is|had|died|person|"
    r"victim|man|woman|boy|girl|child|teen|teenager|officer|policeman|soldier|civilian|passenger|worker|driver|"
    r"suspect|(?:\w+ly\s+)?(?:injured|wounded|hurt|killed|shot|dead)|"
    r"in (?:critical|serious|stable|fair|good) condition)\b)",
    re.I)
NEXT_WORDS = re.compile(r"(?:\s+\S+){0,3}")
INDEFINITE = re.compile(r"\b(?:an?|one)\s+(?:(?!(?:was|were|is|are|had|has|have|been)\b)[\w-]+\s+){0,2}$", re.I)
# "the last of which on 3 March" singles one event out of an aggregate.
SINGLED_OUT = re.compile(r"\b(?:the (?:latest|last|most recent|first) of (?:which|them|these))\b", re.I)
BACKGROUND_DAYS = 30  # an event dated this long before publication is reported as context
SHARPEN_DAYS = 9  # a coarse date this short ("last week", "the weekend") takes a day told inside it
# "said in a statement on Friday", "told AFP on Friday", "Updated: Mar 3, 2015 - 8:10 AM": the
# date of the report, not of the event.
REPORT_DATE = re.compile(
    r"\b(?:said|says|told|tells|announced|reported|added|stated|statement|confirmed|according to|claimed|"
    r"spoke|speaking|interview|(?:press|news) conference|e-?mail|posted|updated|published|as of)\b"
    r"(?:[\s:,]+(?!that\b)[\w.:’'-]+){0,4}[\s:,]*$",
    re.I,
)
# "was charged Tuesday in the shooting", "a vigil was held Friday for": the day of a court step or
# a funeral that a follow-up article reports, not of the violence it recalls ("charged in a
# shooting last week": told right after the violence, the date is the violence's).
PROCEDURE_DATE = re.compile(
    r"\b(?:charged|indicted|arraigned|sentenced|convicted|pleaded|pleads|testified|booked|jailed|ruled|"
    r"identified|buried|funeral|vigil|memorial|hearing|court|gathered|investigation (?:is|was) underway|charges|"
    r"investigat(?:e|ed|ing)|(?:remained|remains|was|is) (?:in )?(?:critical|stable|serious) condition)\b"
    r"(?:\s+[\w.’'-]+){0,6}\s*$",
    re.I,
)
# "Deputies on Tuesday named the driver", "TOLEDO, May 4 (AFP) --": a date told just before
# a report, a court step, or a wire dateline's agency.
# ("shot dead Thursday, police said" keeps its date: the comma hands it to the shooting.)
ACTION_AFTER = re.compile(
    r"^\s*\(\w[\w ]*\)\s*(?:-{1,2}|—|–)"
    r"|^\s*(?:(?:police|officials|authorities|investigators|deputies|he|she|they)\s+)?"
    r"(?:identified|said|announced|confirmed|released|named|filed|charged|continued|told)\b"
    r"|^\s*(?:(?:morning|afternoon|evening|night)\s+)?(?:e-?mail|statement|(?:news|press) (?:release|conference))\b",
    re.I,
)
VIOLENCE_NOUN = r"(?:shooting|killing|death|murder|slaying|homicide|stabbing|attack)s?"
VIOLENCE_AFTER = re.compile(rf"^\s*(?:(?:morning|afternoon|evening|night)\s+)?{VIOLENCE_NOUN}\b", re.I)
VIOLENCE_BEFORE = re.compile(rf"\b{VIOLENCE_NOUN}\s*$", re.I)
# "a reported accident occurred Sunday", "said the shooting happened Monday", "the shooting claimed a
# life Thursday": the date of the violence, whatever report word comes before it.
EVENT_VERB_BEFORE = re.compile(
    r"\b(?:occurred|happened|took place|claimed (?:\w+ )?(?:life|lives))\b(?:\s+[\w.:’'-]+){0,4}\s*$", re.I)
# Plural incident nouns: "attacks", "airstrikes" tally several events; "clashes" or "rockets" do not.
INCIDENT_PLURAL = re.compile(
    r"(?:attacks|strikes|raids|bombings|ambushes|assaults|explosions|blasts|kidnappings|abductions|"
    r"executions|beheadings|killings|shootings|massacres|operations)$",
    re.I,
)
# "This is the second attack on ...": a remark on the event being reported, not a new one.
ORDINAL = r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
SERIES_REMARK = re.compile(
    r"^\W*(?:this|it|that)\s+(?:is|was|marks|marked|became)\s+(?:one of\s+)?the\s+(?:\w+\s+)?"
    rf"(?:{ORDINAL}|latest|deadliest|worst|bloodiest|biggest|largest|most\s+\w+)\b"
    # "the deaths mark the fourth time since 2011 that ...": a tally of like events, whatever the
    # subject ("For the second time in ten days, jets struck ..." tells a new event)
    rf"|\b(?:marks?|marked|is|was)\s+the\s+{ORDINAL}\s+time\b",
    re.I,
)
# Habitual or biographical: "fighters who previously fought in Syria".
HABITUAL = re.compile(r"\b(?:previously|formerly|once|used to|had long)\s+$", re.I)
HABITUAL_AFTER = re.compile(r"\s+(?:repeatedly|regularly|frequently|often|routinely|sporadically)\b", re.I)
# "On 5 May they fired", "In May gunmen attacked": the month (capitalised inside a sentence), not
# the modal verb.
MONTH_MAY = re.compile(r"(?<=[\w,]\s)May\b|\bMay(?=\s+\d)")
# "non-life threatening injuries": a medical phrase, not a threat of violence.
LIFE_THREATENING = re.compile(r"\blife[- ]threatening\b", re.I)
NAME_GLUE = {"the", "of", "for", "and", "a", "an", "in", "on"}
# "TRIPOLI -", "MAIDUGURI, Nigeria -", "WASHINGTON (Reuters) —": where the report was filed.
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:,\s*[A-Z][\w .'’-]+)?\s*(?:\([\w .]+\))?\s*[-–—]+\s+")
# Verbs in their bare form after a subject, modal or "to": generic or infinitive ("gangs that raid villages").
BARE_VERBS = {"attack", "kidnap", "abduct", "raid", "kill", "fight", "clash", "shell", "bomb", "loot", "rape",
              "riot", "protest", "shoot", "execute", "behead", "ambush", "assault", "storm", "arrest", "detain"}
VERB_CONTEXT = {"to", "and", "or", "that", "who", "which", "they", "we", "i", "you", "will", "would", "can", "could",
                "may", "might", "should", "must", "not", "also", "often", "usually", "regularly", "frequently",
                "routinely", "sometimes", "still", "never"}
VIOLENT_TYPES = {"Battles", "Violence against civilians", "Explosions/Remote violence"}
# Generic words that may refer back to an event of any kind ("the attack", "the violence").
GENERIC_REFERENCE = {"attack", "clash", "killing"}


@dataclass(frozen=True)
class TriggerRule:
    key: str
    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str
    gtd: tuple[str, ...]
    weapon: tuple[str, ...]
    strong: bool
    rank: int
    by_target: bool  # typed by whom it hit: an armed actor makes it a battle


@dataclass(frozen=True)
class Trigger:
    rule: TriggerRule
    start: int
    end: int
    text: str
    plural: bool  # a plural incident noun: a tally of several events ("six aerial attacks")
    definite: bool
    indefinite: bool


@dataclass
class Clause:
    start: int
    end: int
    text: str
    triggers: list[Trigger]
    dates: list[dates.DateMention]
    sentence: tuple[int, int]


@dataclass
class EventMention:
    """One event of one article, as detection groups it; slot filling turns it into an Event."""

    doc_id: str
    clauses: list[Clause] = field(default_factory=list)
    date: EventDate = field(default_factory=EventDate)
    date_mention: dates.DateMention | None = None
    earlier: bool = False
    continues: EventMention | None = None  # "another one": the mention this one repeats
    context: tuple[int, int] | None = None  # the sentence before the mention's first one
    follows: EventMention | None = None  # the mention told just before this one

    @property
    def triggers(self) -> list[Trigger]:
        return [t for c in self.clauses for t in c.triggers]

    @property
    def main_trigger(self) -> Trigger:
        return max(self.triggers, key=lambda t: (t.rule.rank, t.rule.strong, -t.start))

    @property
    def event_type(self) -> str:
        return self.main_trigger.rule.event_type

    @property
    def sub_event_type(self) -> str:
        return self.main_trigger.rule.sub_event_type


@dataclass(frozen=True)
class Lexicon:
    rules: tuple[TriggerRule, ...]
    combined: re.Pattern[str]
    negation: re.Pattern[str]
    modality: re.Pattern[str]
    earlier: re.Pattern[str]
    definite: re.Pattern[str]


def _words(words: list[str], suffix: str = "") -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’])(?:" + "|".join(words) + r")(?![\w'’])" + suffix, re.I)


@cache
def lexicon() -> Lexicon:
    """Compile the trigger lexicon once per process."""
    data = data_yaml("triggers.yaml")
    rules = []
    for key, entry in data["triggers"].items():
        event_type, sub_event_type = entry["type"]
        rules.append(
            TriggerRule(
                key=key,
                pattern=_words(entry["patterns"]),
                event_type=event_type,
                sub_event_type=sub_event_type,
                gtd=tuple(entry.get("gtd") or ()),
                weapon=tuple(entry.get("weapon") or ()),
                strong=entry["strength"] == "strong",
                rank=entry["rank"],
                by_target=entry.get("by_target", False),
            )
        )
    combined = re.compile(
        "|".join(f"(?P<{r.key}>{r.pattern.pattern})" for r in rules), re.I
    )
    return Lexicon(
        rules=tuple(rules),
        combined=combined,
        negation=_words(data["negation"]),
        modality=_words(data["modality"]),
        earlier=_words(data["earlier"]),
        definite=re.compile(r"(?:^|\s)(?:" + "|".join(data["definite"]) + r")\s+(?:[\w-]+\s+){0,2}$", re.I),
    )


def find_triggers(text: str, offset: int = 0) -> list[Trigger]:
    """All trigger words of a clause, longest match first, minus negated and hypothetical ones."""
    lex = lexicon()
    by_key = {r.key: r for r in lex.rules}
    found: list[Trigger] = []
    for match in lex.combined.finditer(text):
        rule = by_key[match.lastgroup]
        before = text[max(0, match.start() - 60) : match.start()]
        near = " ".join(MONTH_MAY.sub(" ", LIFE_THREATENING.sub(" ", before)).split()[-5:])
        word = match.group(0)
        if lex.negation.search(near) or lex.modality.search(near) or HABITUAL.search(before):
            continue
        if _in_name(text, match.start(), match.end()) or HABITUAL_AFTER.match(text, match.end()):
            continue
        if word.lower() in BARE_VERBS and (before.split()[-1:] or [""])[0].lower() in VERB_CONTEXT:
            continue
        found.append(
            Trigger(
                rule=rule,
                start=offset + match.start(),
                end=offset + match.end(),
                text=word,
                plural=bool(INCIDENT_PLURAL.search(word)),
                definite=bool(lex.definite.search(" " + before)),
                indefinite=bool(INDEFINITE.search(before)),
            )
        )
    return found


def _in_name(text: str, start: int, end: int) -> bool:
    """A trigger word inside a title-cased name: "the Battle for the New Libya", "Operation Storm"."""
    if not text[start].isupper() or not text[:start].strip() or text.isupper():
        return False
    before = [w for w in text[:start].split()[-3:] if w.lower() not in NAME_GLUE]
    after = [w for w in text[end:].split()[:3] if w.lower() not in NAME_GLUE]
    return any(w[:1].isupper() for w in before[-1:] + after[:1])


def sentences(clean: CleanArticle, doc: Doc) -> list[tuple[int, int]]:
    """Sentence spans of the body, split again at line breaks (paragraphs never share a sentence)."""
    spans = []
    text = clean.body_text
    for sent in doc.sents:
        start = sent.start_char
        for piece in re.split(r"(\n+)", text[start : sent.end_char]):
            end = start + len(piece)
            if piece.strip() and "\n" not in piece:
                lead = len(piece) - len(piece.lstrip())
                trail = len(piece) - len(piece.rstrip())
                first = start + lead
                # a dateline opens a line, whether or not the parser starts a sentence there
                dateline = DATELINE.match(piece[lead:]) if first == 0 or text[first - 1] == "\n" else None
                spans.append((first + dateline.end() if dateline else first, end - trail))
            start = end
    return spans


def clauses(text: str, sentence: tuple[int, int]) -> list[Clause]:
    """Split a sentence into clauses at coordination and enumeration boundaries."""
    s_start, s_end = sentence
    body = text[s_start:s_end]
    cuts = [0] + [m.start() for m in CLAUSE_BREAK.finditer(body)] + [len(body)]
    out: list[Clause] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = body[a:b]
        if not piece.strip():
            continue
        start = s_start + a
        clause = Clause(
            start=start,
            end=s_start + b,
            text=piece,
            triggers=find_triggers(piece, start),
            dates=[d for d in dates.find_dates(piece, start) if not _action_date(text[s_start : d.start], text[d.end : s_end])],
            sentence=sentence,
        )
        if out and not (_says_something(clause) and (out[-1].dates or out[-1].triggers)):
            out[-1] = _joined(out[-1], clause)  # "X, including two medics, and a police officer, were ..."
        else:
            out.append(clause)
    return out


def _action_date(before: str, after: str) -> bool:
    """A date that belongs to a report, a court step or an investigation told around it in the sentence."""
    if VIOLENCE_AFTER.match(after) or EVENT_VERB_BEFORE.search(before):  # "investigating the Sunday shooting"
        return False
    return bool(REPORT_DATE.search(before) or (PROCEDURE_DATE.search(before) and not VIOLENCE_BEFORE.search(before))
                or ACTION_AFTER.search(after))


def _says_something(clause: Clause) -> bool:
    """Whether a clause can stand as a statement of its own: "another", or a strong trigger."""
    return _continues(clause) or any(t.rule.strong for t in clause.triggers)


def _continues(clause: Clause) -> bool:
    """"another one", "a second attack", "another deadly shooting": a new event like the one told,
    named within three words; "fire at another target" is no event."""
    for match in CONTINUATION.finditer(clause.text):
        if match.group(0).lower().endswith(" one"):
            return True
        window = NEXT_WORDS.match(clause.text, match.end())
        low, high = clause.start + match.end(), clause.start + window.end()  # type: ignore[union-attr]
        # a trigger that holds the words ("fired a third rocket") or starts within them
        if any(t.start < high and low < t.end for t in clause.triggers):
            return True
        if any(low <= d.start < high for d in clause.dates):
            return True
    return False


def _joined(first: Clause, second: Clause) -> Clause:
    return Clause(
        start=first.start,
        end=second.end,
        text=first.text + second.text,
        triggers=first.triggers + second.triggers,
        dates=first.dates + second.dates,
        sentence=first.sentence,
    )


def detect(clean: CleanArticle, doc: Doc) -> list[EventMention]:
    """Group the triggered clauses of an article into event mentions."""
    published = clean.article.published
    lex = lexicon()
    mentions: list[EventMention] = []
    loose: list[dates.DateMention] = []  # dates told in clauses that no mention took
    previous_sentence: tuple[int, int] | None = None
    for sentence in sentences(clean, doc):
        sentence_dates: list[dates.DateMention] = []
        for clause in clauses(clean.body_text, sentence):
            if published is not None:  # "Updated" a year after the story: no news happens after it is told
                clause.dates = [d for d in clause.dates if not _after(dates.resolve(d, published), published)]
            sentence_dates.extend(clause.dates)
            _place_clause(clause, mentions, sentence_dates, published, lex, clean.article.id, previous_sentence)
            if clause.dates and not any(clause in m.clauses for m in mentions[-2:]):
                loose.append(clause.dates[0])
        previous_sentence = sentence
    for i, mention in enumerate(mentions):
        undated = not mention.date_mention and mention.date.precision is None
        if undated or _sharpenable(mention.date):
            within = None if undated else mention.date
            found = _loose_day(mention, mentions[i - 1] if i else None, mentions[i + 1 : i + 2], loose, published, within)
            if found or undated:
                mention.date_mention = found
                mention.date = dates.resolve(found, published) if found else _undated(published)
    if mentions and mentions[0].date_mention is None and published is not None:
        _date_lead(mentions, loose, published)
    return [m for m in mentions if m.triggers]


def _date_lead(mentions: list[EventMention], loose: list[dates.DateMention], published: date) -> None:
    """The article's first mention, told with no date ("Two men were killed at a car wash"), is
    its news; the body dates it later ("It happened about 11 p.m. Monday", "The shooting took
    place on July 5"). It takes the first recent day told after it, in a loose clause or in a
    later mention of compatible violence that is not told as another or an earlier event."""
    lead = mentions[0]
    if not _violence(lead.triggers):
        return
    told = [(d.start, d, None) for d in loose]
    told += [(m.clauses[0].start, m.date_mention, m) for m in mentions[1:] if m.date_mention]
    for _, found, later in sorted(told, key=lambda item: item[0]):
        day = dates.resolve(found, published)
        if day.precision != "day" or day.start is None:
            continue
        if not timedelta(0) <= published - day.start <= timedelta(days=BACKGROUND_DAYS):
            continue
        violence = _violence(later.triggers) if later else []
        if later is None or (violence and not later.earlier and later.continues is None
                             and _compatible(lead, violence) and _compatible(later, lead.triggers)):
            lead.date, lead.date_mention = day, found
            return


def _loose_day(
    mention: EventMention,
    previous: EventMention | None,
    following: list[EventMention],
    loose: list[dates.DateMention],
    published: date | None,
    within: EventDate | None = None,
) -> dates.DateMention | None:
    """An undated mention takes a day told between its neighbours in a sentence of its own
    ("On March 11, at 5 pm, a caller hung up", "It happened Monday"): with no other event in
    between, that is the day of the story (else it gets the week before publication). A mention
    dated by a week (`within`: "a shooting last week") takes the first such day, if inside it."""
    low = previous.clauses[0].start if previous else -1
    high = following[0].clauses[0].start if following else float("inf")
    for found in loose:
        if not low < found.start < high:
            continue
        day = dates.resolve(found, published)
        if day.precision != "day":
            continue
        if within is not None:
            return found if _sharpens(day, within) else None  # only the first day told
        if published is None or (day.start and timedelta(0) <= published - day.start <= timedelta(days=BACKGROUND_DAYS)):
            return found
    return None


def _sharpenable(d: EventDate) -> bool:
    """A week or a few days ("last week", "the weekend", "earlier this week"): a day told inside
    it later in the article is the day of the same event."""
    return d.precision in ("week", "range") and d.start is not None and d.end is not None and (d.end - d.start).days <= SHARPEN_DAYS


def _sharpens(day: EventDate | None, coarse: EventDate) -> bool:
    return (
        day is not None and day.precision == "day" and day.start is not None and _sharpenable(coarse)
        and coarse.start <= day.start <= coarse.end  # type: ignore[operator]
    )


def _refines(day: EventDate, coarse: EventDate) -> bool:
    """A clause that tells more of the current mention may date it to a day inside its week, its
    few days or its month ("a manslaughter count in the July shooting ... On July 15, the boys ...")."""
    if _sharpens(day, coarse):
        return True
    return (day.precision == "day" and day.start is not None and coarse.precision == "month"
            and coarse.start is not None and coarse.end is not None and coarse.start <= day.start <= coarse.end)


def _place_clause(
    clause: Clause,
    mentions: list[EventMention],
    sentence_dates: list[dates.DateMention],
    published: date | None,
    lex: Lexicon,
    doc_id: str,
    previous_sentence: tuple[int, int] | None,
) -> None:
    """Add a clause to the current mention, start a new one, or drop it."""
    if SERIES_REMARK.search(clause.text):
        return
    current = mentions[-1] if mentions else None
    previous = current.date if current else None
    date_mention = _nearest_date(clause)
    resolved = dates.resolve(date_mention, published, previous) if date_mention else None
    if date_mention is not None and (inside := _weekday_inside(clause, published, previous)) is not None:
        date_mention, resolved = inside  # "on a Friday evening in mid-July"
    triggers = [t for t in clause.triggers if not t.plural]
    if len(triggers) < len(clause.triggers) and not triggers:
        # A tally ("nearly 500 airstrikes") is no event, unless one is singled out by its day.
        if SINGLED_OUT.search(clause.text) or (resolved and resolved.precision == "day"):
            triggers = clause.triggers
    continuation = _continues(clause)
    if not triggers:
        if not (continuation and clause.dates and current):
            return
        triggers = [current.main_trigger]  # "and a second one two days later"
    clause.triggers = triggers
    earlier = _told_earlier(clause, lex)
    strong = [t for t in triggers if t.rule.strong]
    if current is not None and _joins(current, clause, resolved, earlier, strong, continuation):
        current.clauses.append(clause)
        if resolved and resolved.precision and (current.date.precision is None or _refines(resolved, current.date)):
            current.date, current.date_mention = resolved, date_mention
        return
    earlier_match = _earlier_mention(mentions, clause, resolved, strong, continuation)
    if earlier_match is not None:
        earlier_match.clauses.append(clause)  # the same day's event, or "the roadside bomb" told before
        return
    if strong and all(t.definite for t in strong) and not resolved and not find_counts(clause.text):
        return  # "the 2016 peace deal": a known event named in passing, not news
    if not strong and not resolved:
        # An outcome word alone ("nine were killed") joins an earlier compatible mention if any.
        target = next((m for m in reversed(mentions) if _compatible(m, triggers)), None)
        if target is not None:
            target.clauses.append(clause)
            return
    if date_mention is None and sentence_dates:
        # "Since early May, rebels staged raids, among them an ambush on a convoy ..."
        date_mention = sentence_dates[0]
        resolved = dates.resolve(date_mention, published, previous)
    mention = EventMention(
        doc_id=doc_id,
        clauses=[clause],
        earlier=earlier,
        continues=current if continuation else None,
        context=previous_sentence,
        follows=current,
    )
    if resolved:
        mention.date, mention.date_mention = resolved, date_mention
    mentions.append(mention)


def _told_earlier(clause: Clause, lex: Lexicon) -> bool:
    """An "earlier" marker: "Earlier this week, gunmen ..." opens an earlier event, but in
    "the raid, which took place earlier today" the word only dates the event told."""
    for match in lex.earlier.finditer(clause.text):
        at = clause.start + match.start()
        opens = clause.text[: match.start()].strip(" ,;-–—").lower() in ("", "and", "but")
        if opens or not any(d.start <= at < d.end for d in clause.dates):
            return True
    return False


def _weekday_inside(
    clause: Clause, published: date | None, previous: EventDate | None
) -> tuple[dates.DateMention, EventDate] | None:
    """A weekday told with a coarse date ("on a Friday evening in mid-July") is the one such day
    inside it, when there is only one."""
    weekdays = [d for d in clause.dates if d.kind == "weekday"]
    if not weekdays:
        return None
    for coarse_mention in clause.dates:
        coarse = dates.resolve(coarse_mention, published, previous)
        if coarse.precision not in ("week", "range", "month") or coarse.start is None or coarse.end is None:
            continue
        for weekday in weekdays:
            day = dates.resolve(weekday, coarse.end).start
            if day is not None and coarse.start <= day and (day - coarse.start).days < 7:
                told = f"{weekday.text}, {coarse_mention.text}"
                return weekday, EventDate(start=day, end=day, precision="day", text=told)
    return None


def _after(day: EventDate, published: date) -> bool:
    return day.start is not None and day.start > published + timedelta(days=1)


def _nearest_date(clause: Clause) -> dates.DateMention | None:
    """The clause's date told nearest its violence: in "a vigil on Friday remembered a teenager
    who was killed earlier this month" the killing is "earlier this month", not Friday."""
    if len(clause.dates) < 2:
        return clause.dates[0] if clause.dates else None
    # "called him on Monday and learned he was shot overnight": the day told carries the night
    told = [d for d in clause.dates if d.text.lower() != "overnight"] or clause.dates
    strong = [t for t in clause.triggers if t.rule.strong] or clause.triggers
    if not strong:
        return told[0]

    def distance(d: dates.DateMention) -> int:
        return min(max(t.start - d.end, d.start - t.end, 0) for t in strong)

    return min(told, key=distance)  # ties: the first told


def _earlier_mention(
    mentions: list[EventMention],
    clause: Clause,
    resolved: EventDate | None,
    strong: list[Trigger],
    continuation: bool,
) -> EventMention | None:
    """An earlier mention (not the current one) that this clause tells more of."""
    if continuation:
        return None
    for mention in reversed(mentions[:-1]):
        if not _compatible(mention, clause.triggers):
            continue
        same_day = resolved and resolved.precision == "day" and mention.date.precision == "day" and resolved.start == mention.date.start
        families = {_family(t) for t in mention.triggers}
        named_before = strong and all(t.definite and _family(t) in families for t in strong) and not resolved
        if same_day or named_before:
            return mention
    return None


def _family(trigger: Trigger) -> str:
    return FAMILIES.get(trigger.rule.key, trigger.rule.key)


def _joins(
    current: EventMention,
    clause: Clause,
    resolved: EventDate | None,
    earlier: bool,
    strong: list[Trigger],
    continuation: bool,
) -> bool:
    """Does this clause tell more of the current mention rather than a new event?"""
    if continuation or earlier:
        return False
    if (resolved and resolved.precision and current.date.precision and resolved.start != current.date.start
            and not _refines(resolved, current.date)):
        return False
    # "arrested after a woman was found dead": the death tells more of it (a truce does not)
    told = [t for t in clause.triggers if t.rule.key != "arrests"] if _violence(clause.triggers) else clause.triggers
    if not _compatible(current, told):
        return False
    families = {_family(t) for t in current.triggers}
    for trigger in strong:
        if trigger.definite and trigger.rule.key not in GENERIC_REFERENCE and _family(trigger) not in families:
            return False  # "the beheading" names an event not told yet
    if strong and all(t.indefinite for t in strong) and current.date.precision and not resolved:
        return False  # "... and an attack on the oilfield": a new incident in an enumeration
    return True


FAMILIES = {
    "air_strike": "air",
    "shelling": "shelling",
    "explosive": "explosive",
    "suicide_bomb": "explosive",
    "grenade": "explosive",
    "chemical": "chemical",
    "protest": "protest",
    "protest_force": "protest",
    "protest_intervention": "protest",
    "riot": "riot",
    "mob": "riot",
    "arrests": "protest",
    "agreement": "agreement",
    "disrupted_weapons": "disrupted",
    "looting": "looting",
    "base_established": "base",
    "transfer_territory": "transfer",
    "group_change": "group",
    "regain_territory": "regain",
}
# Outcome and generic words fit any violent mention.
GENERIC = {"killing", "attack", "occupation", "abduction", "clash", "execution", "overtake_territory", "sexual_violence"}


def _violence(triggers: list[Trigger]) -> list[Trigger]:
    return [t for t in triggers if t.rule.event_type in VIOLENT_TYPES]


def _compatible(mention: EventMention, triggers: list[Trigger]) -> bool:
    """Can these triggers describe the same incident as the mention? Outcome words fit anything."""
    families = {FAMILIES.get(t.rule.key, "ground") for t in mention.triggers if t.rule.strong}
    if not families:
        return True
    for trigger in triggers:
        if trigger.rule.key in GENERIC:
            continue
        if FAMILIES.get(trigger.rule.key, "ground") not in families | {"ground"}:
            return False
    return True


def _undated(published: date | None) -> EventDate:
    """No date in the text: the week before publication, or nothing without a publication date."""
    if published is None:
        return EventDate()
    return EventDate(start=published - timedelta(days=6), end=published, precision="week")


def is_background(mention: EventMention, published: date | None) -> bool:
    """History mentioned for context rather than reported as news."""
    if published is None or mention.date.end is None:
        return mention.earlier
    return mention.date.end < published - timedelta(days=BACKGROUND_DAYS)
