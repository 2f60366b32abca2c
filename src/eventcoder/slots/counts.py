"""Casualty figures: who was killed, wounded, kidnapped or released, how many, and who said so.

Number libraries read "17" but not "at least 17", "nearly 500", "1000 to 3000" or "a dozen",
and they cannot tell a death toll from a fighter-strength estimate. So this module uses its own
rules, one sentence at a time:

1. find every number phrase (digits, number words, vague quantities, ranges, a leading
   qualifier, and "a"/"an"/"one" before a noun);
2. read the counted noun phrase after it ("militants", "abducted Egyptian Christians", "them");
3. give it a category only from a casualty cue tied to it: a verb before it ("killed 17"), a
   predicate after it ("17 people were killed", "3 dead"), a casualty noun ("12 bodies",
   "29 casualties"), a participle before the noun ("10 wounded soldiers"), "among those killed",
   or a coordinated figure that has one ("killed 5 soldiers and 3 civilians").
   Figures without a cue (fighter strength, strike counts) and figures that count things rather
   than people (attacks, km, years, battalions) are dropped, and so is a figure after a
   relative's noun ("a mother of three", "the son of a pastor": whose relative the victim is);
4. complete a figure with what adds to it in the same sentence: "two men died and the third
   person died later" (3), "three adults were found dead, as were two children" (5).

Two nouns of one person joined by "and" are two people when they cannot be one: two sexes ("a
man and woman"), two generations ("a girl and mother", "a father and son"), or two relatives of
one person ("her sister and mother"); "a husband and father" stays one. "A couple", "his
parents" are two. People in a condition ("two are in critical condition", present tense: alive
when written) or hospitalized are wounded; a condition figure is often told of some of the
wounded only, so it is a part of the toll.

One person told without a number counts one, as a part of the toll (qualifier "among", a figure
only when no whole one is told): "the boy died", "he died", an age in apposition to a name
("Dana Reyes, 14, died") or a bare age ("2-year-old dies"); "a deadly shooting" and a name said
to have died ("Reyes died later") tell one death, unless their sentence counts the dead. A sixth
category, "shot", counts people hit by gunfire, killed or wounded ("four people were shot", "the
shooting of two men");
slot filling turns it into a wounded figure when no wounded one is told (fill._wounded).

Vague quantities keep `value=None` and a literal lower bound, never a guessed point figure:
"several" / "a few" / "a handful" / "a number of" -> min 2, "dozens" -> min 24,
"scores" -> min 40, "hundreds" -> min 200, "thousands" -> min 2000. ACLED's own convention for
such reports (a fixed stand-in figure) belongs to whoever codes the final event, not here.

`CountReport.source` format: the speaker as written, first determiner lowercased
("a resident", "police", "the health ministry"); "a resident (Reuters)" when the speaker told a
named outlet; "the town's website" when the speaker published it on its own channel; and a
" (claim)" suffix when the figure is the perpetrator's own claim (the verb is "claimed", the
speaker "made its claim", or the speaker says "it/they killed ..."). Pronoun speakers ("he said")
take the nearest earlier named speaker in the same text.

Headlines (`find_headline_counts`) are read by the same rules, part by part (an outlet's name
after " - " or " | ", and a clause after ";", is a part of its own), and with their dropped
article put back: "Teen fatally shot in X" tells one person as "the teen fatally shot" does,
"charged in killing of neighbor" as "in the killing of the neighbor". Present-tense verbs and
"self" read as the body writes them ("Boy shoots self": one person shot), a comma between nouns
is a list ("Girl, mother wounded": two), and "critical" or "stable" after a person is wounded.
The one who fired killing himself after his victims counts among the killed, as the Gun
Violence Archive counts him: "Two killed, gunman commits suicide" is 3, "shot wife, 2 children
in murder-suicide" is 4 (a murder-suicide makes the people shot dead); "4 dead in
murder-suicide" already includes him. Their reports have `source` "the headline", the headline
as `text` and no offsets (offsets point into the body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..schema import Count, CountReport

CLAIM_SUFFIX = " (claim)"
PARTIAL = "among"  # qualifier of a figure that is part of a total: "six residents among those killed"
COMBINED = "killed or wounded"
# Qualifier of a wounded figure worked out from people shot ("two were shot, one fatally"): its
# `max` is the number shot, so a death told later (another report) lowers it (`wounded_given`).
SHOT_NOT_KILLED = "shot, not killed"
HEADLINE = "the headline"  # the source of a figure read from an article's title

# --- numbers --------------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000}
_VAGUE_MIN = {
    "several": 2, "a few": 2, "a handful": 2, "a number": 2, "a couple of": 2, "dozens": 24, "scores": 40,
    "hundreds": 200, "thousands": 2000,
}  # fmt: skip


def _alt(words: object) -> str:
    """A regex alternation, longest first so "seventeen" wins over "seven"."""
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


_SMALL = rf"(?:(?:{_alt(_TENS)})(?:[\s-]+(?:{_alt(list(_UNITS)[1:10])}))?|(?:{_alt(_UNITS)}))"
_NUM = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+"
    rf"|(?:{_SMALL}|a)\s+(?:{_alt(_SCALES)})(?:(?:\s+and)?\s+{_SMALL})?(?![\w-])"
    rf"|{_SMALL}(?![\w-]))"
)

# Qualifier -> how it bounds the figure. "more than N" is read as "at least N": the stated figure
# is the firm lower bound a coder can cite.
_LOWER = ("at least", "more than", "over", "upwards of", "no fewer than", "no less than",
          "in excess of")  # fmt: skip
_NEAR = ("nearly", "almost", "close to", "just under")
_CAP = ("up to", "as many as", "fewer than", "less than", "no more than")
_APPROX = ("about", "around", "approximately", "roughly", "some", "an estimated", "estimated")
_NEUTRAL = ("a total of", "another", "a further")  # additional or summed, still exact
_QUALIFIERS = _LOWER + _NEAR + _CAP + _APPROX + _NEUTRAL

_QTY_RE = re.compile(
    rf"""(?<![\w$£€.,:/-])
    (?:(?P<qual>{_alt(_QUALIFIERS)})\s+)?
    (?:between\s+(?P<b1>{_NUM})\s+and\s+(?P<b2>{_NUM})
      |(?P<r1>{_NUM})\s*(?:-|–|\bto\b|\bor\b)\s*(?P<r2>{_NUM})
      |(?P<vague>{_alt(_VAGUE_MIN)})
      |(?P<age>(?:\d{{1,3}}|{_SMALL})(?:-|\s+)years?(?:-|\s+)old)
      |(?P<num>{_NUM})
      |(?P<pron>he|she)
      |(?P<art>an?|another|one|his|her|the))
    (?![\w%]|[.,:/]\d|-[a-z])""",
    re.I | re.X,
)
# "the boy", "his wife": one person already named, counted only as a part of the toll (PARTIAL),
# and only for nouns of one person (not "the people", "the police").
_DEFINITE_ONE = ("the", "his", "her")
_ONE_PERSON = frozenset(
    """man woman boy girl child baby infant toddler teen teenager youth victim person son daughter
    father mother brother sister wife husband girlfriend boyfriend fiancee fiance friend cousin nephew
    niece uncle aunt grandson granddaughter grandfather grandmother stepson stepdaughter stepfather
    student driver officer deputy trooper soldier hunter resident neighbor neighbour guard gunman
    male female juvenile adult
    shooter suspect mom dad""".split()
)
# "a couple", "his parents": nouns of two people.
_TWO_PEOPLE = frozenset({"couple", "parents"})
# "a woman", "an 8-year-old boy": one victim told by who she is.
_ONE_DESCRIBED_RE = re.compile(r"(?:an?)\s", re.I)
# One person's age right after a figure: the figure counts something else (a gallery's pictures).
_ONE_AGE_AFTER_RE = re.compile(r"\s+\d+[- ]year[- ]old\b(?!s)", re.I)
_AGE_RE = re.compile(r"\b(?:aged|age|ages(?:\s+of)?)\s+$", re.I)
# "a 14-year-old boy": the article before the age already counts the person.
_BEFORE_AGE_RE = re.compile(rf"\b(?:an?|the|his|her|their|its|another|\d+|{_SMALL})\s+$", re.I)
# "Dana Reyes, 14, of Elmwood, died": an age in apposition to a name or a person noun.
_APPOSITION_BEFORE_RE = re.compile(
    rf"(?:\b[A-Z][a-z][\w'’-]*|\b(?:{_alt(_ONE_PERSON)}))\s*,\s*$"
)
_APPOSITION_AFTER_RE = re.compile(r"\s*(?:,|(?=[;:)]|\.(?!\d)|$))")
_NEGATED_RE = re.compile(r"\b(?:no|not)\s+$", re.I)
_NOT_NAMES = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
_MONTH_BEFORE_RE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)(?:[a-z]+|\.)?\s+$"
)
_CLOCK_RE = re.compile(r"\s*(?:[ap]\.?m\b|o['’]clock)", re.I)  # "around 5 p.m.": a time
# "a mother of three was shot", "the son of a police officer died": the figure after "of" tells
# whose relative the victim is, not another victim.
_RELATIVE_OF_RE = re.compile(rf"\b(?:{_alt(_ONE_PERSON | {'parent'})})s?\s+of\s+$", re.I)
# ... unless the one after "of" is told as a victim by a participle right after it: "friends of a
# teen killed Friday", "the mother of a boy shot last week" (the "of" phrase names the victim).
_REDUCED_RELATIVE_RE = re.compile(
    r"\s+(?:(?:fatally|mortally)\s+)?(?:killed|slain|murdered|shot|wounded|injured)\b",
    re.I,
)
_RISE_FROM_RE = re.compile(r"\b(?:rose|risen|climbed|increased|jumped|grew)\s+from\s+$", re.I)


def _number(text: str) -> int:
    """The value of a digit or word number: "1,200", "twenty-one", "two hundred", "a dozen"."""
    text = text.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    total = current = 0
    for word in re.split(r"[\s-]+", text):
        if word in _UNITS or word in _TENS:
            current += _UNITS.get(word, 0) + _TENS.get(word, 0)
        elif word == "a":
            current = 1
        elif word in ("dozen", "hundred"):
            current = (current or 1) * _SCALES[word]
        elif word == "thousand":
            total, current = total + (current or 1) * 1000, 0
    return total + current


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    value: int | None
    min: int | None
    max: int | None
    qualifier: str | None
    article: bool  # "a"/"an"/"one": a count only before a noun
    year_like: bool  # 1900-2099 as bare digits: a count only before a noun


def _quantity(m: re.Match[str]) -> _Quantity:
    """Bounds of one number phrase under its qualifier (see the module docstring)."""
    qual = (m["qual"] or "").lower() or None
    qualifier = None if qual in _NEUTRAL else qual
    low = high = None
    if m["b1"] or m["r1"]:
        low, high = _number(m["b1"] or m["r1"]), _number(m["b2"] or m["r2"])
        qualifier = qualifier or ("between" if m["b1"] else None)
        return _Quantity(m.start(), m.end(), None, low, high, qualifier, False, False)
    if m["vague"]:
        vague = m["vague"].lower()
        return _Quantity(m.start(), m.end(), None, _VAGUE_MIN[vague], None, qualifier or vague,
                         False, False)  # fmt: skip
    if m["pron"]:  # "he died at the hospital": one person, part of a toll told elsewhere if any
        return _Quantity(m.start(), m.end(), 1, 1, 1, PARTIAL, False, False)
    if m["age"]:  # "15-year-old girl fatally shot": one person, named by age
        return _Quantity(m.start(), m.end(), 1, 1, 1, PARTIAL, False, False)
    raw = m["num"] or "one"
    n = _number(raw)
    if qual in _LOWER:
        value, low = n, n
    elif qual in _NEAR:
        value, high = n, n
    elif qual in _CAP:
        value, high = None, n
    elif qual in _APPROX:
        value = n
    else:
        value, low, high = n, n, n
    article = bool(m["art"]) or raw.lower() == "one"
    if (m["art"] or "").lower() in _DEFINITE_ONE:
        qualifier = PARTIAL  # "the victim died": one of the victims, a figure only when nothing else is
    year_like = raw.isdigit() and len(raw) == 4 and 1900 <= n <= 2099
    return _Quantity(m.start(), m.end(), value, low, high, qualifier, article, year_like)


# --- the counted noun phrase ----------------------------------------------------------------

# A word of a noun phrase; "17 year old", an age written without hyphens, is one.
_WORD_RE = re.compile(rf"\s+((?:\d{{1,3}}|{_SMALL})\s+years?\s+old\b|[A-Za-z0-9][\w'’-]*)", re.I)
_PARTITIVE_RE = re.compile(
    r"\s+of\b(?:\s+(?P<pron>them|those|these|us|whom)\b|\s+(?:the|its|their|his|her|these)\b)?",
    re.I,
)
_OF_THE_TOLL_RE = re.compile(
    r"\s+of\s+the\s+(?:\w+\s+)?(?:dead|deceased|killed|slain|victims|wounded|injured|casualties|bodies)\b", re.I
)
_STOP = frozenset(
    """in on at near of from by with without during after before since across outside inside
    into onto off over under around through throughout against toward towards about between
    and or but nor so yet as than because while when where whom whose who which that what
    were was is are had have has been be being will would could should may might can did do
    does not also reportedly all either both allegedly later including among aged according
    to for last this these those there here it its their his her they he she we our you the
    said say says told reported accidentally critically seriously fatally mortally ago himself
    herself themselves following amid despite found then within upon until""".split()
)
_MODIFIERS = frozenset({"more", "other", "additional", "further"})
# Heads that count things, times or units, never people.
_NON_VICTIM = frozenset(
    """attack strike airstrike raid bombing bomb explosion blast rocket missile shell mortar
    round shot wound drone tank aircraft plane helicopter vehicle car truck bus boat weapon gun
    rifle shotgun handgun pistol revolver firearm house home building shop school village town city district province position base
    checkpoint camp post compound operation sortie incident mission km kilometre kilometer
    mile metre meter foot feet yard hectare acre tonne ton kg kilogram percent per cent dollar
    euro pound cent year month week day hour minute second time am pm a p gmt o'clock morning
    afternoon evening night block battalion
    brigade regiment division corps squadron company unit platoon infantry army force front
    case number total lot series wave attempt occasion figure report statement video photo
    item supply document january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec
    animal dog puppy cat kitten horse cow cattle goat sheep deer raccoon bird chicken pet
    shooting stabbing crash accident fire gunfire gunshot bullet argument fight dispute altercation
    robbery party autopsy investigation scene funeral vigil""".split()
)


def _is_non_victim(head: str) -> bool:
    word = head.lower()
    return word in _NON_VICTIM or (word.endswith("s") and word[:-1] in _NON_VICTIM)


@dataclass(frozen=True)
class _Phrase:
    end: int
    head: str | None
    has_noun: bool  # a noun or pronoun follows the number
    adnominal: str | None  # category of a participle before the noun: "10 wounded soldiers"
    first_conjunct: str | None = None  # "girl" of "a girl and mother"


# Nouns of one person one can tell apart: "a man and wife" are two people, "a husband and father" one.
_MALE = frozenset("""man boy son father brother husband boyfriend fiance nephew uncle grandson
    grandfather stepson stepfather dad""".split())
_FEMALE = frozenset("""woman girl daughter mother sister wife girlfriend fiancee niece aunt
    granddaughter grandmother stepdaughter stepmother mom""".split())
_YOUNGER = frozenset("""boy girl child baby infant toddler teen teenager youth son daughter
    stepson stepdaughter nephew niece grandson granddaughter""".split())
_OLDER = frozenset("""man woman father mother stepfather stepmother uncle aunt grandfather
    grandmother dad mom""".split())


_PEOPLE = frozenset({"people", "persons", "men", "women", "children", "teens", "teenagers", "kids"})


def _is_age(word: str) -> bool:
    """"6-year-old": an age, standing for the person ("the 6-year-old died")."""
    number = _QTY_RE.fullmatch(word)
    return bool(number and number["age"])


def _is_person(np: _Phrase) -> bool:
    """Whether a counted phrase's head names people ("a boy", "two men", "a 6-year-old")."""
    head = (np.head or "").lower()
    return head in _ONE_PERSON | _PEOPLE or head.removesuffix("s") in _ONE_PERSON or _is_age(head)


