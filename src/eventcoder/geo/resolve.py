"""Find place names in text, pick the right place for each, and place events.

NER labels alone miss places (the small spaCy model calls some desert towns PERSON or ORG), so
capitalised word sequences are matched against the gazetteer too, with a stoplist and context
checks to keep "March" or "Mr. Derna" out. Ambiguous names are settled at document level: the
country the document is about, nearness to the other places named, "X, Y" containment, and the
size and kind of each candidate place.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ..clean import DATELINE
from ..schema import Location
from .gazetteer import Gazetteer, Match, Place, get_gazetteer
from .match import normalize
from .relative import NAME, Relative, find_relative, haversine_km, midpoint, offset_point

# "St. Louis", "Ft. Worth", "Mt. Vernon": the abbreviation belongs to the name
NAME_PREFIX = r"\b(?:St|ST|Ste|STE|Ft|FT|Mt|MT)\.\s+"
# a whole run of capitalised words ("the Lower East Side of New York"), whose parts are matched longest first
CAPITALISED = re.compile(rf"(?:{NAME_PREFIX})?{NAME}(?:[ ‐-](?:(?:of|de|la|le|du)[ ‐-])?[A-Z][\w’'‐-]*)*")
PREFIX_BEFORE = re.compile(rf"{NAME_PREFIX}$")
# "X region", "X province": the words that make a name an area.
AREA_WORDS = r"region|province|district|governorate|state|county|parish|municipality|prefecture|oasis"
AREA = re.compile(rf"(?P<name>{NAME})\s+(?i:(?P<word>{AREA_WORDS}))\b")
# A name in a list closed by an area word: "Barrow, Jackson and Oconee counties", "Becker County".
LIST_AREA = re.compile(rf"(?:(?:,\s*|\s+and\s+|\s+or\s+|,\s+and\s+){NAME})*,?\s+(?P<word>(?i:counties|"
                       rf"parishes|provinces|districts|regions|states|governorates|{AREA_WORDS}|co\.))(?!\w)")
ADMIN_CODES = {"admin1": "ADM1", "admin2": "ADM2"}
CONTEXT_PASSES = 3  # the first ranks each mention alone, later ones use the others' places
MAX_CANDIDATES = 25  # per mention, by prior: "Springfield" has dozens
MAX_CONTEXT = 7.5  # the most `_context` can add
# The source prior (SourceContext): weights of the shares of a source's places in a country and a
# state, damped while it has few places (a share counts as if SOURCE_SMOOTHING more were seen).
HOME_COUNTRY_WEIGHT = 3.0
HOME_STATE_WEIGHT = 6.0
# The prior of a place within HOME_NEAR_KM of the town a local outlet names after its headline.
HOME_NEAR_WEIGHT = 3.0
HOME_NEAR_KM = 250.0
SOURCE_SMOOTHING = 5
STATE_WEIGHT = 3.0  # the prior of places in the states a document names, by their share of those mentions
METROPOLIS = 500_000  # a foreign town this big is meant even where the focus country has a namesake
HOME_KEEP = 1.0  # a foreign namesake this usual for the source survives the focus filter
# A town below this size, in another state than the one a local story's other places settle in and
# this far from all of them, is a namesake of a place the gazetteer lacks.
STRAY_POPULATION = 100_000
STRAY_KM = 300.0
FACILITY_WORDS = (r"air\s*base|airbase|air\s*field|airfield|airport|air\s*strip|airstrip|oil\s*field|oilfield|"
                  r"oil\s+terminal|refinery|barracks|military\s+base|army\s+base|base|camp|checkpoint|prison|"
                  r"port|border\s+crossing|dam")
FACILITY = re.compile(rf"(?P<name>{NAME})\s+(?i:(?P<word>{FACILITY_WORDS}))\b")
# GeoNames feature codes a facility word points to, to prefer among same-named places, by the
# word's first letters ("airport", "air base" -> air).
FACILITY_CODES = {"air": {"AIRB", "AIRF", "AIRP", "MILB"}, "oil": {"OILF", "OILT", "OILR"},
                  "refinery": {"OILR"}, "base": {"MILB", "AIRB", "INSM"}, "army": {"MILB", "INSM"},
                  "military": {"MILB", "INSM"}, "barracks": {"INSM", "MILB"}, "camp": {"CMP", "MILB"}}
# "the city", "the same town": a place named before, when the sentence names none.
TOWN_ANAPHOR = re.compile(r"\b(?i:the|that|this)\s+(?:same\s+)?(?:city|town|village)\b(?!\s+(?:of|council|hall|centre|center)\b)")
ANTECEDENT_CHARS = 600
POSSESSOR = re.compile(r"[^’']+['’]s\s+(?=\S)")
ARMED_UNIT_AFTER = re.compile(r"\s+(?i:force|brigades?|battalions?|militias?|regiments?|division)\b")
LOCATIVE = re.compile(r"(?i:\b(?:in|at|near|from|to|into|outside|around|across|towards?|between|of|"
                      r"through|and|via|by|off)\s+(?:the\s+)?)$")
TITLE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Capt|Sgt|Sheikh|President|Prime Minister|Minister|"
                   r"Senator|Sen|Rep|Gov|Judge|Mayor|King|Prince|Imam|Saint|St)\.?\s+)$")
# Street words: never a place alone ("Street" is a village in Somerset, not "South Seventh Street"),
# and after a name they make it a street ("Madrid Street").
STREET_WORDS = frozenset({"street", "road", "avenue", "boulevard", "lane", "drive", "highway", "parkway", "way",
                          "trail", "expressway", "freeway", "turnpike", "terrace"})
STREET_ABBREVIATIONS = frozenset({"st", "rd", "ave", "blvd", "ln", "dr", "hwy", "pkwy"})
# The last word of an institution's or a newspaper's name: a name before it ("Mercy Lutheran
# Hospital", "Lincoln High School", "the Dayton Courier") names the institution, which need not lie in
# the town of that name; such a name is a place only beside the document's other places.
INSTITUTION_WORDS = ("hospital|medical|health|clinic|school|high|elementary|middle|academy|college|university|"
                     "church|chapel|cathedral|temple|mosque|synagogue|memorial|regional|lutheran|baptist|methodist|"
                     "catholic|presbyterian|store|shop|market|mall|plaza|park|apartments|center|centre|hotel|motel|"
                     "inn|restaurant|grill|lounge|club|stadium|arena|cemetery|library|museum|tribune|times|herald|"
                     "post|gazette|journal|courier|chronicle|inquirer|observer|register|press|daily|news")
INSTITUTION_AFTER = re.compile(rf"(?:\s+[A-Z][\w'’.&-]*){{0,2}}\s+(?:{INSTITUTION_WORDS.title()})\b")
# "Topeka Police", "the Fort Worth police", "Harris County Sheriff's Office", "Hays City Hall",
# "Gainesville residents": a local agency or people named after their town or county, which is then
# a place even inside an organisation's name.
AGENCY_AFTER = re.compile(r"(?:(?:\s+(?:Metro|City|County|Township|Village|Borough|Parish))?\s+"
                          r"(?i:police|sheriff|fire\s+department|pd|public\s+safety|council|mayor|residents?)"
                          r"|\s+(?:City|Town)\s+(?i:hall))\b")
# Words ending a street's name after another word ("Oakhurst Circle", "Oak Court").
STREET_TAILS = frozenset({"circle", "court", "place", "square", "loop", "cove", "crossing", "row"})
# "Circle K", "Plan B": a name and a letter are a brand or a label.
LETTER_AFTER = re.compile(r"\s+[A-Z](?![\w.’'-])")
STOPLIST = frozenset("""
january february march april may june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday islamic
state states islam muslim christian the a an this that these those he she it they we i you his her
their our its there here today yesterday tomorrow police army government ministry president minister
general colonel council court university hospital school church mosque party union national news
reuters afp ap bbc al jazeera media office department security forces force group brigade battalion
militia al-qaeda qaeda isis isil daesh boko haram shabaab taliban hezbollah hamas east west north south
central northern southern eastern western mr mrs ms dr sheikh king prince god allah arab
western sunni shia shiite kurdish tuareg tebu toubou amazigh
christmas easter ramadan eid chairman chief director commander spokesman governor mayor senator
reporter photo video update breaking read more said says can will may should would could did does
do had has have was were is are be been being after before during since while when where why how
what who which but and or not no yes all any some many most more other such only own same so than
too very just also well back still even new old first last long great little right big high
metro share caption image story officer officers deputy deputies sheriff detective sergeant side lower upper
trooper mall in on at of for to by with from into st ste ft mt
center centre park plaza gallery suites medical tribune herald gazette
journal courier chronicle inquirer
""".split()) | STREET_WORDS
# The cues that make a doubtful name a place: "in Circle", "Dover, Del.", "Star, Idaho".
PLACE_CUE_BEFORE = re.compile(r"(?i:\b(?:in|at|near|outside|from|into|around|towards?|downtown|uptown|"
                              r"(?:north|south)(?:east|west)?|east|west|central)\s+)$")
# A container after a comma may be a dotted abbreviation: "Salisbury, N.C.", "Bedford, N.H.".
CONTAINER_NAME = rf"(?:(?:[A-Z][a-z]?\.){{2,3}}|{NAME})"
PLACE_CUE_AFTER = re.compile(rf",\s+(?P<name>{CONTAINER_NAME})")
# A dotted abbreviation anywhere ("N.Y. State Police", "a N.C. man"): a state or a country when
# the gazetteer knows it as one.
DOTTED = re.compile(r"(?<![\w.])(?:[A-Z][a-z]?\.){2,3}(?!\w)")
# "the 1900 block of Dover": a street, named the US way.
BLOCK_OF = re.compile(r"(?i:\bblock\s+of\s+(?:(?:north|south|east|west|[nsew]\.?)\s+)?)$")
# "Madrid Street", "Seneca Parkway", "Millers Ferry Road": a street, not the place
STREET = re.compile(rf"(?:\s+[A-Z][\w'’-]*){{0,2}}\s+(?i:{'|'.join(sorted(STREET_WORDS | STREET_ABBREVIATIONS))})\b")
NER_PLACES = {"GPE", "LOC", "FAC"}
WEAK_RADIUS_KM = 400.0
NER_NOT_PLACES = {"PERSON", "ORG", "NORP"}
# Inside these entities a capitalised word is never a place: "the Fourth of July" is no Fürth.
NER_NEVER_PLACES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}
# An all-capital short word not tagged as a place is an acronym ("SUV"), whatever airport code it shares.
ACRONYM = re.compile(r"[A-Z]{2,4}")
DIRECTIONS = {"north": (0.78, 0.5), "south": (0.22, 0.5), "east": (0.5, 0.78), "west": (0.5, 0.22),
              "northeast": (0.78, 0.78), "northwest": (0.78, 0.22), "southeast": (0.22, 0.78),
              "southwest": (0.22, 0.22), "central": (0.5, 0.5), "centre": (0.5, 0.5), "center": (0.5, 0.5)}
DIRECTION_WORD = (r"(?:north|south)[- ]?(?:east|west)(?:ern)?|(?:north|south|east|west)(?:ern)?|"
                  r"central|centre|center")
REGION_PHRASE = re.compile(rf"(?i:(?:the\s+)?(?:far\s+)?(?:(?P<dir>{DIRECTION_WORD})(?:\s+(?:part\s+)?of)?\s+)?)"
                           rf"(?P<name>{NAME})(?:\s+(?i:region|province|district|governorate|area))?")


@dataclass
class Toponym:
    start: int
    end: int
    text: str
    candidates: list[Place]
    kind: str = "name"  # "name", "area" (X region), "facility" (X air base), "anchor" (of a relative), "demonym"
    facility: str | None = None  # the facility word, for "facility"
    variant: bool = False  # found only as a spelling variant of the gazetteer's names


@dataclass
class ResolvedToponym:
    toponym: Toponym
    place: Place | None
    score: float = 0.0
    alternatives: list[Place] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.toponym.start

    @property
    def end(self) -> int:
        return self.toponym.end


# --- finding ------------------------------------------------------------------------------------


FOCUS_SHARE = 0.5  # a country named this share of the time, or twice as often as any other, is the focus


# The town of a dateline at a line's start: capitals up to the state, the agency or the dash.
DATELINE_TOWN = re.compile(r"(?m)^[A-Z][A-Z'’.]*(?: [A-Z][A-Z'’.]*){0,3}(?=\s*[,(–—-])")


def _strip_area_word(text: str) -> str:
    return re.sub(rf"\s+(?i:{AREA_WORDS})$", "", text)


def _lookup(gazetteer: Gazetteer, text: str, fuzzy: bool) -> list[Place]:
    """Candidates for a span: the country of a demonym ("Iraqi"), else the places of that name,
    trying it without a trailing area word ("Rapides Parish")."""
    demonym = gazetteer.demonym(text)
    if demonym is not None:
        return [demonym]
    return gazetteer.candidates(text, fuzzy) or gazetteer.candidates(_strip_area_word(text), fuzzy)


def _ner_labels(doc: Any, offset: int) -> list[tuple[int, int, str]]:
    if doc is None:
        return []
    return [(ent.start_char + offset, ent.end_char + offset, ent.label_) for ent in doc.ents]


def _label(labels: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The NER label over a span; "PART" when the span is a piece of a person's or a group's
    name, "ORG_PART" inside an organisation's name, which often holds a place ("the Ohio Supreme
    Court", "Misrata Military Council") but may be a namesake ("the Corinthia hotel")."""
    for s, e, label in labels:
        if s <= start and end <= e or start <= s and e <= end:
            if label in NER_NOT_PLACES and (s, e) != (start, end) and s <= start and end <= e:
                return "ORG_PART" if label == "ORG" else "PART"
            return label
    return None


