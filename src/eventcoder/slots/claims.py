"""Claims of responsibility: who claimed an attack, and through which channel.

A claim is anchored on a phrase ("claimed responsibility", "was claimed by", "said it carried out",
"said its fighters had killed"); the claimer is the nearest armed actor before the anchor in the
same sentence (after it for the passive "claimed by"). A pronoun claimer ("the group") is left to
the caller (`by=None`, or `context_actor` when given). Negated anchors ("no group has claimed",
"has not claimed") and denials are not claims.

A blame ("officials blamed the Jaime Martinez front", "accused the group of the bombing") names
who others say did it; it is no claim, but the blamed actor is the perpetrator when the report
names none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .actors import ActorKB, ActorMention

# Kinds that never name a claimer: civilians do not claim attacks, and "militants claimed" or
# "the militant group claimed" describes a group the caller knows from context.
_NON_CLAIMERS = ("civilians", "protesters", "rioters", "unidentified")

_ATTACK = (r"(?:attacks?|bombings?|blasts?|explosions?|assaults?|raids?|ambush(?:es)?|killings?|"
           r"shootings?|strikes?|airstrikes?|operations?|massacre|kidnappings?|abductions?|"
           r"beheadings?|executions?|assassinations?|incidents?|"
           r"(?:it|them)(?=\s*(?:[.,;!?]|$)|\s+(?:in|on|via|through)\b))")
_VERB = (r"(?:carried\s+out|was\s+behind|were\s+behind|been\s+behind|conducted|launched|staged|"
         r"executed|killed|attacked|targeted|detonated|shot\s+down|downed|ambushed|stormed|"
         r"bombed|blew\s+up|destroyed|seized|captured|beheaded|abducted|kidnapped)")
_FIGHTERS = r"(?:fighters|militants|members|soldiers|men|mujahideen|operatives|forces|troops)"

_ACTIVE = re.compile(
    r"\b(?:claim(?:ed|s|ing)?|took|takes|accepted|accepts)\s+(?:full\s+)?(?:responsibility|credit)\b"
    r"|\bclaim(?:ed|s)?\s+(?:(?:the|an|this|that|Tuesday's|Monday's|Wednesday's|Thursday's|"
    r"Friday's|Saturday's|Sunday's|last\s+\w+'s|deadly|suicide|twin|latest)\s+)*(?:[\w-]+\s+)?" + _ATTACK + r"\b"
    r"|\bclaim\s+of\s+responsibility\b"
    r"|\b(?:said|says|claimed|claims|announced|announces)\s+(?:that\s+)?(?:it|they)\s+"
    r"(?:had\s+|has\s+|have\s+)?" + _VERB + r"\b"
    r"|\b(?:said|says|claimed|claims|announced|announces)\s+(?:that\s+)?(?:its|their)\s+"
    r"(?:\w+\s+){0,2}?" + _FIGHTERS + r"\s+(?:had\s+|have\s+|has\s+)?" + _VERB + r"\b",
    re.IGNORECASE,
)
_PASSIVE = re.compile(r"\b(?:was|were|been|is|are|being)\s+claimed\s+by\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:no|not|never|nobody|none|neither|nor|yet\s+to|denied|denies|deny|refused|refuses|"
    r"declined|without)\b|n't\b",
    re.IGNORECASE,
)
# A claimer that is a pronoun or a description: the caller knows which group is meant.
_DESCRIPTION = (r"(?:it|they|the\s+(?:[\w-]+\s+){0,2}?(?:group|organi[sz]ation|movement|network|outfit|"
                r"militia|faction|insurgents|militants|jihadists))\b")
_PRONOUN = re.compile(_DESCRIPTION + r"(?:['’]s)?(?:\s+[\w-]+){0,2}\s*$", re.IGNORECASE)
_PRONOUN_AFTER = re.compile(r"\s*" + _DESCRIPTION, re.IGNORECASE)
# Where the claimer's clause starts, and a relative or appositive clause between the claimer and
# the verb ("IS, which holds the town, has claimed"), whose words after it may hold a negation.
_CLAUSE_START = re.compile(r"[;:]|,\s*(?:but|while|and|whereas)\b", re.IGNORECASE)
_INSERTED = re.compile(r",[^,]*,(?P<between>\s*(?:[\w-]+\s+){0,2})$")

# Specific channels first: "a statement on its Telegram channel" is a Telegram claim.
_CHANNELS = (
    ("Amaq", re.compile(r"\bA['’]?a?maq\b", re.IGNORECASE)),
    ("Al-Naba", re.compile(r"\b(?:al|an)[-\s]?Naba[a'’]?\b", re.IGNORECASE)),
    ("Telegram", re.compile(r"\bTelegram\b", re.IGNORECASE)),
    ("video", re.compile(r"\bvideos?\b", re.IGNORECASE)),
    ("audio", re.compile(r"\baudio\b", re.IGNORECASE)),
    ("website", re.compile(r"\b(?:website|web\s+site)\b", re.IGNORECASE)),
    ("social media", re.compile(r"\b(?:social\s+media|Twitter|Facebook)\b", re.IGNORECASE)),
    ("statement", re.compile(r"\b(?:statement|communiqu[eé])\b", re.IGNORECASE)),
    ("publication", re.compile(r"\b(?:newsletter|magazine|publication|newspaper)\b", re.IGNORECASE)),
)
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Brig|Sen|Rep|Gov|St|No|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|Mt|Ft))\.$"
)


@dataclass(frozen=True)
class Claim:
    by: str | None  # canonical actor name; None when the claimer is a pronoun the caller resolves
    channel: str | None
    start: int
    end: int
    text: str


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, not cut after initials or titles ("U.S.", "Gen.")."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text[max(start, m.start() - 6):m.start() + 1]):
            continue
        spans.append((start, m.start() + 1))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _channel(sentence: str) -> str | None:
    return next((name for name, pattern in _CHANNELS if pattern.search(sentence)), None)


def find_claims(text: str, kb: ActorKB, offset: int = 0, context_actor: str | None = None,
                country: str | None = None) -> list[Claim]:
    """Claims of responsibility in `text`; `context_actor` names the group that a pronoun
    claimer ("the group said it carried out ...") stands for, when the caller knows it, and
    `country` the country of a generic claimer ("the military said it killed ...")."""
    claims: list[Claim] = []
    for s_start, s_end in _sentences(text):
        sentence = text[s_start:s_end]
        anchors = [(m, False) for m in _ACTIVE.finditer(sentence)]
        anchors += [(m, True) for m in _PASSIVE.finditer(sentence)]
        if not anchors:
            continue  # no claim verb: the actor search, the costly part, is not needed
        mentions = [m for m in kb.find(sentence, country=country) if m.entry.kind not in _NON_CLAIMERS]
        for anchor, passive in sorted(anchors, key=lambda a: a[0].start()):
            is_claim, claimer = (_passive_claimer if passive else _active_claimer)(
                sentence, anchor, mentions)
            if not is_claim:
                continue
            start = anchor.start() if passive or claimer is None else claimer.start
            end = claimer.end if passive and claimer else anchor.end()
            claims.append(Claim(claimer.entry.name if claimer else context_actor,
                                _channel(sentence), s_start + start + offset,
                                s_start + end + offset, text[s_start + start:s_start + end]))
    return claims


Found = tuple[bool, ActorMention | None]  # (is it a claim, the claimer when named)


def _active_claimer(sentence: str, anchor: re.Match[str], mentions: list[ActorMention]) -> Found:
    """The nearest actor before the anchor in its clause, skipping an inserted relative clause;
    a pronoun nearer than any actor means the caller's context actor."""
    before = sentence[:anchor.start()]
    clause = max((m.end() for m in _CLAUSE_START.finditer(before)), default=0)
    inserted = _INSERTED.search(before, clause)
    regions = [(clause, anchor.start())]
    if inserted:
        regions = [(inserted.start("between"), anchor.start()), (clause, inserted.start())]
    if _negated(" ".join(sentence[a:b] for a, b in reversed(regions)), anchor.group()):
        return False, None
    for a, b in regions:
        candidates = [m for m in mentions if a <= m.start and m.end <= b]
        pronoun = _PRONOUN.search(sentence, a, b)
        if candidates and (pronoun is None or candidates[-1].end > pronoun.start()):
            return True, candidates[-1]
        if pronoun:
            break
    return True, None