def _two_people(determiner: str, np: _Phrase) -> bool:
    """Whether "a FIRST and SECOND" names two people: nouns of two sexes ("a man and woman") or
    of two generations ("a girl and mother", "a father and son"), while one person may be "a
    husband and father"; relatives of one person are two ("her sister and mother"), and so are
    two ages ("the 11-year-old and 7-year-old")."""
    if not np.first_conjunct or not np.head:
        return False
    pair = {np.first_conjunct.lower(), np.head.lower()}
    if determiner in ("his", "her") and len(pair) == 2 and pair <= _ONE_PERSON:
        return True
    if len(pair) == 2 and all(_is_age(word) for word in pair):
        return True
    return (bool(pair & _MALE) and bool(pair & _FEMALE)) or (bool(pair & _YOUNGER) and bool(pair & _OLDER))


def _is_np_word(word: str) -> bool:
    return (
        word.lower() not in _STOP
        and not _PARTICIPLE_RE.fullmatch(word)
        and (not _QTY_RE.fullmatch(word) or _is_age(word))  # "a 2-year-old boy"
    )


# Verbs of no adjective: "he died hours later" is no "died hours" ("10 wounded soldiers" is).
_NOT_ADNOMINAL_RE = re.compile(r"died|dies|perished", re.I)


