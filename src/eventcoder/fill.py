"""Slot filling: turn a detected mention into a coded Event with evidence for every field.

Counts, actors and claims are read from the clauses the mention is made of (so a sentence that
tells two events gives each its own figures); the place comes from the geo stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .detect import EventMention, is_background
from .schema import Actor, CleanArticle, Count, CountReport, Event, Evidence, Location
from .slots.actors import STATE_KINDS, ActorEntry, ActorKB, ActorMention, get_kb
from .slots.claims import find_claims
from .slots.counts import best_count, find_counts

COUNT_FIELDS = ("fatalities", "injured", "kidnapped")
ARMED_TYPES = {1, 2, 3, 4, 8}
NON_STATE_TYPES = {2, 3, 4}


@dataclass
class ArticleContext:
    """What slot filling knows about the whole article: its actors, claims and country."""

    clean: CleanArticle
    kb: ActorKB
    actors: list[ActorMention]
    country: str | None

    @classmethod
    def build(cls, clean: CleanArticle, country: str | None = None) -> "ArticleContext":
        kb = get_kb()
        return cls(clean=clean, kb=kb, actors=kb.find(clean.body_text, 0, country), country=country)

    def last_armed_before(self, position: int) -> ActorMention | None:
        """The armed non-state actor most recently named before `position` (for "the group")."""
        for mention in reversed(self.actors):
            if mention.start < position and mention.entry.actor_type in NON_STATE_TYPES:
                return mention
        return None


def fill(mention: EventMention, ctx: ArticleContext, location: Location) -> Event:
    article = ctx.clean.article
    text = article.text
    trigger = mention.main_trigger
    evidence = [_evidence(article.id, text, trigger.start, trigger.end, "trigger")]
    for clause in mention.clauses:
        evidence.append(_evidence(article.id, text, clause.start, clause.end, "clause"))
    if mention.date_mention is not None:
        dm = mention.date_mention
        evidence.append(_evidence(article.id, text, dm.start, dm.end, "date"))

    counts = _counts(mention, ctx)
    for name, count in counts.items():
        for report in count.reports:
            if report.start is not None:
                evidence.append(_evidence(article.id, text, report.start, report.end, name))

    actors = _actors(mention, ctx)
    for actor in actors:
        if actor.start is not None:
            evidence.append(_evidence(article.id, text, actor.start, actor.end, actor.role))

    claimed_by, channel = _claim(mention, ctx)
    if location.text:
        at = text.find(location.text, mention.clauses[0].sentence[0])
        if at >= 0:
            evidence.append(_evidence(article.id, text, at, at + len(location.text), "location"))

    return Event(
        id=Event.make_id(article.id, trigger.start, trigger.end, trigger.text),
        doc_ids=[article.id],
        event_type=mention.event_type,
        sub_event_type=mention.sub_event_type,
        background=is_background(mention, article.published),
        date=mention.date,
        location=location,
        actors=actors,
        fatalities=counts.get("fatalities"),
        injured=counts.get("injured"),
        kidnapped=counts.get("kidnapped"),
        claimed_by=claimed_by,
        claim_channel=channel,
        gtd_attack_types=list(trigger.rule.gtd),
        weapon_types=list(trigger.rule.weapon),
        confidence=_confidence(mention, location),
        evidence=evidence,
    )


def _evidence(doc_id: str, text: str, start: int, end: int, field: str) -> Evidence:
    return Evidence(doc_id=doc_id, start=start, end=end, text=text[start:end], field=field)


def _counts(mention: EventMention, ctx: ArticleContext) -> dict[str, Count]:
    reports: dict[str, list[CountReport]] = {f: [] for f in COUNT_FIELDS}
    doc_id = ctx.clean.article.id
    for clause in mention.clauses:
        for found in find_counts(clause.text, clause.start):
            if found.category in reports:
                reports[found.category].append(found.report.model_copy(update={"doc_id": doc_id}))
    return {name: best_count(found) for name, found in reports.items() if found}


# Words right before an actor that make it the one acted upon.
TARGET_CUE = re.compile(
    r"\b(?:against|on|at|targeted|targeting|target|hit|killed|killing|kidnapped|abducted|of|"
    r"attacked|attacking|struck|ambushed|besieged|shot|wounding|injuring|killing)\s+"
    r"(?:(?:the|a|an|at least|some|about|nearly|more than|more|several|dozens of|[\d,]+|one|two|three|"
    r"four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty)\s+){0,3}$",
    re.I,
)
AGENT_CUE = re.compile(r"\b(?:by|claimed by)\s+(?:the\s+)?$", re.I)
# "police station", "army base": a place of the actor's, so the actor is the one hit.
FACILITY_AFTER = re.compile(r"^\W{0,2}(?:station|stations|base|bases|barracks|headquarters|checkpoint|post|compound|camp|convoy|convoys|positions?)\b", re.I)
# State forces named without their country ("the military", "troops").
GENERIC_STATE = re.compile(r"^(?:the\s+)?(?:military|army|troops|soldiers|forces|security forces|police|policemen|government forces|armed forces)$", re.I)
# "The militants", "terrorists affiliated with the group": the armed group named before.
ANAPHORIC_GROUP = re.compile(
    r"\b(?:the|this|that|its|their)\s+(?:\w+\s+)?(?:group|organi[sz]ation|movement|militants|fighters|"
    r"gunmen|jihadists|insurgents|rebels|assailants|attackers)\b|\baffiliated (?:with|to)\b",
    re.I,
)
REPEAT = re.compile(r"\b(?:more|again|same|also)\b", re.I)
# Words after an actor that make it the subject of a clause.
SUBJECT_AFTER = re.compile(r"^\W{0,2}(?:\w+\s+){0,2}?(?:had|has|have|was|were|is|are|said|says|carried|launched|fired|conducted|claimed|focused|struck|attacked)\b", re.I)


def _actors(mention: EventMention, ctx: ArticleContext) -> list[Actor]:
    """Actors named in the mention's clauses, with roles; unnamed ones stay unnamed."""
    found = [m for clause in mention.clauses for m in ctx.kb.find(clause.text, clause.start, ctx.country)]
    if not found and mention.context is not None and mention.continues is None:
        start, end = mention.context  # "The first killed five": actors of the sentence before
        found = ctx.kb.find(ctx.clean.body_text[start:end], start, ctx.country)
    actors: dict[tuple[str, str], Actor] = {}
    previous_role: tuple[int, str] | None = None
    for m in found:
        entry = _refer(m, ctx)
        role = _role(m, entry.actor_type, _trigger_near(mention, m.start), ctx.clean.body_text, previous_role)
        previous_role = (m.end, role)
        actors.setdefault(
            (entry.name, role),
            Actor(name=entry.name, role=role, text=m.text, actor_type=entry.actor_type, start=m.start, end=m.end),
        )
    result = list(actors.values())
    if mention.continues is not None:  # "another one": the same actors unless it names its own
        for role in ("perpetrator", "target"):
            if not any(a.role == role for a in result):
                result += [a for a in _actors(mention.continues, ctx) if a.role == role]
    if mention.follows is not None and any(REPEAT.search(c.text) for c in mention.clauses):
        # "killed 11 more fighters": the same enemy as the event told just before
        if not any(a.role == "target" and not a.name.startswith("Unidentified") for a in result):
            result += [a for a in _actors(mention.follows, ctx) if a.role == "target" and not a.name.startswith("Unidentified")]
    named = [a for a in result if a.role == "perpetrator" and not a.name.startswith("Unidentified")]
    if named:
        result = [a for a in result if not (a.role == "perpetrator" and a.name.startswith("Unidentified"))]
    elif any(ANAPHORIC_GROUP.search(c.text) for c in mention.clauses):
        prior = ctx.last_armed_before(mention.clauses[0].start)
        if prior is not None:  # "terrorists affiliated with the group": the group named before
            result = [a for a in result if not (a.role == "perpetrator" and a.name.startswith("Unidentified"))]
            result.append(Actor(name=prior.entry.name, role="perpetrator", text=prior.text,
                                actor_type=prior.entry.actor_type, start=prior.start, end=prior.end))
    return result