def _is_stop(text: str) -> bool:
    words = [w.strip(".’'") for w in re.split(r"[\s‐-]+", re.sub(r"['’]s$", "", text.lower()))]
    # "The City", "Town" (of Shelby): a kind of place, not a place; "Union City" is one
    return all(w in STOPLIST for w in words) or [w for w in words if w != "the"] in (["city"], ["town"], ["village"])


# How a text uses a person's name ("PERSON_NAME" is one to three capitalised words): a speaker,
# an age or a home after it, a title or a kinship word before it.
PERSON_NAME = r"(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})"
SPEECH = r"(?:said|says|told|asked|added|explained|wrote|recalled|testified)"
PERSON_USES = (
    re.compile(rf"{PERSON_NAME}\s+{SPEECH}\b"),
    re.compile(rf"(?<=[,”\"] ){SPEECH}\s+{PERSON_NAME}(?=[.,])"),
    re.compile(rf"{PERSON_NAME},\s+(?:age\s+|aged\s+)?\d{{1,2}},"),
    re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Dr|Officer|Deputy|Detective|Sgt|Sergeant|Lt|Lieutenant|Capt|Captain|Cpl|"
               rf"Trooper|Chief|Sheriff|Judge|Attorney|Rep|Sen|Gov)\.?\s+{PERSON_NAME}"),
    re.compile(rf"\b(?:son|daughter|mother|father|brother|sister|wife|husband|boyfriend|girlfriend|"
               rf"grandson|granddaughter|grandmother|grandfather|uncle|aunt|cousin|nephew|niece|friend|"
               rf"victim|suspect|gunman|shooter),\s+{PERSON_NAME}[.,]"),
    re.compile(rf"{PERSON_NAME},\s+(?:of|from)\s+[A-Z]"),
)
# A list of names: "A B, C D and E F".
NAME_LIST = re.compile(r"(?:[A-Z][\w'’-]+ [A-Z][\w'’-]+(?:,\s+|,?\s+and\s+)){1,}[A-Z][\w'’-]+ [A-Z][\w'’-]+")