def _phrase(sent: str, pos: int) -> _Phrase | None:
    """The counted noun phrase after a number; None when it is a superlative partitive."""
    has_noun = False
    part = _PARTITIVE_RE.match(sent, pos)
    if part:
        pos = part.end()
        if part["pron"]:
            return _Phrase(pos, None, True, None)
    words: list[re.Match[str]] = []
    cursor = pos
    while (w := _WORD_RE.match(sent, cursor)) and len(words) < 6:
        words.append(w)
        cursor = w.end()
    head: str | None = None
    adnominal: str | None = None
    first_conjunct: str | None = None
    end = pos
    for i, w in enumerate(words):
        word, low = w[1], w[1].lower()
        following = words[i + 1][1] if i + 1 < len(words) else None
        if part and i == 0 and (low.endswith("est") or low == "most"):
            return None
        adjective = _PARTICIPLE_RE.fullmatch(word) and not _NOT_ADNOMINAL_RE.fullmatch(word)
        if not head and adjective and following and _is_np_word(following):
            adnominal = adnominal or _category(word)
        elif _PREDICATE_START_RE.match(sent, w.start()) or (head and low.endswith("ed")):
            break  # "people lost their lives", "passengers prompted ..."
        elif head and (word in _NOT_NAMES or low in _WHEN_WORDS):
            break  # "killing a girl Tuesday night": a time after the noun
        elif low in _NOUN_CATEGORY:
            head, has_noun, end = word, True, w.end()
            break  # "20-25 bodies lay in the square"
        elif low in ("and", "or") and head and following and following.lower().endswith("ing"):
            break  # "killing two guards and setting fire to ...": a new clause, not a conjunct
        elif low in ("and", "or") and head and following and _is_np_word(following):
            # "policemen and civilians": the last conjunct's head stands for the group
            first_conjunct = first_conjunct or (head if low == "and" else None)
        elif low in _MODIFIERS:
            end = w.end()
        elif _is_np_word(word):
            head, has_noun, end = word, True, w.end()
        else:
            break
    return _Phrase(end, head, has_noun or bool(part), adnominal, first_conjunct)


# --- casualty cues --------------------------------------------------------------------------

_FATAL_PART = "killed|dead|deceased|died|dies|slain|executed|beheaded|murdered|massacred|perished"
# "fatally shot", "mortally wounded": a death, whatever the participle says.
_FATALLY = r"(?:fatally|mortally)\s+(?:shot|wounded|injured|stabbed)"
_INJURED_PART = "wounded|injured|hurt|hospitali[sz]ed"
# "his uncle remains listed in critical condition": alive and hurt when the article was written.
_CONDITION = (
    r"(?:is|are|remains?)\s+(?:(?:listed|still|now|currently|reported|hospitali[sz]ed)\s+)*in\s+"
    r"(?:critical|serious|stable|grave|fair|good)(?:\s+but\s+stable)?\s+condition"
)
_PARTICIPLE_RE = re.compile(
    rf"{_FATAL_PART}|{_INJURED_PART}|kidnapped|abducted|seized|captured|snatched"
    r"|released|freed|rescued",
    re.I,
)
_PREDICATE = (
    rf"{_FATALLY}|shot\s+and\s+killed|shot\s+to\s+death|gunned\s+down|{_PARTICIPLE_RE.pattern}|shot\s+dead|lost\s+(?:their|his|her)\s+lives?"
    r"|(?:taken|held)\s+(?:hostage|captive|prisoner)|shot\s+and\s+(?:wounded|injured)"
    r"|(?:fatally|mortally)(?=\s*(?:[,.;:)]|$))"  # "two were shot, one fatally"
    r"|shot|struck\s+by\s+(?:gunfire|a\s+(?:stray\s+)?bullet|bullets)"  # hit: killed or wounded
    rf"|{_CONDITION}"
)
# Checked in this order, so "casualty toll" is "casualties" and "death toll" is "fatalities".
_CATEGORY_RES = tuple(
    (category, re.compile(rf"\b(?:{pattern})\b", re.I))
    for category, pattern in (
        ("casualties", r"casualt(?:y|ies)"),
        ("fatalities", r"kill(?:ed|ing|ings|s)?|dead|deceased|died|dies?|deaths?|slain|slay(?:ing)?|slew"
         r"|execut(?:ed|ing|ions?)|behead(?:ed|ing|ings)?|murder(?:ed|ing|s)?"
         r"|massacr(?:e|ed|es|ing)|perished|fatalit(?:y|ies)|bod(?:y|ies)|corpses?|toll"
         r"|(?:the|their|his|her)\s+lives?|shot\s+dead|fatally|mortally|to\s+death|gunned"),
        ("injured", rf"wound(?:ed|ing|s)?|injur(?:ed|ing|y|ies)|hurt(?:ing)?|hospitali[sz]ed|{_CONDITION}"),
        ("kidnapped", r"kidnapp(?:ed|ing|ings?)|kidnaps?|abduct(?:ed|ing|ions?|ees?)|hostages?"
         r"|captives?|taken\s+prisoner|seiz(?:ed|ing)|captur(?:ed|ing)|snatched"),
        ("released", r"releas(?:e|ed|ing)|free(?:d|ing)|rescu(?:e|ed|ing)"),
        ("shot", r"shot|struck"),
    )
)  # fmt: skip


def _category(phrase: str) -> str | None:
    """The category a cue word or phrase names; None for anything else."""
    return next((c for c, pattern in _CATEGORY_RES if pattern.search(phrase)), None)