def _passive_claimer(sentence: str, anchor: re.Match[str], mentions: list[ActorMention]) -> Found:
    """The actor right after "claimed by"; without one ("the lives claimed by the war") only a
    pronoun ("claimed by the group") still makes a claim."""
    if _negated(sentence[:anchor.start()], anchor.group()):
        return False, None
    after = [m for m in mentions if m.start >= anchor.end()]
    if after and re.fullmatch(r"\s*(?:\S+\s+){0,2}", sentence[anchor.end():after[0].start]):
        return True, after[0]
    return _PRONOUN_AFTER.match(sentence, anchor.end()) is not None, None


def _negated(before: str, anchor: str) -> bool:
    """A negation among the last words before the claim: "no group has claimed"."""
    return _NEGATION.search(" ".join(before.split()[-5:]) + " " + anchor) is not None


_BLAME = re.compile(r"\b(?P<verb>blam(?:ed|es|ing)|accus(?:ed|es|ing)|attribut(?:ed|es|ing)\s+(?:it|the\s+\w+)\s+to|"
                    r"pointed\s+the\s+finger\s+at|held)\s+(?:the\s+)?", re.IGNORECASE)
# Between the blame verb and the actor: nothing, or a name the knowledge base lacks and an
# apposition that names a known actor ("the Jaime Martinez front, a faction of former FARC rebels").
_APPOSITION = re.compile(r"[\w\s'’-]{0,40},\s+(?:a|an|the)\s+[\w\s'’-]{0,40}")
_BLAME_HELD = re.compile(r"\s+responsible\b", re.IGNORECASE)
_BLAMED_FOR = re.compile(r"\s+(?:for|of)\s+(?:the\s+|a\s+|an\s+)?"
                         r"(?P<what>[\w-]+(?:\s+(?!(?:in|on|at|near|that|which|who|and|last|this)\b)[\w-]+){0,2})")