ORG_WORDS = frozenset("""alliance council association committee board commission company inc corp group club
center centre institute foundation agency bureau service services authority coalition league society
network report""".split())


def _is_org(name: str) -> bool:
    """ "Norwich Police", "Harris County", "Downtown Cleveland Alliance": a speaker that is no person."""
    return any(w.lower().strip(".") in STOPLIST | ORG_WORDS or re.fullmatch(AREA_WORDS, w.lower()) for w in name.split())


def _listed_with(text: str, full_names: set[str]) -> set[str]:
    """The words of every name in a list that holds a known full name ("Ann Jenkins, Tom Ford")."""
    words: set[str] = set()
    for match in NAME_LIST.finditer(text):
        items = [item.strip() for item in re.split(r",\s+|,?\s+and\s+", match.group(0))]
        if any(item in full_names for item in items):
            words |= {w for item in items for w in item.split()}
    return words


def _big(place: Place) -> bool:
    return place.feature_class == "A" or place.feature_code == "PPLC" or place.population >= 100_000


class DoubtfulNames:
    """Names a document itself shows are not places unless a cue says so: a capitalised word the
    text also writes in lower case ("One dead...", "Circle K" beside "a circle"), and a word of a
    person's name. Headlines and sentence starts capitalise common words, and surnames are town
    names all over the gazetteer.

    A person's name shows in the model's full names ("Officer Mark Johnson"; a lone word the
    model calls a person is often a town, "seized Ubari"), and in how the text uses a name
    whatever the model tags it: a speaker ("Johnson said", "said Johnson."), an age or a home
    ("Mark Johnson, 24,", "Mark Johnson, of Elm Grove"), a title or a kinship ("Sgt. Johnson",
    "her son, Johnson,"), a list holding a full name ("victims Mark Johnson, Ann Price and Tom
    Ford"). The model tagging a name as a place does not clear its words (it calls "Ann Price" a
    GPE); the word tagged alone as a place more often than used as a name does, and so does a
    cue in the text (`cued`)."""

    def __init__(self, text: str, labels: list[tuple[int, int, str]]) -> None:
        self.lower = set(re.findall(r"(?<![\w.])[a-z][a-z'’-]*", text))
        full_names = [text[s:e] for s, e, label in labels if label == "PERSON" and " " in text[s:e].strip()]
        tagged = {w for s, e, label in labels if label == "PERSON" for w in text[s:e].split()}
        # a lone word used as a name counts when the model calls it a person somewhere ("Gainesville
        # says no" is a town speaking)
        names = full_names + [m.group("name") for pattern in PERSON_USES for m in pattern.finditer(text)
                              if not _is_org(m.group("name")) and (" " in m.group("name") or m.group("name") in tagged)]
        as_person = Counter(w for name in names for w in re.findall(r"[A-Z][\w'’-]+", name))
        as_person.update(_listed_with(text, {name.strip() for name in full_names}))
        # the model calling a full name's last word a person when it stands alone ("Luis Cordoba,
        # 42, ... Cordoba fled") counts too; a lone word that ends no full name may be a town
        # ("seized Ubari"), and so may a full name's first word ("Sochi Mayor Ivan Petrov") or the
        # last of a headline the model took for a name ("Banker Joins Sochi Race"): 2 or 3 words
        self.surnames = {name.split()[-1] for name in full_names if len(name.split()) <= 3}
        as_person.update(word for s, e, label in labels if label == "PERSON"
                         for word in [text[s:e].strip()] if word in self.surnames)
        # a word the model tags alone as a place more often than the text uses it as a name is a
        # place ("Arlington" five times beside "a Man of Arlington" taken for a person)
        as_place = Counter(text[s:e] for s, e, label in labels if label in NER_PLACES)
        self.person = {w for w, n in as_person.items() if n > as_place[w]}

    def doubtful(self, span: str) -> bool:
        content = [w for w in span.split() if w.lower() not in STOPLIST]
        if len(content) != 1:
            return False
        return content[0].lower() in self.lower or content[0].title() in self.person or content[0] in self.person

    def cued(self, text: str, start: int, end: int, gaz: Gazetteer) -> bool:
        """ "in X", "near X", "X police", or "X, <state or country>"; not "at X's home"."""
        possessive = re.match(r"['’](?:s\b|\s)", text[end:end + 3])
        if PLACE_CUE_BEFORE.search(text[max(0, start - 40):start]) and not possessive or AGENCY_AFTER.match(text, end):
            return True
        after = PLACE_CUE_AFTER.match(text, end)
        return bool(after) and any(p.is_area or p.is_country for p in gaz.candidates(after.group("name").rstrip("."), fuzzy=False))