_PREDICATE_START_RE = re.compile(rf"\s+(?:{_PREDICATE})\b", re.I)
_AUX = (
    r"were|was|are|is|have|has|had|been|being|be|got|get|reportedly|also|all|later|allegedly"
    r"|either|confirmed|reported|found|left|feared|believed|thought|said|to|now|subsequently"
    r"|then|apparently|in\s+total|critically|seriously|severely|gravely|slightly|badly|accidentally"
    r"|pronounced|declared"
)
_PASSIVE_AUX_RE = re.compile(r"\b(?:were|was|are|is|been|being|be|got|get)\b", re.I)
_PERFECT_AUX_RE = re.compile(r"\b(?:have|has|had)\b", re.I)
_INTRANSITIVE_RE = re.compile(rf"dead|died|dies|perished|lost\b|(?:fatally|mortally)$|{_CONDITION}", re.I)
# Casualty nouns that count people: "12 deaths", "29 casualties", "4 hostages".
_NOUN_CATEGORY = {
    **dict.fromkeys(("death", "deaths", "body", "bodies", "corpses", "fatalities", "killings",
                     "murders"), "fatalities"),
    **dict.fromkeys(("injuries", "wounded", "injured"), "injured"),
    **dict.fromkeys(("hostage", "hostages", "captives", "abductees"), "kidnapped"),
    **dict.fromkeys(("casualty", "casualties"), "casualties"),
}  # fmt: skip
_POST_RE = re.compile(
    rf"""(?:\s*,[^,.;]{{1,80}},)?
    (?:\s+(?:of|from|(?P<loc>in|at|near)|involved\s+in)
       (?:\s+(?!(?:where|who|whom|that|which|when)\b)[\w'’-]+){{1,6}}?)?
    (?:\s+(?:who|that))?
    (?P<aux>(?:\s+(?:{_AUX}))*)
    \s+(?P<cue>{_PREDICATE})\b
    (?:\s+(?:or|and)\s+(?P<cue2>{_FATAL_PART}|{_INJURED_PART})\b)?""",
    re.I | re.X,
)
_DETERMINERS = frozenset({"the", "his", "her", "its", "their", "our", "some"})
# A verb before a figure; not "kill" itself, whose figure is what someone wanted, tried or
# threatened to do ("wanted to kill the whole family", "would kill them all").
_LEFT_RE = re.compile(
    r"""(?:\b(?P<verb>(?:fatally|mortally)\s+(?:shot|shooting|stabbed|stabbing|wounded|wounding)
            |(?:shot|shooting)\s+and\s+(?:killed|killing)
            |kill(?:ed|ing|s)|shot\s+dead|shooting\s+dead|shot|execut(?:ed|ing)
            |behead(?:ed|ing)|murder(?:ed|ing)|massacr(?:ed|ing)|slew|slaying
            |wound(?:ed|ing)|injur(?:ed|ing)|hurt(?:ing)?|kidnapp(?:ed|ing)|abduct(?:ed|ing)
            |seiz(?:ed|ing)|captur(?:ed|ing)|releas(?:ed|ing)|free(?:d|ing)|rescu(?:ed|ing)
            |(?:claimed|claiming|took|taking)\s+the\s+lives\s+of)
          (?:\s+(?:or|and)\s+(?P<verb2>kill(?:ed|ing)|wound(?:ed|ing)|injur(?:ed|ing)))?
          (?:\s+(?:all\s+)?(?:the|his|her|their))?
       |\bthe\s+(?:[\w-]+\s+){0,2}?(?P<noun>deaths?|killings?|murders?|executions?|beheadings?|massacre|bodies
            |kidnappings?|abductions?|release|rescue|shootings?)\s+of
       |\b(?P<toll>(?:death\s+|casualty\s+)?toll\b[^.;]{0,40}?
          \b(?:to|at|of|was|is|reached|hit|stands\s+at|stood\s+at)))
    \s+$""",
    re.I | re.X,
)
# People in a condition are often some of the wounded ("two in critical condition, three stable").
_CONDITION_AFTER_RE = re.compile(rf"(?:\s+[\w'’-]+){{0,3}}?\s+{_CONDITION}\b", re.I)
_AMONG_RE = re.compile(
    rf"(?:\s+[\w'’-]+){{0,8}}?\s+(?:as\s+)?(?:being\s+)?among\s+(?:those|the)"
    rf"\s+(?P<cue>{_PREDICATE})\b",
    re.I,
)
_SELF_AGENT_RE = re.compile(
    r"\b(?:it|they|we|(?:its|their|our)\s+[\w'’-]+)\s+(?:(?:had|has|have)\s+)?$", re.I
)
# A list after a verb may be joined by bare commas ("killed 6 fighters, 2 women and a child");
# before a predicate only "and" is safe, as a bare comma there often ends a clause.
_COORD_RES = {
    "left": re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|as\s+well\s+as\s+)(?:their\s+)?", re.I),
    "post": re.compile(r"\s*(?:,\s*)?(?:and|as\s+well\s+as)\s+(?:their\s+)?", re.I),
    "list": re.compile(r"\s*,\s*"),  # the bare commas of a list that ends in "and"
}


_WHEN_WORDS = frozenset({"early", "late", "overnight", "yesterday", "today", "tonight"})


def _starts_object(sent: str, pos: int) -> bool:
    """Whether an object follows a bare participle: "3 gunmen killed two guards" is active."""
    word = _WORD_RE.match(sent, pos)
    if word is None or word[1] in _NOT_NAMES or word[1].lower() in _WHEN_WORDS:
        return False  # "a man killed early Saturday": a time, no object
    return bool(
        word[1].lower() in _DETERMINERS
        or _is_np_word(word[1])
        or _QTY_RE.match(sent, word.start(1))
    )


_FATAL_MODIFIER_RE = re.compile(r"\b(?:fatal|deadly)\b", re.I)
_FOUND_RE = re.compile(r"\bfound\b", re.I)
_REFLEXIVE_RE = re.compile(r"\s+(?:himself|herself)\b", re.I)


def _is_predicate_of(sent: str, post: re.Match[str]) -> bool:
    """Whether a cue after a figure says what happened to it: passive ("were killed"),
    intransitive ("have died", "3 dead"), or a bare participle with no object ("17 killed in").
    "a government that has murdered ..." and "3 gunmen killed two guards" are active."""
    if _PASSIVE_AUX_RE.search(post["aux"]) or _INTRANSITIVE_RE.match(post["cue"]):
        return True
    if _REFLEXIVE_RE.match(sent, post.end()):
        return True  # "a boy fatally shot himself": the one who fired is the one hit
    return not _PERFECT_AUX_RE.search(post["aux"]) and not _starts_object(sent, post.end())


# "a teen injured in a shooting Monday has died", "a man shot Saturday died Sunday": the one hit
# died since, told by the main verb of the clause (not a new subject's: "... and his friend died").
_DIED_AFTER_RE = re.compile(
    r"(?P<gap>[^.;,:!?\"“”]{0,80}?)\s+(?:and\s+)?(?:(?:has|have|had)\s+(?:since\s+|now\s+)?|later\s+)?"
    r"(?:died|dies)\b",
    re.I,
)
_NEW_CLAUSE_RE = re.compile(
    r"\b(?:who|that|which|whose|said|says|told|and|but|while|when|after|before|because|as)\b", re.I
)


def _died_after(sent: str, pos: int) -> bool:
    """Whether the clause going on at `pos` tells that its subject died: "(a teen injured Monday)
    has died", "(Dana Reyes, 16,) suffered a gunshot wound and later died"."""
    after = _DIED_AFTER_RE.match(sent, pos)
    return after is not None and not _NEW_CLAUSE_RE.search(after["gap"])


def _combined(first: str, second: str | None) -> bool:
    """ "killed or wounded", "killed and injured": one figure for two categories."""
    return second is not None and {_category(first), _category(second)} == {
        "fatalities", "injured"
    }  # fmt: skip


@dataclass(frozen=True)
class _Cue:
    category: str
    kind: str  # "left", "post", "noun", "adnominal", "among"
    cue_start: int | None = None  # where a left verb starts, to spot "it killed ..."


def _cue(sent: str, q: _Quantity, np: _Phrase) -> _Cue | None:
    """The casualty cue tied to one figure, in order of how directly it governs it."""
    left = _LEFT_RE.search(sent, max(0, q.start - 80), q.start)
    if left and left.end() == q.start:
        if left["verb"] and left["verb2"] and _combined(left["verb"], left["verb2"]):
            return _Cue("casualties", "left", left.start())
        if left["noun"] and left["noun"].lower().startswith("shooting"):  # "the fatal shooting of a girl"
            return _Cue("fatalities" if _FATAL_MODIFIER_RE.search(left.group()) else "shot", "left", left.start())
        if category := _category(left["verb"] or left["noun"] or left["toll"]):
            return _Cue(category, "left", left.start())
    post = _POST_RE.match(sent, np.end)
    if post and post["loc"] and not _is_person(np):
        post = None  # "a boy in Elmwood died", not "an apartment in Elmwood has died"
    if post and post["cue"].lower() == "shot" and _FOUND_RE.search(sent, max(0, q.start - 60), post.start("cue")):
        post = None  # "four people found shot", "found the mother and the child shot": often dead
    if post and _is_predicate_of(sent, post):
        if _combined(post["cue"], post["cue2"]):
            return _Cue("casualties", "post")
        category = _category(post["cue"]) or "fatalities"
        died = _category(post["cue2"] or "") == "fatalities" or _died_after(sent, post.end())  # "was shot and died"
        return _Cue("fatalities" if category in ("shot", "injured") and died else category, "post")
    if np.head and (category := _NOUN_CATEGORY.get(np.head.lower())):
        return _Cue(category, "noun")
    if np.adnominal:
        return _Cue(np.adnominal, "adnominal")
    among = _AMONG_RE.match(sent, np.end)
    if among and (category := _category(among["cue"])):
        return _Cue(category, "among")
    if (np.head is None or _is_person(np)) and _died_after(sent, np.end):
        return _Cue("fatalities", "post")  # "Dana Reyes, 16, suffered a gunshot wound and later died"
    return None