@dataclass(frozen=True)
class Blame:
    by: str | None  # canonical name of the blamed actor; None for "the group" (the caller resolves it)
    what: str | None  # the words after "for the" ("roadside bomb"), to find the event meant
    start: int
    end: int
    text: str


def find_blames(text: str, actors: list[ActorMention]) -> list[Blame]:
    """Who the article says others blame: the actor (or "the group") right after a blame verb."""
    blames = []
    for s_start, s_end in _sentences(text):
        for anchor in _BLAME.finditer(text, s_start, s_end):
            if _negated(text[s_start:anchor.start()], anchor.group()):
                continue
            named = next((m for m in actors if m.start >= anchor.end() and m.end <= s_end
                          and m.entry.kind not in _NON_CLAIMERS
                          and (m.start == anchor.end() or _APPOSITION.fullmatch(text, anchor.end(), m.start))), None)
            pronoun = None if named else _PRONOUN_AFTER.match(text, anchor.end("verb"))
            if named is None and pronoun is None:
                continue
            end = named.end if named else pronoun.end()  # type: ignore[union-attr]
            if anchor.group().lower().startswith("held") and not _BLAME_HELD.match(text, end):
                continue  # "held" blames only as "held X responsible"
            what = _BLAMED_FOR.match(text, end)
            blames.append(Blame(named.entry.name if named else None, what.group("what").lower() if what else None,
                                anchor.start(), end, text[anchor.start():end]))
    return blames