def _judge(text: str, start: int, end: int, matches: list[Match], label: str | None, doubtful: bool = False) -> str:
    """Whether a gazetteer match in running text mentions a place: "yes", "no", or "weak" (only if
    it lies near another place the document names: a town NER took for a person). A doubtful
    name (see DoubtfulNames) without its cue is "no"."""
    span = text[start:end]
    before = text[max(0, start - 40):start]
    if (TITLE.search(before) or _is_stop(span) or label == "PART" or STREET.match(text, end) or CONTRACTION.match(span)
            or LETTER_AFTER.match(text, end) or len(span.strip(".")) < 2):
        return "no"
    if doubtful or label in NER_NEVER_PLACES or BLOCK_OF.search(before):
        return "no"
    if ACRONYM.fullmatch(span) and label not in NER_PLACES and not any(m.place.is_country for m in matches):
        return "no"
    if AGENCY_AFTER.match(text, end):
        return "yes"
    if INSTITUTION_AFTER.match(text, end):
        return "weak"
    if label in NER_PLACES:
        return "yes"
    if label == "ORG_PART" or ARMED_UNIT_AFTER.match(text, end):
        return "weak"  # "the Radaa force", "Misrata brigades": a unit's name, a place only beside others
    locative = bool(LOCATIVE.search(before))
    best = matches[0]
    # a loose spelling of a big place is no evidence: "Mall" is not Malé, "Share" not Sarh
    if best.kind == "variant" or not any(m.kind == "name" or m.kind == "alias" and _big(m.place) for m in matches):
        return "yes" if locative else "no"
    if locative or _big(best.place) and best.kind != "loose":
        return "yes"
    if label in NER_NOT_PLACES:
        return "weak"
    # after a full stop, a quote, a line break or a stray symbol ("× Arrest in ...")
    sentence_start = not re.search(r"[\w,;’'-]\s*$", before)
    return "weak" if sentence_start and " " not in span else "yes"


def facility_codes(word: str) -> set[str]:
    """The GeoNames feature codes a facility word ("air base", "oilfield", "barracks") may name."""
    return next((codes for prefix, codes in FACILITY_CODES.items() if word.startswith(prefix)), set())


def find_toponyms(text: str, doc: Any = None, offset: int = 0, gazetteer: Gazetteer | None = None) -> list[Toponym]:
    """Place mentions in `text` (offsets shifted by `offset`), in order, not overlapping.

    Sources, strongest first: facilities ("Kuweiris air base"), areas ("the Kufra region"),
    relative anchors ("93 km south of Sabha"), spaCy GPE/LOC/FAC entities when `doc` is given, and
    gazetteer matches of capitalised word sequences accepted by their context.
    """
    gaz = gazetteer or get_gazetteer()
    labels = _ner_labels(doc, 0)
    anchors = {(s, e) for s, e in _anchor_spans(text)}
    names = DoubtfulNames(text, labels)
    found: list[Toponym] = []
    weak: list[Toponym] = []

    def taken(start: int, end: int) -> bool:
        return _overlaps(found, start, end) or _overlaps(weak, start, end)

    def doubtful(start: int, end: int) -> bool:
        # countries and states speak and lend their names ("Texas said", "Georgia Smith"), but a
        # state is no surname ("Luis Cordoba, 42, ... Cordoba fled": Córdoba is also a province)
        span = text[start:end]
        return (names.doubtful(span) and not names.cued(text, start, end, gaz)
                and not any(p.is_country or p.is_admin1 and span not in names.surnames
                            for p in gaz.candidates(span, fuzzy=False)))

    for match in FACILITY.finditer(text):
        name, word = match.group("name"), re.sub(r"\s+", " ", match.group("word").lower())
        places = gaz.candidates(match.group(0), fuzzy=False) or gaz.candidates(name, fuzzy=False)
        if not places:  # a spelling variant is taken only when it is that kind of facility
            places = [p for p in gaz.candidates(name) if p.feature_code in facility_codes(word)]
        found.append(Toponym(match.start(), match.end(), match.group(0), places, "facility", word))
    for match in AREA.finditer(text):
        # "Tripoli's Souq al-Jumaa district": the district is the area; Tripoli is found on its own
        owner = POSSESSOR.match(match.group("name"))
        start = match.start() + (owner.end() if owner else 0)
        if not taken(start, match.end()) and not _is_stop(text[start:match.end("name")]):
            # kept even when unknown (a US county), so its words are not matched on their own
            places = _lookup(gaz, text[start:match.end()], fuzzy=False)
            found.append(Toponym(start, match.end(), text[start:match.end()], places, "area"))
    for start, end in sorted(anchors):
        if not taken(start, end):
            found.append(Toponym(start, end, text[start:end], _lookup(gaz, text[start:end], True), "anchor"))
    for match in DATELINE_TOWN.finditer(text):
        # "LAREDO - A woman ...": a dateline names the town whatever the model tags it
        if DATELINE.match(text, match.start()) and not taken(match.start(), match.end()):
            if places := _lookup(gaz, match.group(0), fuzzy=False):
                found.append(Toponym(match.start(), match.end(), match.group(0), places))
    for start, end, label in labels:
        if label in NER_PLACES and not taken(start, end):
            span = re.sub(r"^(?i:the)\s+", "", text[start:end])
            start = end - len(span)
            if prefix := PREFIX_BEFORE.search(text[max(0, start - 6):start]):  # the model's "LOUIS" of "ST. LOUIS"
                start -= len(prefix.group(0))
                span = text[start:end]
            if (_is_stop(span) or doubtful(start, end) or BLOCK_OF.search(text[max(0, start - 40):start])
                    or STREET.match(text, end) or LETTER_AFTER.match(text, end)):
                continue  # "the 1900 block of Dover", "Madrid Street": streets
            places = _lookup(gaz, span, fuzzy=False)
            loose = bool(places) and gaz.demonym(span) is None and all(
                m.kind == "loose" for m in gaz.matches(span, fuzzy=False))
            if places and not loose:
                (weak if INSTITUTION_AFTER.match(text, end) else found).append(Toponym(start, end, span, places))
            elif variants := places or _lookup(gaz, span, fuzzy=True):
                # a spelling variant of an entity the model calls a place ("Gunmen" is no Kunming,
                # "Share" no Sarh): taken after "in", "near"..., or when it lies near the document's
                # other places
                locative = LOCATIVE.search(text[max(0, start - 40):start])
                (found if locative else weak).append(Toponym(start, end, span, variants, variant=True))
    for match in DOTTED.finditer(text):
        areas = [p for p in gaz.candidates(match.group(0), fuzzy=False) if p.is_admin1 or p.is_country]
        if areas and not taken(match.start(), match.end()):
            found.append(Toponym(match.start(), match.end(), match.group(0), areas))
    for match in CAPITALISED.finditer(text):
        _match_sequence(gaz, text, match.start(), match.end(), labels, found, weak, taken, doubtful)
    found = _variants_in_named_countries(found)
    settled = [p for t in found for p in t.candidates[:1] if not p.is_country]
    for top in weak:
        if not _overlaps(found, top.start, top.end) and any(_supports(s, p) for p in top.candidates for s in settled):
            found.append(top)
    found.sort(key=lambda t: t.start)
    return [replace(t, start=t.start + offset, end=t.end + offset) for t in found]


def _variants_in_named_countries(found: list[Toponym]) -> list[Toponym]:
    """Spelling variants are for transliterations of the places of the country a document is
    about ("Sebha" for Sabha), so a variant is kept only in a country the document names exactly:
    in a US article "Fourth" is no Fürth and "SUV" no Suva."""
    countries = {p.country_code for t in found if not t.variant and t.candidates for p in t.candidates[:1]}
    if not countries:
        return found
    kept = []
    for top in found:
        if top.variant:
            top = replace(top, candidates=[p for p in top.candidates if p.country_code in countries])
        if top.candidates or not top.variant:
            kept.append(top)
    return kept


