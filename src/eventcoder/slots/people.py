"""Named people of an article: the victims, suspects and witnesses its incident is told through.

Reports of one shooting by different outlets, and the follow-ups days later on charges or a
funeral, differ in date, place and figures but name the same people; officials who only speak
about it ("Sheriff Jane Roe said", "John Doe, a police spokesman") name every incident of their
town and are left out, and so are those who comment from outside (analysts, reporters, a
byline) and places the entity recognizer took for people. A name is a PERSON entity of at least
two capitalised words, kept as "first last", lower-cased, for matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from ..geo.gazetteer import get_gazetteer
from ..geo.resolve import STREET_ABBREVIATIONS, STREET_WORDS

# Titles and roles of people who speak for an institution, written just before or after a name.
_OFFICIAL = (
    r"(?:sheriff|chief|officer|sgt|sergeant|lt|lieutenant|capt|captain|cpl|corporal|detective|"
    r"deputy|trooper|investigator|inspector|commander|commissioner|superintendent|marshal|agent|"
    r"spokes(?:man|woman|person)|mayor|gov|governor|senator|sen|rep|representative|president|"
    r"attorney|prosecutor|d\.?a|solicitor|judge|justice|coroner|examiner|director|secretary|minister|"
    r"pastor|reverend|rev|dr|professor|prof|police|councilman|councilwoman|official|leader|general|gen|"
    r"colonel|col|maj|king|queen|prince|emir|sheikh|ambassador|envoy|chairman|premier|chancellor|"
    r"lawmaker|congressman|congresswoman|mp|ruler|dictator|strongman|warlord)"
)
# People who comment on it from outside: analysts, researchers, the press.
_COMMENTATOR = r"(?:fellow|analyst|researcher|expert|scholar|editor|reporter|correspondent|journalist|columnist|author)"
# "its longtime ruler, X": a title in apposition ("according to police, X was shot" is not one).
_TITLE_BEFORE = re.compile(
    r"\b" + _OFFICIAL + r"\.?\s*$|\b(?:leader|ruler|dictator|strongman|warlord|president|premier|king|emir)\s*,\s*$", re.I
)
_ROLE_AFTER = re.compile(
    r"^\s*,\s*(?:a|an|the)?\s*(?:[\w.'’-]+\s+){0,4}?(?:" + _OFFICIAL + "|" + _COMMENTATOR + r")s?\b"
    r"|^\s*,?\s*(?:said|says|told|added)\b(?=[^.]{0,60}\b(?:police|sheriff|department|office|agency)\b)",
    re.I,
)
# A byline or a picture credit names the writer or photographer, who covers many incidents.
# "Contact Jane Roe at jroe@paper.com": the writer's contact line; "(Photo: Jane Roe/The Daily)".
_CREDIT_BEFORE = re.compile(
    r"(?:^|\n)\s*(?:(?:written\s+|story\s+|photos?\s+)?by|photo:|credit:|contact|reach)\s*$|"
    r"\((?:photo|credit):\s*$|\b(?:buy\s+)?photo:\s*$", re.I)
_CONTACT_AFTER = re.compile(r"^\s*(?:at|via)\s+\S+@|^\s*/", re.I)
# Words of places and institutions the entity recognizer takes for people ("Marion County",
# "Skyline Drive", "Parish Prison").
NOT_PERSON_WORDS = STREET_WORDS | STREET_ABBREVIATIONS | frozenset(
    "county cty parish township city village sheriff police prison jail court office department school "
    "church hospital center centre park university college lake river creek farm mall bridge station "
    "club hotel motel apartments company news".split()
)
_WORD = re.compile(r"[A-Z][\w'’.-]*")
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class PersonMention:
    name: str  # "first last", lower-cased
    start: int
    end: int


def find_people(doc: Doc, text: str) -> list[PersonMention]:
    """PERSON entities of two or more capitalised words that are not speaking officials."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        # capitalised words, without middle initials and particles ("de", "van")
        words = [_POSSESSIVE.sub("", w) for w in ent.text.split() if _WORD.fullmatch(w) and len(w.rstrip(".")) > 1]
        if len(words) < 2 or any(w.lower().rstrip(".") in NOT_PERSON_WORDS for w in words):
            continue
        before = text[max(0, ent.start_char - 40):ent.start_char]
        after = text[ent.end_char:ent.end_char + 80]
        if (_TITLE_BEFORE.search(before) or _ROLE_AFTER.match(after) or _CREDIT_BEFORE.search(before)
                or _CONTACT_AFTER.match(after)):
            continue
        if get_gazetteer().matches(" ".join(words), fuzzy=False):  # "Bani Walid", "Rock Falls" read as people
            continue
        found.append(PersonMention(name=f"{words[0]} {words[-1]}".lower(), start=ent.start_char, end=ent.end_char))
    return found