# --- attribution ----------------------------------------------------------------------------

_REPORT_RE = re.compile(
    r"\b(?P<verb>said|says|say|told|reported|stated|announced|confirmed|claimed|listed|added)\b"
    r"(?!\s+(?:responsibility|credit|the\s+lives))"
    r"|\baccording\s+to\s+(?P<who>[^,.;]+?)(?=\s*(?:[,.;]|$)|\s+(?:that|who)\b)",
    re.I,
)
_RELATIVE_RE = re.compile(r",\s*(?:which|who|whose)\b[^,]*,\s*$", re.I)
_BOUNDARY_RE = re.compile(
    r"[,;:—–\"“”(]|\b(?:that|and|but|while|whereas|after|when|because|as)\b", re.I
)
_TRAILING_TIME_RE = re.compile(
    r"\s+(?:(?:late\s+|early\s+)?on\s+\w+day|also|later|earlier|previously|then|on\s+\w+)$",
    re.I,
)
_OUTLET_RE = re.compile(r"\s+([A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|news\s+agency))*)")
_CHANNEL_RE = re.compile(
    r"\b(?:on|in|via)\s+(?:its|their)\s+((?:[\w'’-]+\s+){0,2}?"
    r"(?:website|site|page|channel|account|agency|feed))\b",
    re.I,
)
_PARENTHETICAL_RE = re.compile(r"—[^—]*—|–[^–]*–|\s-\s[^-]*\s-\s|\([^)]*\)")
_PRONOUNS = frozenset({"he", "she", "they", "it"})
# A speaker chunk ending in these is a clause ("was reported"), not a speaker.
_NOT_SPEAKER_END = frozenset(
    {"was", "were", "is", "are", "been", "be", "being", "had", "has", "have", "who", "which"}
)


@dataclass(frozen=True)
class _Attribution:
    start: int  # of the reporting verb, in sentence coordinates
    end: int
    speaker: str
    claim: bool


def _speaker(sent: str, m: re.Match[str]) -> _Attribution | None:
    """Who a reporting verb quotes, and whether it is the speaker's own claim."""
    if m["who"]:
        return _Attribution(m.start(), m.end(), _lower_determiner(m["who"].strip()), False)
    left = sent[: m.start()]
    relative = _RELATIVE_RE.search(left)
    claim = m["verb"].lower().startswith("claim")
    if relative:
        claim = claim or "claim" in relative.group().lower()
        left = left[: relative.start()]
    cut = 0
    for b in _BOUNDARY_RE.finditer(left):
        cut = b.end()
    chunk = _TRAILING_TIME_RE.sub("", left[cut:].strip())
    words = chunk.split()
    if not words or len(words) > 8 or words[-1].lower() in _NOT_SPEAKER_END:
        return None
    claim = claim or "claim" in chunk.lower()
    speaker = _lower_determiner(chunk)
    after = sent[m.end() :]
    if m["verb"].lower() in ("told", "tells") and (outlet := _OUTLET_RE.match(after)):
        speaker = f"{speaker} ({outlet[1].rstrip('.')})"
    elif channel := _CHANNEL_RE.search(after):
        speaker = f"{speaker}'s {channel[1]}"
    return _Attribution(m.start(), m.end(), speaker, claim)


def _lower_determiner(text: str) -> str:
    first, _, rest = text.partition(" ")
    if first in ("The", "A", "An"):
        first = first.lower()
    return f"{first} {rest}".strip()


def _attributions(sent: str) -> list[_Attribution]:
    return [a for m in _REPORT_RE.finditer(sent) if (a := _speaker(sent, m))]


def _source(
    sent: str, attributions: list[_Attribution], q: _Quantity, cue: _Cue, earlier: str | None
) -> str | None:
    """The attribution governing a figure: the nearest reporting verb before it outside any
    dash or bracket aside (unless the figure shares the aside), else the first one after it."""
    asides = [(m.start(), m.end()) for m in _PARENTHETICAL_RE.finditer(sent)]

    def aside(pos: int) -> tuple[int, int] | None:
        return next((a for a in asides if a[0] <= pos < a[1]), None)

    visible = [a for a in attributions if aside(a.start) in (None, aside(q.start))]
    before = [a for a in visible if a.end <= q.start]
    chosen = before[-1] if before else next((a for a in visible if a.start >= q.end), None)
    if chosen is None:
        return None
    speaker, claim = chosen.speaker, chosen.claim
    if speaker.lower() in _PRONOUNS and earlier:
        return earlier
    if before and cue.kind == "left" and cue.cue_start is not None:
        claim = claim or bool(_SELF_AGENT_RE.search(sent, chosen.end, cue.cue_start))
    return speaker + CLAIM_SUFFIX if claim and not speaker.endswith(CLAIM_SUFFIX) else speaker


# --- sentences ------------------------------------------------------------------------------

_SENT_END_RE = re.compile(
    r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|(?<=[.!?])\s{2,}|\n+"
)
_ABBREVIATION_RE = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr|St|No|Lt|Col|Gen|Sgt|Capt|Maj|Gov|Sen|Rep"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z]|\.[A-Z])\.$"
)


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; a stop after a title or an initial ("U.S.", "Gen.") does not end one."""
    spans, start = [], 0
    for m in _SENT_END_RE.finditer(text):
        if text[m.start() - 1 : m.start()] == "." and _ABBREVIATION_RE.search(text, 0, m.start()):
            continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# --- public API -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CountMention:
    """One casualty figure as written, with its category and the counted group's head noun."""

    category: str  # "fatalities" | "injured" | "kidnapped" | "released" | "casualties" | "shot"
    report: CountReport
    victim: str | None

    @property
    def claim(self) -> bool:
        return is_claim(self.report)


def is_claim(report: CountReport) -> bool:
    """True when the figure is the perpetrator's own claim (see the module docstring)."""
    return bool(report.source and report.source.endswith(CLAIM_SUFFIX))


def find_counts(text: str, offset: int = 0) -> list[CountMention]:
    """Casualty figures in `text` (usually one sentence, or a sentence with its neighbours).

    Offsets in each report are into `text` plus `offset`.
    """
    mentions: list[CountMention] = []
    earlier: str | None = None
    for s_start, s_end in _sentences(text):
        sent = text[s_start:s_end]
        attributions = _attributions(sent)
        found = _sentence_counts(sent, attributions, earlier)
        for category, q, np, source in found:
            start, end = s_start + q.start, s_start + max(q.end, np.end)
            # "six ... among those killed", "three of the dead", "two are in critical condition":
            # a part of the toll
            partial = (
                _AMONG_RE.match(sent, np.end) is not None or _OF_THE_TOLL_RE.match(sent, q.end) is not None
                or _CONDITION_AFTER_RE.match(sent, np.end) is not None
            )
            report = CountReport(
                value=q.value, min=q.min, max=None if partial else q.max,
                qualifier=PARTIAL if partial else q.qualifier, source=source,
                combined=COMBINED if category == "casualties" else None,
                start=offset + start, end=offset + end, text=text[start:end],
            )  # fmt: skip
            victim = np.head if np.head and np.head.lower() not in _PRONOUNS else None
            mentions.append(CountMention(category, report, victim))
        named = [a.speaker for a in attributions if a.speaker.lower() not in _PRONOUNS]
        earlier = named[-1] if named else earlier
    return mentions