def _supports(settled: Place, candidate: Place) -> bool:
    """Whether a place the document surely names makes a doubtful candidate plausible: same
    country, and near it or (for an area) containing it."""
    if settled.country_code != candidate.country_code:
        return False
    if candidate.is_country or candidate.is_area and candidate.admin1_code == settled.admin1_code:
        return True
    return haversine_km(candidate.lat, candidate.lon, settled.lat, settled.lon) < WEAK_RADIUS_KM


def _overlaps(toponyms: list[Toponym], start: int, end: int) -> bool:
    return any(start < t.end and t.start < end for t in toponyms)


def _anchor_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for rel in find_relative(text):
        spans.append((rel.anchor_start, rel.anchor_end))
        if rel.anchor2 and rel.anchor2_start is not None:
            spans.append((rel.anchor2_start, rel.anchor2_start + len(rel.anchor2)))
    return spans


# "I’ll", "We’re": a contraction is no abbreviation ("Ill.").
CONTRACTION = re.compile(r"\w+['’](?:ll|ve|re|d|m|t)$", re.I)
CUT_SHORT = re.compile(r"\s[A-Z]['’]\s")


def _match_sequence(gaz: Gazetteer, text: str, start: int, end: int, labels: list[tuple[int, int, str]],
                    found: list[Toponym], weak: list[Toponym], taken: Any, doubtful: Any) -> None:
    """Longest-first gazetteer matches inside one capitalised word sequence; fuzzy only for all of it."""
    if CUT_SHORT.match(text, end - 3):
        return  # "Lake O' the Hills" is cut at its apostrophe: neither "Lake O" (Lacey) nor "Lake" is the place
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^\s‐-]+", text[start:end])]
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            s, e = words[i][0], words[j - 1][1]
            span = text[s:e].rstrip(".,’'")
            e = s + len(span)
            if taken(s, e) or not span[:1].isupper() or not span.split()[-1][:1].isupper():
                continue
            demonym = gaz.demonym(span)
            if demonym is not None and not TITLE.search(text[max(0, s - 40):s]):
                found.append(Toponym(s, e, span, [demonym], "demonym"))
                i = j - 1
                break
            label = _label(labels, s, e)
            # a spelling variant is only taken after "in", "near"... or on a place entity (see _judge)
            fuzzy = i == 0 and j == len(words) and (label in NER_PLACES or bool(LOCATIVE.search(text[max(0, s - 40):s])))
            if i > 0 and j == i + 1 and span.lower() in STREET_TAILS:
                continue  # "Oakhurst Circle": a street
            # a loose spelling of a county's name is no county without an area word ("Cash" is not Cass)
            matches = [m for m in gaz.matches(span, fuzzy=fuzzy)
                       if not (m.kind == "loose" and m.place.feature_code == "ADM2" and not LIST_AREA.match(text, e))]
            verdict = _judge(text, s, e, matches, label, doubtful(s, e)) if matches else "no"
            if verdict != "no":
                (found if verdict == "yes" else weak).append(Toponym(s, e, span, [m.place for m in matches],
                                                                     variant=all(m.kind == "variant" for m in matches)))
                i = j - 1
                break
        i += 1


# --- resolving ----------------------------------------------------------------------------------


def _country_focus(toponyms: list[Toponym]) -> Counter[str]:
    """How often each country is named or is the only country a mention can be in. A name of
    towns in several countries counts once however often it is repeated: the biggest namesake
    is only a guess ("Norwich" eight times in a story from Norwich, N.Y.)."""
    counts: Counter[str] = Counter()
    guessed: set[str] = set()
    for top in toponyms:
        countries = {p.country_code for p in top.candidates}
        written = normalize(top.text)
        if top.candidates and top.candidates[0].is_country:
            counts[top.candidates[0].country_code] += 1  # often an adjective: "U.S. officials"
        elif len(countries) == 1:
            counts[next(iter(countries))] += 2  # a town says where things happen
        elif top.candidates and written not in guessed:
            guessed.add(written)
            exact = [p for p in top.candidates if written in (normalize(p.name), normalize(p.asciiname))]
            counts[max(exact or top.candidates, key=lambda p: p.population).country_code] += 1
    return counts


def _state_focus(toponyms: list[Toponym], focus: Counter[str]) -> Counter[tuple[str, str]]:
    """How often each first-level area of the focus country is named by a name that is no town
    ("Kentucky", "Ky.", "Texas" but not "New York"): a local story names its state in the
    dateline ("SALEM, Ore."), after towns, in "state police"."""
    if not focus:
        return Counter()
    country = focus.most_common(1)[0][0]
    # names that may lie in the focus country: a state counts only beside another one, since a
    # name alone may have made the focus ("Berea" is also a district of Lesotho)
    names_there = {normalize(t.text) for t in toponyms if any(p.country_code == country for p in t.candidates)}
    counts: Counter[tuple[str, str]] = Counter()
    for top in toponyms:
        local = [p for p in top.candidates if p.country_code == country and not p.is_country]
        if (top.kind != "demonym" and local and all(p.is_area for p in local) and local[0].is_admin1
                and names_there - {normalize(top.text)}):
            counts[country, local[0].admin1_code] += 1
    return counts


def _containers(text: str, top: Toponym, gaz: Gazetteer) -> list[Place]:
    """Places named right after the mention ("Alexandria, La.", "Sabha, Libya", "X, north of Y")."""
    tail = text[top.end:top.end + 60]
    match = re.match(rf",\s+(?:in\s+)?(?:(?i:{DIRECTION_WORD})\s+of\s+)?(?P<name>{CONTAINER_NAME})", tail)
    if not match:
        return []
    name = re.sub(r"['’]s\b.*$", "", match.group("name")).rstrip(".")  # "in South Sudan's Unity State"
    return gaz.candidates(name, fuzzy=False)


def _area_level(text: str, top: Toponym) -> str | None:
    """The kind of area a mention names, from its own area word ("Rapides Parish") or one closing
    a list it is part of ("Barrow, Jackson and Oconee counties"): "admin2", "admin1" or "area"."""
    own = re.search(rf"\s(?i:{AREA_WORDS})$", top.text)
    tail = LIST_AREA.match(text, top.end)
    word = (own.group(0) if own else tail.group("word") if tail else "").strip().lower()
    if not word:
        return None
    return "admin2" if word.startswith(("count", "parish")) else "admin1" if word.startswith(
        ("state", "province", "governorate")) else "area"


def _prior(place: Place, top: Toponym, focus: Counter[str], containers: list[Place], level: str | None = None,
           states: Counter[tuple[str, str]] | None = None) -> float:
    """How likely a candidate is before the other places of the document are known."""
    score = math.log10(place.population + 10)
    as_written = normalize(_strip_area_word(top.text)) in (normalize(place.name), normalize(place.asciiname))
    if as_written:
        score += 2  # the name as written beats a spelling variant ("Sirte" is not "Siirt")
    if place.is_country:
        score += 6
    elif place.is_area:
        if level or top.kind == "area":
            score += 6 + (2 if place.feature_code == ADMIN_CODES.get(level or "") else 0)
        else:
            score += 0.3 if place.is_admin1 or place.feature_code == "RGN" else -1.0
    elif place.feature_code == "PPLC":
        score += 1.5
    elif place.feature_class == "P":
        score += 1.2
    if top.kind == "facility" and place.feature_code in facility_codes(top.facility or ""):
        score += 4
    if top.kind == "anchor" and place.is_area and not place.is_country:
        score -= 3  # "near Tillaberi", "60 km south of X": distances are taken from towns
    total = sum(focus.values())
    if total:
        score += 4 * focus[place.country_code] / total
    if _contained(place, containers):
        score += 5
    if states and not place.is_country and as_written:  # a namesake, not a spelling variant ("Iran", Iraan)
        score += STATE_WEIGHT * states[place.country_code, place.admin1_code] / sum(states.values())
    return score