def _refer(found: ActorMention, ctx: ArticleContext) -> ActorEntry:
    """"The military" is the state force the article named last, before the country default."""
    if not GENERIC_STATE.match(found.text.strip()):
        return found.entry
    for earlier in reversed(ctx.actors):
        if earlier.start < found.start and earlier.entry.kind == found.entry.kind and not GENERIC_STATE.match(earlier.text.strip()):
            return earlier.entry
    return found.entry


def _trigger_near(mention: EventMention, position: int) -> int:
    """The start of the trigger in the clause that names the actor (roles are clause-local)."""
    for clause in mention.clauses:
        if clause.start <= position < clause.end and clause.triggers:
            return min(t.start for t in clause.triggers)
    return mention.main_trigger.start


def _role(
    found: ActorMention, actor_type: int, trigger_start: int, text: str, previous: tuple[int, str] | None
) -> str:
    """Perpetrator or target, from the words around the actor (no parser needed)."""
    before = text[max(0, found.start - 40) : found.start]
    after = text[found.end : found.end + 30]
    if AGENT_CUE.search(before):
        return "perpetrator"
    if actor_type == 7 or TARGET_CUE.search(before) or FACILITY_AFTER.search(after):
        return "target"
    if found.start < trigger_start or SUBJECT_AFTER.search(after):
        return "perpetrator"
    if previous is not None and found.start - previous[0] < 60:
        return previous[1]  # "security forces loyal to X": the same side as the actor just before
    return "target"


def _claim(mention: EventMention, ctx: ArticleContext) -> tuple[str | None, str | None]:
    """A claim in the mention's own clauses, or in the article's claim of the same incident."""
    for clause in mention.clauses:
        for claim in find_claims(clause.text, ctx.kb, clause.start):
            by = claim.by
            if by is None:
                prior = ctx.last_armed_before(claim.start)
                by = prior.entry.name if prior else None
            entry = ctx.kb.get(by) if by else None
            if by and not (entry and entry.kind in STATE_KINDS):
                return by, claim.channel
    return None, None


def _confidence(mention: EventMention, location: Location) -> float:
    """A rough 0-1 score: stronger triggers, dated and placed events are likelier right."""
    score = 0.4 + 0.2 * any(t.rule.strong for t in mention.triggers)
    score += 0.2 * (mention.date_mention is not None)
    score += 0.2 * (location.lat is not None)
    return round(min(score, 1.0), 2)