def _sentence_counts(
    sent: str, attributions: list[_Attribution], earlier: str | None
) -> list[tuple[str, _Quantity, _Phrase, str | None]]:
    """Figures of one sentence with a category, coordinated figures sharing their neighbour's."""
    items: list[tuple[_Quantity, _Phrase, _Cue | None]] = []
    by_name: set[int] = set()  # where figures told by an incident's name start ("a deadly shooting")
    separate = tells_separate(sent)
    for m in _QTY_RE.finditer(sent):
        before = sent[: m.start()]
        if _AGE_RE.search(before) or (m["age"] and _BEFORE_AGE_RE.search(before)) or _CLOCK_RE.match(sent, m.end()):
            continue
        if m["num"] and _MONTH_BEFORE_RE.search(before):  # "on Sept. 3 died": a day of the month
            continue
        if m["num"] and _ONE_AGE_AFTER_RE.match(sent, m.end()):  # "Photo 5 of 5 3-year-old who ...": no five
            continue
        if (m["num"] or "").lower() == "one" and _NEGATED_RE.search(before):  # "no one else was hurt"
            continue
        relative = bool((m["num"] or m["art"] or m["age"]) and _RELATIVE_OF_RE.search(before))
        if m["age"] and items and m.start() < items[-1][1].end:  # "his uncle and 9-year-old niece"
            continue
        if separate and not (m["art"] or m["pron"] or m["age"] or (m["num"] or "").lower() == "one"):
            continue  # "two teens died in separate incidents": a tally of several events
        q = _quantity(m)
        if m["r1"] and _RISE_FROM_RE.search(before):  # "rose from 9 to 12": 12 alone
            n = _number(m["r2"])
            q = _Quantity(m.start("r2"), m.end("r2"), n, n, n, None, False, False)
        if m["art"] and (deadly := _DEADLY_EVENT_RE.match(sent, m.start())):
            # "a deadly shooting": someone died, a part of a toll told elsewhere if any
            one = _Quantity(m.start(), deadly.end(), 1, 1, 1, PARTIAL, True, False)
            items.append((one, _Phrase(deadly.end(), None, True, None), _Cue("fatalities", "noun")))
            by_name.add(one.start)
            continue
        # a pronoun has no noun after it ("he died hours later")
        np = _Phrase(q.end, None, True, None) if m["pron"] else _phrase(sent, q.end)
        if np is None or (np.head and _is_non_victim(np.head)):
            continue
        if m["age"] and not np.has_noun:  # "2-year-old dies": the age names the person
            np = _Phrase(np.end, None, True, None)
        elif (apposition := _apposition(sent, m)) is not None:
            if items and re.fullmatch(r"\s*,\s*", sent[items[-1][1].end : m.start()]):
                # "the girl, 12, died", "a man, 40, and a woman": the age of the person just
                # counted, whose phrase runs on over it
                last_q, last_np, last_cue = items[-1]
                last_np = replace(last_np, end=apposition[1].end)
                items[-1] = (last_q, last_np, last_cue or _cue(sent, last_q, last_np))
                continue
            q, np = apposition
        if (q.article or q.year_like) and not np.has_noun and not _one_told(sent, m, np):
            continue
        head, article = (np.head or "").lower(), (m["art"] or "").lower()
        if article in _DEFINITE_ONE and head not in _ONE_PERSON | _TWO_PEOPLE and not _is_age(head):
            continue
        if relative and not ((article in ("a", "an") or m["age"]) and _REDUCED_RELATIVE_RE.match(sent, np.end)):
            continue
        if q.value == 1 and (_two_people(article, np) or (article and head in _TWO_PEOPLE)):  # "a couple"
            q = replace(q, value=2, min=2, max=2)
        items.append((q, np, _cue(sent, q, np)))
    for named in _NAME_DIED_RE.finditer(sent):  # "Smith died later at the hospital": one person
        if named["name"].split()[0] not in _NOT_NAMES | _NOT_NAMED and not any(
            q.start <= named.start() < np.end for q, np, _ in items
        ):
            one = _Quantity(named.start(), named.end("name"), 1, 1, 1, PARTIAL, False, False)
            items.append((one, _Phrase(named.end("name"), None, True, None), _Cue("fatalities", "post")))
            by_name.add(one.start)
    items.sort(key=lambda item: item[0].start)
    # "killed 5 soldiers and 3 civilians": a verb before the first figure governs the rest;
    # "5 soldiers and 3 civilians were killed": a predicate after the last governs the rest.
    for i in range(1, len(items)):
        _share_cue(sent, items, i, i - 1, "left")
    for i in range(len(items) - 2, -1, -1):
        _share_cue(sent, items, i, i + 1, "post")
        if i + 2 < len(items) and _COORD_RES["post"].fullmatch(sent, items[i + 1][1].end, items[i + 2][0].start):
            _share_cue(sent, items, i, i + 1, "list")  # "a teenager, three farmers and a nurse died"
    found = [
        (_killing_after(sent, np, cue.category), q, np, _source(sent, attributions, q, cue, earlier))
        for q, np, cue in _with_as_were(sent, items)
        if cue is not None
    ]
    # "a deadly shooting left three men dead", "Smith died": figures told by the incident's name
    # or a person's, when the sentence counts no one else of their category
    counted = {category for category, q, _, _ in found if q.start not in by_name}
    found = [f for f in found if not (f[1].start in by_name and f[0] in counted)]
    return _with_ordinals(sent, found)


# "two teens died in separate incidents", "two shootings left three men dead": several events.
_SEPARATE_RE = re.compile(
    rf"\b(?:separate|unrelated)\s+(?:shooting\s+)?(?:incidents|shootings|attacks)\b"
    rf"|\b(?:{_NUM}|several|multiple)\s+(?:deadly\s+|fatal\s+)?(?:shootings|shooting\s+incidents)\b",
    re.I,
)


# "a deadly shooting", "the fatal accidental shooting": one death at least ("the fatal shooting of
# a girl" counts the girl instead).
_DEADLY_EVENT_RE = re.compile(
    r"(?:an?|the)\s+(?:fatal|deadly)\s+(?:accidental\s+)?(?:shooting|stabbing)\b(?!\s+(?:of|deaths?)\b)", re.I
)


def tells_separate(sentence: str) -> bool:
    """Whether a sentence tallies several incidents ("two teens died in separate incidents")."""
    return _SEPARATE_RE.search(sentence) is not None


def names_incident(report: CountReport) -> bool:
    """Whether a figure is told by the incident's name ("a deadly shooting"), not by its victims."""
    return _DEADLY_EVENT_RE.fullmatch(report.text or "") is not None


# "Smith died at the hospital", "Dana Reyes was pronounced dead": a person named and said to have died.
_NAME_DIED_RE = re.compile(
    r"(?<![\w'’-])(?P<name>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*)?)"
    r"\s+(?:(?:later|also|then)\s+)?(?:died|has\s+died|was\s+(?:pronounced|declared)\s+dead"
    r"|was\s+(?:fatally\s+shot|killed|shot\s+and\s+killed|shot\s+dead|shot\s+to\s+death))\b"
)
# Capitalized words before such a verb that name no one.
_NOT_NAMED = frozenset(
    "The A An This That It He She They Police Officers Authorities Officials Deputies Investigators Nobody No One"
    .split()
)
_AS_WERE_RE = re.compile(r",?\s+as\s+(?:was|were)\s+$", re.I)


def _with_as_were(
    sent: str, items: list[tuple[_Quantity, _Phrase, _Cue | None]]
) -> list[tuple[_Quantity, _Phrase, _Cue | None]]:
    """"Two adults were found dead, as were three children": the figure after "as were" adds to
    the one before it (5)."""
    out: list[tuple[_Quantity, _Phrase, _Cue | None]] = []
    for q, np, cue in items:
        told = next((i for i in range(len(out) - 1, -1, -1) if out[i][2] is not None), None)
        if told is not None and cue is None and q.value is not None and _AS_WERE_RE.search(sent, 0, q.start):
            first, first_np, first_cue = out[told]
            if first.value is not None:
                out[told] = (*_grown(first, first_np, first.value + q.value, np), first_cue)
                continue
        out.append((q, np, cue))
    return out


_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_ORDINAL_RE = re.compile(rf"(?:the|a)\s+({_alt(_ORDINALS)})\b", re.I)


def _with_ordinals(
    sent: str, found: list[tuple[str, _Quantity, _Phrase, str | None]]
) -> list[tuple[str, _Quantity, _Phrase, str | None]]:
    """"Two women died on the spot and a third person died later": an n-th person of the category
    of an earlier figure of n - 1 completes it (3), and is no figure of its own."""
    out: list[tuple[str, _Quantity, _Phrase, str | None]] = []
    for category, q, np, source in found:
        nth = _ORDINAL_RE.match(sent, q.start)
        n = _ORDINALS[nth[1].lower()] if nth else 0
        earlier = next((i for i, (c, e, _, _) in enumerate(out) if c == category and e.value == n - 1), None)
        if not nth or earlier is None:
            out.append((category, q, np, source))
            continue
        _, first, first_np, first_source = out[earlier]
        out[earlier] = (category, *_grown(first, first_np, n, np), first_source)
    return out