def _contained(place: Place, containers: list[Place]) -> bool:
    """Whether a place named right after the mention may contain it ("Alexandria, Louisiana")."""
    return any(c.country_code == place.country_code and (c.is_country or c.admin1_code == place.admin1_code)
               for c in containers)


def _context(place: Place, others: list[Place]) -> float:
    """How well a candidate fits the places chosen for the document's other mentions."""
    if not others:
        return 0.0
    nearest = min(_rough_km(place, o) for o in others)
    score = 3 if nearest < 50 else 2 if nearest < 200 else 1 if nearest < 600 else 0
    same_country = [o for o in others if o.country_code == place.country_code]
    score += 1.5 if same_country else 0
    if place.admin1_code:
        same = sum(o.admin1_code == place.admin1_code for o in same_country)
        score += 3 if same >= 2 else 2 if same else 0
    return score


def _rough_km(a: Place, b: Place) -> float:
    """Equirectangular distance: a few km off at these ranges, and far cheaper than haversine
    in the many candidate-to-neighbour comparisons."""
    dlon = (a.lon - b.lon + 180) % 360 - 180
    return 111.2 * math.hypot(a.lat - b.lat, dlon * math.cos(math.radians((a.lat + b.lat) / 2)))


def _within_focus(ranked: list[tuple[float, Place]], focus: Counter[str],
                  home: Callable[[Place], float] | None = None,
                  containers: list[Place] = []) -> list[tuple[float, Place]]:  # noqa: B006 - never mutated
    """In an article about one country, a small foreign namesake is a wrong match, not a place:
    keep the candidates in the focus country, big places (capitals, countries, regions), places
    where the document's source usually reports from, and places the text says contain them."""
    total = sum(focus.values())
    if not total:
        return ranked
    (country, count), *rest = focus.most_common(2)
    runner_up = rest[0][1] if rest else 0
    if count / total < FOCUS_SHARE and count < 2 * runner_up:
        return ranked
    # a big foreign town (not a capital or a metropolis) yields to a namesake in the focus country
    # (Norwich, Conn. in a US story)
    local = any(p.country_code == country for _, p in ranked)
    return [(score, p) for score, p in ranked
            if p.country_code == country or home is not None and home(p) >= HOME_KEEP or _contained(p, containers)
            or _big(p) and not (local and p.feature_class == "P" and p.feature_code != "PPLC"
                                and p.population < METROPOLIS)]


@dataclass
class SourceContext:
    """Where a source's documents usually are: the states and countries of the places resolved
    in its documents (a local paper's "local lexicon"), a prior for resolving each of them. A
    bare "Dublin" or "Paris" in a small-town paper is most likely the one near its other news."""

    states: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)
    countries: dict[str, Counter[str]] = field(default_factory=dict)

    def learn(self, source: str, resolved: list[ResolvedToponym]) -> None:
        places = {r.place.geonameid: r.place for r in resolved
                  if r.place is not None and not r.place.is_country and r.place.country_code}
        states = self.states.setdefault(source, Counter())
        countries = self.countries.setdefault(source, Counter())
        for place in places.values():
            countries[place.country_code] += 1
            if place.admin1_code:
                states[place.country_code, place.admin1_code] += 1

    def bonus(self, source: str | None, place: Place) -> float:
        if source is None or source not in self.countries:
            return 0.0
        countries, states = self.countries[source], self.states[source]
        seen = sum(countries.values()) + SOURCE_SMOOTHING
        score = HOME_COUNTRY_WEIGHT * countries[place.country_code] / seen
        if place.admin1_code:
            score += HOME_STATE_WEIGHT * states[place.country_code, place.admin1_code] / seen
        return score


def near_home(homes: list[Place]) -> Callable[[Place], float]:
    """A prior for places near where a story comes from (a local outlet's town, named after its
    headline: "- KXYZ 9 Shreveport, Louisiana"): its coverage area crosses state lines, so
    nearness counts, not the state."""
    def bonus(place: Place) -> float:
        return HOME_NEAR_WEIGHT if any(_rough_km(place, home) <= HOME_NEAR_KM for home in homes) else 0.0
    return bonus


def resolve_toponyms(toponyms: list[Toponym], text: str, gazetteer: Gazetteer | None = None,
                     home: Callable[[Place], float] | None = None) -> list[ResolvedToponym]:
    """One place per mention, chosen with the whole document as context.

    The first pass ranks each mention alone; later passes add the places the other mentions got
    (nearness, same country, same state), so a cluster of neighbours pulls each other in.
    """
    gaz = gazetteer or get_gazetteer()
    focus = _country_focus(toponyms)
    states = _state_focus(toponyms, focus)
    containers = [_containers(text, top, gaz) for top in toponyms]
    levels = [_area_level(text, top) for top in toponyms]
    names = [normalize(top.text) for top in toponyms]
    priors = []
    for i, top in enumerate(toponyms):
        prior = _within_focus(sorted(((_prior(p, top, focus, containers[i], levels[i], states)
                                       + (home(p) if home else 0.0), p)
                                      for p in top.candidates), key=lambda item: -item[0]), focus, home,
                             [c for c in containers[i] if c.is_area])
        # a candidate this far behind cannot catch up, whatever the context adds
        priors.append([item for item in prior[:MAX_CANDIDATES] if item[0] > prior[0][0] - MAX_CONTEXT])
    chosen: list[Place | None] = [None] * len(toponyms)
    ranked_all: list[list[tuple[float, Place]]] = []
    for _ in range(CONTEXT_PASSES):
        ranked_all = []
        for i, prior in enumerate(priors):
            others = list({p.geonameid: p for j, p in enumerate(chosen)
                           if p is not None and not p.is_country and names[j] != names[i]}.values())
            if len(prior) > 1:
                prior = sorted(((score + _context(p, others), p) for score, p in prior), key=lambda item: -item[0])
            ranked_all.append(prior)
        chosen = [ranked[0][1] if ranked else None for ranked in ranked_all]
    ranked_all = _one_sense(toponyms, names, ranked_all, [[c for c in found if c.is_area] for found in containers])
    resolved = [ResolvedToponym(top, ranked[0][1] if ranked else None, ranked[0][0] if ranked else 0.0,
                                [p for _, p in ranked[1:4]]) for top, ranked in zip(toponyms, ranked_all)]
    return _without_strays(resolved, names, containers)


def _without_strays(resolved: list[ResolvedToponym], names: list[str],
                    containers: list[list[Place]]) -> list[ResolvedToponym]:
    """A local story's places settle in one state ("BRYAN, Texas", Hearne); a small town or
    county it names with no namesake there, far from them all and placed by no state after it,
    is a place the gazetteer lacks, not a namesake states away: left unplaced, so the event takes
    the story's other places."""
    named: dict[tuple[str, str], set[str]] = {}
    for r, name in zip(resolved, names):
        if r.place is not None and not r.place.is_country and r.place.admin1_code:
            named.setdefault((r.place.country_code, r.place.admin1_code), set()).add(name)
    if not named:
        return resolved
    home = max(named, key=lambda state: len(named[state]))
    if len(named[home]) < 2 or sum(len(v) >= len(named[home]) for v in named.values()) > 1:
        return resolved
    settled = [r.place for r in resolved if r.place is not None and (r.place.country_code, r.place.admin1_code) == home]
    kept = []
    for r, found in zip(resolved, containers):
        place = r.place
        if (place is not None and (place.feature_class == "P" or place.feature_code == "ADM2")
                and place.country_code == home[0] and place.admin1_code != home[1] and place.population < STRAY_POPULATION
                and not _contained(place, found)
                and not any((p.country_code, p.admin1_code) == home for p in r.toponym.candidates)
                and min(_rough_km(place, s) for s in settled) > STRAY_KM):
            r = ResolvedToponym(r.toponym, None, 0.0, [])
        kept.append(r)
    return kept


def _one_sense(toponyms: list[Toponym], names: list[str], ranked_all: list[list[tuple[float, Place]]],
               containers: list[list[Place]]) -> list[list[tuple[float, Place]]]:
    """A name the text once places ("SALISBURY, N.C.") means that place in its other mentions
    too ("Salisbury police arrived"), when it is among their candidates."""
    settled = {names[i]: ranked[0] for i, ranked in enumerate(ranked_all)
               if ranked and _contained(ranked[0][1], containers[i])}
    result = []
    for top, name, ranked in zip(toponyms, names, ranked_all):
        best = settled.get(name)
        if best is not None and (not ranked or ranked[0][1] != best[1]) and best[1] in top.candidates:
            ranked = [best] + [item for item in ranked if item[1] != best[1]]
        result.append(ranked)
    return result


def _toponyms(gaz: Gazetteer, text: str, spans: list[tuple[int, int]] | None, doc: Any) -> list[Toponym]:
    if spans is None:
        return find_toponyms(text, doc, gazetteer=gaz)
    return [Toponym(s, e, text[s:e], _lookup(gaz, text[s:e], True)) for s, e in spans]


def geoparse(text: str, spans: list[tuple[int, int]] | None = None, doc: Any = None,
             gazetteer: Gazetteer | None = None) -> list[dict[str, Any]]:
    """Toponyms of `text` as `eventcoder geoparse` prints them; with `spans`, exactly those."""
    gaz = gazetteer or get_gazetteer()
    return [toponym_dict(r) for r in resolve_toponyms(_toponyms(gaz, text, spans, doc), text, gaz)]


@dataclass
class GeoDocument:
    """One document of a batch: its text, given spans (or None to find them), its spaCy doc
    (or None) and its source (a site or feed name, or None)."""

    text: str
    spans: list[tuple[int, int]] | None = None
    doc: Any = None
    source: str | None = None


def geoparse_batch(documents: list[GeoDocument], gazetteer: Gazetteer | None = None,
                   sources: SourceContext | None = None) -> list[list[dict[str, Any]]]:
    """`geoparse` over many documents, where documents of the same source inform each other.

    A first pass resolves every document alone and learns where each source's places are
    (`sources` carries that over from earlier batches); the second resolves them again with it.
    """
    gaz = gazetteer or get_gazetteer()
    sources = sources if sources is not None else SourceContext()
    found = [_toponyms(gaz, d.text, d.spans, d.doc) for d in documents]
    for document, toponyms in zip(documents, found):
        if document.source:
            sources.learn(document.source, resolve_toponyms(toponyms, document.text, gaz))
    results = []
    for document, toponyms in zip(documents, found):
        home = (lambda place, source=document.source: sources.bonus(source, place)) if document.source else None
        results.append([toponym_dict(r) for r in resolve_toponyms(toponyms, document.text, gaz, home)])
    return results


def toponym_dict(resolved: ResolvedToponym) -> dict[str, Any]:
    place = resolved.place
    return {"start": resolved.start, "end": resolved.end, "text": resolved.toponym.text,
            "name": place.name if place else None, "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "geonames_id": place.geonameid if place and place.geonameid > 0 else None,
            "country_code": place.country_code if place else None, "feature": place.feature if place else None}


# --- placing events -----------------------------------------------------------------------------


def _location(place: Place, precision: str, geo_precision: int, text: str, **extra: Any) -> Location:
    admin2 = place.admin2_name or (place.name if place.feature_code == "ADM2" else None)
    return Location(name=place.name, country_code=place.country_code, admin1=place.admin1_name or None,
                    admin2=admin2, lat=round(place.lat, 5), lon=round(place.lon, 5),
                    geonames_id=place.geonameid if place.geonameid > 0 else None,
                    precision=precision, geo_precision=geo_precision, text=text, **extra)


def _anchor_place(name: str, at: int, doc_toponyms: list[ResolvedToponym], gaz: Gazetteer) -> Place | None:
    for res in doc_toponyms:
        if res.start <= at < res.end:
            return res.place
    others = [r.place for r in doc_toponyms if r.place and not r.place.is_country]
    focus = Counter(r.place.country_code for r in doc_toponyms if r.place)
    top = Toponym(at, at + len(name), name, _lookup(gaz, name, True), "anchor")
    ranked = _within_focus([(_prior(p, top, focus, []) + _context(p, others), p) for p in top.candidates], focus)
    return max(ranked, key=lambda item: item[0])[1] if ranked else None


def _relative_location(sentence: str, start: int, rel: Relative, named: list[ResolvedToponym],
                       doc_toponyms: list[ResolvedToponym], gaz: Gazetteer) -> Location | None:
    anchor = _anchor_place(rel.anchor, start + rel.anchor_start, doc_toponyms, gaz)
    if anchor is None:
        return None
    if rel.kind == "between" and rel.anchor2 and rel.anchor2_start is not None:
        other = _anchor_place(rel.anchor2, start + rel.anchor2_start, doc_toponyms, gaz)
        if other is None:
            return _location(anchor, "near", 2, rel.text, anchor=anchor.name)
        lat, lon = midpoint(anchor.lat, anchor.lon, other.lat, other.lon)
        return Location(name=rel.text, country_code=anchor.country_code, lat=round(lat, 5), lon=round(lon, 5),
                        precision="offset", geo_precision=2, anchor=f"{anchor.name}; {other.name}", text=rel.text)
    if rel.km is None or rel.bearing is None:
        return _location(anchor, "near", 2, rel.text, anchor=anchor.name)
    lat, lon = offset_point(anchor.lat, anchor.lon, rel.km, rel.bearing)
    # A place the sentence names near the computed point is the real site: prefer it, as a town.
    for res in named:
        near = [p for p in res.toponym.candidates if not p.is_area
                and haversine_km(p.lat, p.lon, lat, lon) <= max(25.0, rel.km / 2)]
        if near and not (rel.anchor_start + start <= res.start < rel.anchor_end + start):
            best = min(near, key=lambda p: haversine_km(p.lat, p.lon, lat, lon))
            return _location(best, "town", 1, res.toponym.text, anchor=anchor.name)
    return Location(name=rel.text, country_code=anchor.country_code, admin1=anchor.admin1_name or None,
                    lat=round(lat, 5), lon=round(lon, 5), precision="offset", geo_precision=2,
                    anchor=anchor.name, text=rel.text)