def _grown(q: _Quantity, np: _Phrase, n: int, told_with: _Phrase) -> tuple[_Quantity, _Phrase]:
    """An earlier figure completed to n by a later phrase of its sentence, its span running on to it."""
    return replace(q, value=n, min=n, max=n if q.max is not None else None), replace(np, end=told_with.end)


# "shot his nephew, killing him", "shot his brother to death": the people shot are the dead.
_KILLING_AFTER_RE = re.compile(
    r"[^,.;]{0,60}?,\s*(?:killing|fatally\s+wounding)\s+(?:him|her|them|both|all|the\s+[\w-]+)\b"
    r"|\s+(?:to\s+death|dead)\b",
    re.I,
)


def _killing_after(sent: str, np: _Phrase, category: str) -> str:
    return "fatalities" if category == "shot" and _KILLING_AFTER_RE.match(sent, np.end) else category


def _share_cue(
    sent: str, items: list[tuple[_Quantity, _Phrase, _Cue | None]], i: int, j: int, kind: str
) -> None:
    """Give figure i the cue of its coordinated neighbour j when that cue is of `kind` (a "list"
    figure takes a predicate's cue across the bare comma of a list)."""
    q, np, cue = items[i]
    other = items[j][2]
    first, second = sorted((items[i], items[j]), key=lambda item: item[0].start)
    if sent[second[0].start : second[0].end].lower() in _PRONOUNS:
        return  # "did an autopsy and he died": a pronoun after "and" starts a clause of its own
    if cue is None and other and other.kind == ("post" if kind == "list" else kind):
        if _COORD_RES[kind].fullmatch(sent, first[1].end, second[0].start):
            items[i] = (q, np, other)


def _apposition(sent: str, m: re.Match[str]) -> tuple[_Quantity, _Phrase] | None:
    """"Dana Reyes, 14, died": a small number between commas after a name or a person noun is
    an age, and the person is one victim (the cue comes after the closing comma)."""
    if not m["num"] or m["qual"] or not m["num"].isdigit() or int(m["num"]) > 120:
        return None
    before = _APPOSITION_BEFORE_RE.search(sent, max(0, m.start() - 40), m.start())
    after = _APPOSITION_AFTER_RE.match(sent, m.end())
    if before is None or after is None or before.group().split(",")[0].strip() in _NOT_NAMES:
        return None
    end = m.end() if _POST_RE.match(sent, m.end()) else after.end()  # ", of Elmwood, died" or ", died"
    return _Quantity(m.start(), m.end(), 1, 1, 1, PARTIAL, False, False), _Phrase(end, None, True, None)


def _one_told(sent: str, m: re.Match[str], np: _Phrase) -> bool:
    """"Two were shot, one fatally", "Seven shot, one killed", "another was wounded": a bare "one"
    or "another" told by its predicate."""
    if (m["num"] or m["art"] or "").lower() not in ("one", "another") or np.end != m.end() or _NEGATED_RE.search(sent, 0, m.start()):
        return False  # "no one was hurt"
    return _POST_RE.match(sent, np.end) is not None


def _firm(report: CountReport) -> int | None:
    """A figure a coder can cite: a point value, or the low end of a range."""
    if report.value is not None:
        return report.value
    if report.min is not None and report.max is not None:
        return report.min
    return None


def tells_whole(reports: list[CountReport]) -> bool:
    """Whether a report gives a firm figure of the whole toll (not a part of it, not a mixed one)."""
    return any(r.combined is None and r.qualifier != PARTIAL and _firm(r) is not None for r in reports)


def wounded_given(reports: list[CountReport], killed: int | None) -> list[CountReport]:
    """Wounded figures worked out from people shot, lowered when the toll known now is higher than
    the one they were worked out with: a victim reported shot and then reported dead is not
    wounded."""
    if not killed:
        return reports
    out = []
    for r in reports:
        if r.qualifier == SHOT_NOT_KILLED and r.value is not None and r.max is not None:
            left = min(r.value, max(0, r.max - killed))
            r = r.model_copy(update={"value": left, "min": left})
        out.append(r)
    return out


def _one_described(report: CountReport) -> bool:
    return report.value == 1 and report.qualifier is None and bool(_ONE_DESCRIBED_RE.match(report.text or ""))


def best_count(reports: list[CountReport]) -> Count:
    """Combine several sources' figures into one Count by the codebook's conservative rule.

    1. Reports with `combined` set ("killed or wounded") are never a figure for one category.
    2. Independent reports win over the perpetrator's own claims; claims are used only when no
       independent report gives a firm figure.
    3. Among the kept reports, `best` is the lowest firm figure of any source (a partial one,
       "six among those killed", only when no report gives a whole figure): a point value ("at
       least 9" counts as 9, "about 30" as 30), or the low end of a range. A source is an
       article's own voice or a speaker it quotes; one source's figure is the largest it gives,
       since an article's smaller figures tell parts of its toll ("four people were found dead
       ... a girl and two women"). Vague and capped reports ("several", "dozens", "up to 300")
       are never firm, so `best` is None when nothing is.
    4. `min`/`max` are the spread of the kept reports' bounds (a bound missing on one side falls
       back to the report's value). Every report, dropped or not, stays in `reports`.
    """
    eligible = [r for r in reports if r.combined is None]
    independent = [r for r in eligible if not is_claim(r)]
    claims = [r for r in eligible if is_claim(r)]
    tiers = [t for t in (independent, claims) if t]
    kept = next((t for t in tiers if any(_firm(r) is not None for r in t)), None)
    kept = kept or (tiers[0] if tiers else [])
    # A part of the total ("six residents among those killed"), or one victim told by who she is ("a
    # woman", "an 8-year-old": no claim that no one else died), is a figure only when nothing else is.
    by_source: dict[tuple[str | None, str | None], int] = {}
    for r in kept:
        if r.qualifier != PARTIAL and not _one_described(r) and (f := _firm(r)) is not None:
            by_source[(r.doc_id, r.source)] = max(by_source.get((r.doc_id, r.source), f), f)
    whole = list(by_source.values())
    firm = whole or [f for r in kept if (f := _firm(r)) is not None]
    lows = [low for r in kept if (low := r.min if r.min is not None else r.value) is not None]
    highs = [h for r in kept if (h := r.max if r.max is not None else r.value) is not None]
    return Count(
        best=min(firm) if firm else None,
        min=min(lows) if lows else None,
        max=max(highs) if highs else None,
        reports=list(reports),
    )