def _region_location(sentence: str, gaz: Gazetteer, focus: str | None,
                     chosen: dict[str, Place | None] | None = None) -> Location | None:
    """ "southwest Libya", "southern Libya", "the Kufra region": an area-level point. A name the
    document's resolution placed (`chosen`, by its written form) is the area it chose ("Marion
    County" near the outlet's town); one it left unplaced (a town the gazetteer lacks) is none."""
    chosen = chosen or {}
    for match in REGION_PHRASE.finditer(sentence):
        direction = (match.group("dir") or "").lower().replace("-", "").replace(" ", "")
        direction = re.sub(r"ern$", "", direction)
        places = gaz.candidates(match.group("name"), fuzzy=False)
        whole = re.sub(r"^(?i:the)\s+", "", match.group(0).strip())
        named = gaz.candidates(whole, fuzzy=False) if direction else []
        if any(p.is_area for p in named):
            direction, places = "", named  # "South Carolina", "West Virginia": the name itself
        # a bare name ("the Radaa force") is an area of the document's country, not a namesake abroad
        bare_name = not direction and match.end("name") == match.end()
        unplaced = match.group("name") in chosen and chosen[match.group("name")] is None
        if bare_name and (unplaced or CONTRACTION.match(match.group("name"))):
            continue
        # and it names the area itself, not a county by its namesake ("Thomas" is no Thomas County)
        areas = [p for p in places if p.is_area and not (bare_name and (p.country_code != focus or not (
            p.is_admin1 or normalize(match.group("name")) in (normalize(p.name), normalize(p.asciiname)))))]
        if not areas:
            continue
        area = chosen.get(match.group("name"))
        if area not in areas:
            area = max(areas, key=lambda p: (p.country_code == focus, p.is_country, p.population))
        box = gaz.box(area.geonameid)
        if direction in DIRECTIONS and box is not None:
            fy, fx = DIRECTIONS[direction]
            lat, lon = box.south + fy * (box.north - box.south), box.west + fx * (box.east - box.west)
            return Location(name=match.group(0).strip(), country_code=area.country_code,
                            admin1=None if area.is_country else area.admin1_name or None, lat=round(lat, 5),
                            lon=round(lon, 5), precision="region", geo_precision=3, text=match.group(0).strip())
        if not area.is_country:
            return _location(area, "region", 3, match.group(0).strip())
    return None


def dateline_location(text: str, doc_toponyms: list[ResolvedToponym], focus: str | None) -> Location | None:
    """The town of the article's dateline ("ALBUQUERQUE, N.M. - ..."), in the document's country:
    where the story was filed, the best guess for an event whose text names no place."""
    first = next((r for r in doc_toponyms if r.place), None)
    start = len(text) - len(text.lstrip())
    if first is None or first.place is None or first.start != start or not first.toponym.text.isupper():
        return None
    if not DATELINE.match(text[start:start + 120]) or first.place.is_area or first.place.country_code != focus:
        return None
    return _location(first.place, "town", 2, first.toponym.text)


def main_place(doc_toponyms: list[ResolvedToponym], focus: str | None) -> Location | None:
    """The place in the document's country it names most often (the first named wins a tie), a
    town or county before a state: for an event whose text names no place, where a local story
    is most likely set when it has no dateline."""
    places = [r for r in doc_toponyms if r.place and r.place.country_code == focus and not r.place.is_country]
    counts = Counter(r.place.geonameid for r in places if r.place)
    ranked = sorted(places, key=lambda r: (r.place.is_admin1, -counts[r.place.geonameid]))  # type: ignore[union-attr]
    if not ranked or ranked[0].place is None:
        return None
    best = ranked[0].place
    return _location(best, "region" if best.is_area else "town", 3 if best.is_area else 2, ranked[0].toponym.text)


def _antecedent_town(sentence: str, start: int, doc_toponyms: list[ResolvedToponym]) -> ResolvedToponym | None:
    """The town "the city" / "the town" of a sentence that names none refers back to: the last
    town named shortly before it."""
    if not TOWN_ANAPHOR.search(sentence):
        return None
    before = [r for r in doc_toponyms if r.end <= start and start - r.end <= ANTECEDENT_CHARS
              and r.place and r.place.feature_class == "P"]
    return before[-1] if before else None


def locate_event(text: str, start: int, end: int, doc_toponyms: list[ResolvedToponym],
                 gazetteer: Gazetteer | None = None) -> Location:
    """Where the event told in text[start:end] happened; never raises, null point with a reason.

    Order: a town or facility named in the sentence (chosen by a relative offset when there is
    one); a relative expression (an offset point, or "near" its anchor); a region phrase; a
    country named in the sentence or the document's main country.
    """
    try:
        gaz = gazetteer or get_gazetteer()
        sentence = text[start:end]
        named = [r for r in doc_toponyms if start <= r.start and r.end <= end]
        focus_counts = Counter(r.place.country_code for r in doc_toponyms if r.place)
        focus = focus_counts.most_common(1)[0][0] if focus_counts else None
        relatives = find_relative(sentence)
        rel_spans = [(start + r.start, start + r.end) for r in relatives]
        relative = next((loc for rel in relatives
                         if (loc := _relative_location(sentence, start, rel, named, doc_toponyms, gaz))), None)
        if relative is not None and relative.precision == "town":
            return relative
        local = [r for r in named if r.place and not r.place.is_area and r.toponym.kind != "area"
                 and not any(s <= r.start < e for s, e in rel_spans)]
        if local:
            best = local[0]
            return _location(best.place, "town", 1, best.toponym.text)  # type: ignore[arg-type]
        if relative is not None:
            return relative
        if (antecedent := _antecedent_town(sentence, start, doc_toponyms)) is not None:
            return _location(antecedent.place, "town", 1, antecedent.toponym.text)  # type: ignore[arg-type]
        region = _region_location(sentence, gaz, focus, {r.toponym.text: r.place for r in named})
        if region is not None:
            return region
        # "Egyptian Copts were seized" happened where the article is, not in Egypt
        countries = [r.place for r in named if r.place and r.place.is_country and r.toponym.kind != "demonym"]
        country = countries[0] if countries else (gaz.country(focus) if focus else None)
        if country is not None:
            return _location(country, "country", 3, country.name)
        return Location(text=sentence[:200], reason="no place named in the sentence or the article")
    except Exception as exc:  # noqa: BLE001 - a bad location must not lose the event
        return Location(text=text[start:end][:200], reason=f"location failed: {type(exc).__name__}: {exc}")