# " - WSMV Channel 4", " | Continuous News", "Victim dies; police seek driver": a headline's parts;
# the outlet's name is one of them.
_HEADLINE_PARTS_RE = re.compile(r"\s[-–|](?=\s|$)|;")
# "Topeka man dies", "college student killed": a person noun early in a headline part,
# its article dropped.
_HEADLINE_PERSON_RE = re.compile(rf"^(?:\S+\s+){{0,4}}?(?P<noun>{_alt(_ONE_PERSON)})\b", re.I)
# Where a headline's noun phrase starts, its article dropped: "Teen killed", "Cops: Man shoots
# neighbor", "girl killed, grandmother hurt"; up to three words before the person noun.
_HEADLINE_NP_RE = re.compile(
    rf"(?P<lead>^|:\s+|,\s+|\b(?:and|of|after|before|for|to|with|from)\s+"
    rf"|\b(?:kill(?:s|ed|ing)|shot|shooting|wound(?:s|ed|ing)|injur(?:es|ed|ing))\s+)"
    rf"(?P<np>(?:(?!(?:{_alt(_STOP)}|kill\w*|sho[ot]\w*|wound\w*|injur\w*)\b)[A-Za-z][\w'’.-]*\s+){{0,3}}?"
    rf"(?:{_alt(_ONE_PERSON | _TWO_PEOPLE)})\b)",
    re.I,
)
# "Toddler shot, killed", "Son Shot & Killed", "Two shot in the chest, killed": a headline's
# "shot and killed".
_HEADLINE_SHOT_KILLED_RE = re.compile(r"\bshot(?P<where>\s+in\s+the\s+[\w-]+)?\s*(?:,|&)\s*killed\b", re.I)
# "3 dead, 1 critical", "father in critical condition", "girl stable": a headline's wounded.
_HEADLINE_CRITICAL_RE = re.compile(
    rf"\b({_NUM}|{_alt(_ONE_PERSON)})\s+(?:is\s+)?(?:in\s+)?(?:critical|serious|stable|grave)(?:\s+condition)?\b"
    r"(?!\s+of\b)",
    re.I,
)
# "charged in shooting death of teen", "in Elmwood shooting death of neighbor", "arrest in deadly
# shooting": the article dropped before a killing noun too (a place's name may come between).
_HEADLINE_KILLING_RE = re.compile(
    r"\b((?:in|for|with|after|over|about)\s+)((?:(?-i:[A-Z])[\w'’.-]*\s+){0,2}?(?:fatal\s+|deadly\s+)?"
    r"(?:shooting\s+)?(?:deaths?|killings?|murders?|shootings?)\s+of|(?:fatal|deadly)\s+(?:shooting|stabbing))\b",
    re.I,
)
# "charged in a neighbour's shooting death", "in boyfriend's fatal shooting": the killing of a person
# named before it, as "the shooting death of teen" tells it.
_HEADLINE_POSSESSIVE_RE = re.compile(
    rf"\b(?P<who>(?:\d+-year-old\s+)?(?:{_alt(_ONE_PERSON)}))['’]s\s+"
    r"(?P<what>(?:fatal\s+|deadly\s+)?(?:shooting\s+)?(?:death|killing|murder)|(?:fatal|deadly)\s+shooting)\b",
    re.I,
)
# "3 adults, 1 child found dead": a headline's comma before a figure is an "and".
_HEADLINE_LIST_RE = re.compile(rf",\s+(?=(?:{_NUM})\s)", re.I)
# "Boy who shot himself dies", "Toddler injured in shooting has died": the one hit died.
_HEADLINE_DIED_RE = re.compile(r"\b(?:dies|died|has\s+died|is\s+dead)\W*$", re.I)
# Headline verbs in the present, and "self" for "himself": "Boy shoots self", "2 die", "kills wife, self".
_HEADLINE_TENSE_RES = (
    (re.compile(r"\bshoots\b", re.I), "shot"),
    (re.compile(r"\bdie\b", re.I), "died"),
    (re.compile(r"(?<![\w-])self(?![\w-])", re.I), "himself"),
    (re.compile(r"\bkills(?=\s+(?:him|her)self\b)", re.I), "killed"),
)
# The one who fired killed himself: "killed himself", "turned the gun on herself", "and then himself"
# (not "accidentally shot himself": a victim's own accident).
SUICIDE = re.compile(
    r"\b(?<!accidentally\s)(?:(?:kill(?:ed|ing|s)?|shot|shooting|shoots)\s+(?:him|her)self"
    r"|(?:turn(?:ed|ing|s)?|used)\s+(?:the\s+)?(?:gun|weapon|rifle|firearm|handgun|pistol|shotgun)"
    r"\s+on\s+(?:him|her)self"
    r"|commit(?:ted|ting|s)?\s+suicide"
    r"|t(?:ook|aking|akes)\s+(?:his|her)\s+own\s+life|and\s+(?:then\s+)?(?:him|her)self)\b",
    re.I,
)
# ... and in a headline after his victims: "three girls slain, mother commits suicide", "kills wife,
# then self", "shot wife, 3 kids in murder-suicide" (the Gun Violence Archive counts him).
_HEADLINE_SUICIDE_RE = re.compile(
    rf"{SUICIDE.pattern}|(?:\bthen|,)\s+(?:then\s+)?(?:him|her)self\b|\bin\s+(?:\S+\s+){{0,3}}?murder[-/\s]suicide\b",
    re.I,
)
_HEADLINE_ALL_DEAD_RE = re.compile(r"\b(?:dead|die[sd]?)\b", re.I)
_HEADLINE_SUICIDE_LINK_RE = re.compile(r"\b(?:and|then|before|in)\b|,", re.I)


def _headline_phrase(part: str) -> str:
    """A headline part as a sentence: present-tense verbs and "self" as the body writes them, lists
    joined by "and", critical condition as wounded, and the dropped article put back ("the")."""
    phrase = part
    for pattern, word in _HEADLINE_TENSE_RES:
        phrase = pattern.sub(word, phrase)
    phrase = _HEADLINE_SHOT_KILLED_RE.sub(r"shot and killed\g<where>", phrase)
    phrase = _HEADLINE_POSSESSIVE_RE.sub(r"the \g<what> of \g<who>", phrase)
    phrase = _HEADLINE_LIST_RE.sub(" and ", _HEADLINE_CRITICAL_RE.sub(r"\1 wounded", phrase))
    return _HEADLINE_NP_RE.sub(_with_article, _HEADLINE_KILLING_RE.sub(r"\1the \2", phrase))


def _with_article(m: re.Match[str]) -> str:
    if any(_QTY_RE.fullmatch(w) for w in m["np"].split()[:-1]):
        return m.group()  # "one man", "kills 6-year-old brother": a figure of its own
    lead = " and " if m["lead"].startswith(",") else m["lead"]  # "girl killed, grandmother hurt"
    return f"{lead}the {m['np']}"


def _after_suicide(found: list[CountMention], phrase: str) -> list[CountMention]:
    """The victims' figure counts the one who fired too when the headline tells his suicide after
    them; "murder-suicide" also makes the people shot dead."""
    victims = [f for f in found if f.category in ("fatalities", "shot") and f.report.end is not None]
    if not victims:
        return found
    last = max(f.report.end or 0 for f in victims)
    suicide = _HEADLINE_SUICIDE_RE.search(phrase, last)
    if suicide is None or not _HEADLINE_SUICIDE_LINK_RE.search(phrase, last, suicide.end()):
        return found
    murder = "murder" in suicide.group().lower()
    if murder and _HEADLINE_ALL_DEAD_RE.search(phrase, 0, suicide.start()):
        return found  # "three dead in murder-suicide": the dead include him
    return [
        CountMention("fatalities", with_shooter(f.report), f.victim)
        if f.category == "fatalities" or (murder and f.category == "shot") else f
        for f in found
    ]


def with_shooter(report: CountReport) -> CountReport:
    """"Shot his wife and then himself": the toll counts the one who fired too."""
    bump = {k: v + 1 for k in ("value", "min", "max") if (v := getattr(report, k)) is not None}
    return report.model_copy(update=bump)


def find_headline_counts(title: str) -> list[CountMention]:
    """Casualty figures told by a headline (see the module docstring)."""
    mentions = []
    for part in _HEADLINE_PARTS_RE.split(title):
        part = part.strip(" -–|")
        phrase = _headline_phrase(part)
        found = _after_suicide(_summed(find_counts(phrase)), phrase)
        person = _HEADLINE_PERSON_RE.match(phrase)
        if not found and person:
            found = find_counts("the " + phrase[person.start("noun") :])
        died = _HEADLINE_DIED_RE.search(phrase) is not None
        if not found and person and died:  # "Victim in X shooting dies"
            report = CountReport(value=1, min=1, max=1, qualifier=PARTIAL)
            found = [CountMention("fatalities", report, person["noun"])]
        for f in found:
            category = "fatalities" if died and f.category in ("shot", "injured") else f.category
            report = f.report.model_copy(update={"source": HEADLINE, "start": None, "end": None, "text": part})
            mentions.append(CountMention(category, report, f.victim))
    return mentions


def _summed(found: list[CountMention]) -> list[CountMention]:
    """"3 adults and 1 child found dead": a headline's figures of one category for different
    groups are parts of one toll."""
    out: list[CountMention] = []
    for f in found:
        same = next((i for i, o in enumerate(out) if o.category == f.category), None)
        if same is None or out[same].victim == f.victim or None in (out[same].report.value, f.report.value):
            out.append(f)
            continue
        total = out[same].report.value + f.report.value  # type: ignore[operator]
        partial = PARTIAL in (out[same].report.qualifier, f.report.qualifier)
        report = out[same].report.model_copy(
            update={"value": total, "min": total, "max": total, "qualifier": PARTIAL if partial else None})
        out[same] = CountMention(f.category, report, out[same].victim)
    return out
