"""Slot filling: turn a detected mention into a coded Event with evidence for every field.

Counts, actors and claims are read from the clauses the mention is made of (so a sentence that
tells two events gives each its own figures); the place comes from the geo stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .detect import VIOLENT_TYPES, Clause, EventMention, is_background
from .schema import Actor, CleanArticle, Count, CountReport, Event, Evidence, Location
from .slots.actors import STATE_KINDS, ActorEntry, ActorKB, ActorMention, get_kb
from .slots.claims import Blame, Claim, find_blames, find_claims
from .slots.counts import (
    PARTIAL, SHOT_NOT_KILLED, SUICIDE, best_count, find_counts, find_headline_counts, names_incident, tells_separate,
    tells_whole, with_shooter, wounded_given,
)
from .slots.people import PersonMention

COUNT_FIELDS = ("fatalities", "injured", "kidnapped")
MAX_PEOPLE = 20  # per event, the first named: a list of hundreds of names (a memorial) is no incident's signature
ARMED_TYPES = {1, 2, 3, 4, 8}
NON_STATE_TYPES = {2, 3, 4}


@dataclass
class ArticleContext:
    """What slot filling knows about the whole article: its actors, claims and country."""

    clean: CleanArticle
    kb: ActorKB
    actors: list[ActorMention]
    country: str | None
    claims: list[tuple[Claim, EventMention | None]]  # each claim, and the mention it is told after
    blames: list[tuple[Blame, EventMention]] = field(default_factory=list)  # each blame, and the mention it is about
    coded_actors: dict[int, list[Actor]] = field(default_factory=dict)  # per mention, coded once

    def actors_within(self, start: int, end: int) -> list[ActorMention]:
        """The article's actor mentions inside a span (the article is searched once)."""
        return [m for m in self.actors if start <= m.start and m.end <= end]

    @classmethod
    def build(cls, clean: CleanArticle, mentions: list[EventMention], country: str | None = None) -> "ArticleContext":
        kb = get_kb()
        claims = []
        for claim in find_claims(clean.body_text, kb):
            inside = any(c.start <= claim.start < c.end for m in mentions for c in m.clauses)
            before = [m for m in mentions if m.clauses[0].start < claim.start]
            claims.append((claim, None if inside or not before else before[-1]))
        actors = kb.find(clean.body_text, 0, country)
        blames = [(blame, owner) for blame in find_blames(clean.body_text, actors)
                  if (owner := _blamed_mention(blame, mentions)) is not None]
        return cls(clean=clean, kb=kb, actors=actors, country=country, claims=claims, blames=blames)

    def blamed(self, mention: EventMention) -> Actor | None:
        """The actor others blame for the mention ("officials blamed the group for the bomb")."""
        for blame, owner in self.blames:
            if owner is not mention:
                continue
            entry = self.kb.get(blame.by) if blame.by else None
            if entry is None:  # "blamed the group": the armed group named last before the blame
                prior = self.last_armed_before(blame.start)
                entry = prior.entry if prior else None
            if entry is not None:
                return Actor(name=entry.name, role="perpetrator", text=blame.text, actor_type=entry.actor_type,
                             start=blame.start, end=blame.end)
        return None

    def last_armed_before(self, position: int) -> ActorMention | None:
        """The armed non-state actor most recently named before `position` (for "the group")."""
        for mention in reversed(self.actors):
            if mention.start < position and mention.entry.actor_type in NON_STATE_TYPES:
                return mention
        return None


def _blamed_mention(blame: Blame, mentions: list[EventMention]) -> EventMention | None:
    """The mention a blame is about: the one its "for the roadside bomb" words name, else the one
    it is told in or after."""
    before = [m for m in mentions if m.clauses[0].start < blame.start]
    words = {w for w in (blame.what or "").lower().split() if len(w) > 3}
    named = [m for m in before if words and any(w in c.text.lower() for c in m.clauses for w in words)]
    return (named or before or [None])[-1]


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
    if not any(a.role == "perpetrator" and not a.name.startswith("Unidentified") for a in actors):
        # the group that claimed it did it; else the one others blame
        entry = ctx.kb.get(claimed_by) if claimed_by else None
        named = Actor(name=claimed_by, role="perpetrator", text=claimed_by,
                      actor_type=entry.actor_type if entry else None) if claimed_by else ctx.blamed(mention)
        if named is not None:
            actors = [a for a in actors if a.role != "perpetrator"] + [named]
    event_type, sub_event_type = _typed(mention, actors, counts)
    if location.text:
        at = text.find(location.text, mention.clauses[0].sentence[0])
        if at >= 0:
            evidence.append(_evidence(article.id, text, at, at + len(location.text), "location"))

    return Event(
        id=Event.make_id(article.id, trigger.start, trigger.end, trigger.text),
        doc_ids=[article.id],
        event_type=event_type,
        sub_event_type=sub_event_type,
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
        scope=scope(event_type, actors, claimed_by, ctx),
        confidence=_confidence(mention, location),
        evidence=evidence,
    )


def distinct_ids(events: list[Event]) -> list[Event]:
    """An article's events with distinct ids: one trigger can start two events ("another one on
    the following day"), and a repeated id gets a numbered suffix, the same on every run."""
    seen: set[str] = set()
    out = []
    for event in events:
        event_id, n = event.id, 1
        while event_id in seen:
            n += 1
            event_id = f"{event.id}_{n}"
        seen.add(event_id)
        out.append(event if event_id == event.id else event.model_copy(update={"id": event_id}))
    return out


def lead(events: list[Event]) -> Event | None:
    """The event an article's headline is about: its first violent event told as news, else its
    first violent event."""
    violent = [e for e in events if e.event_type in VIOLENT_TYPES]
    return next((e for e in violent if not e.background), violent[0] if violent else None)


def with_people(events: list[Event], mentions: list[EventMention], people: list[PersonMention], ctx: ArticleContext) -> list[Event]:
    """Named people go to the lead event, which a report names its incident's victim and suspect
    around ("The victim was identified as ...", "... was charged with murder"), and to the event
    told in their sentence; people of a background event's sentence only to that event. Names the
    actor knowledge base knows ("Boko Haram" read as a person) are actors, not people."""
    main = lead(events)
    named: dict[int, set[PersonMention]] = {}
    for person in people:
        if any(a.start < person.end and person.start < a.end for a in ctx.actors):
            continue
        told = [i for i, m in enumerate(mentions) if any(c.sentence[0] <= person.start < c.sentence[1] for c in m.clauses)]
        owners = set(told)
        if not any(events[i].background and events[i] is not main for i in told):
            owners |= {i for i, e in enumerate(events) if e is main}
        for i in owners:
            named.setdefault(i, set()).add(person)
    doc_id, text = ctx.clean.article.id, ctx.clean.article.text
    out = list(events)
    for i, found in named.items():
        ordered = sorted(found, key=lambda p: p.start)
        names = list(dict.fromkeys(p.name for p in ordered))[:MAX_PEOPLE]
        evidence = [_evidence(doc_id, text, p.start, p.end, "person") for p in ordered if p.name in names]
        out[i] = events[i].model_copy(update={"people": sorted(names), "evidence": events[i].evidence + evidence})
    return out


def with_headline(events: list[Event], clean: CleanArticle) -> list[Event]:
    """Many reports do not repeat what their headline tells ("Teen fatally shot in X" over a body
    that names the teen and never says he died): the lead event takes the headline's figures of
    each category its body gives no whole figure of (reports with source "the headline" and no
    offsets); people the headline has shot give wounded as the body's do (`_wounded`). A death
    the headline adds turns a wounded figure worked out from people shot back. When the body's
    first sentence tells of separate incidents ("Two teens died in separate incidents"), the
    headline's figures of several people are that tally, not one incident's."""
    title, doc_id = clean.article.title, clean.article.id
    main = lead(events) if title else None
    if main is None:
        return events
    headline = [(f.category, f.report.model_copy(update={"doc_id": doc_id})) for f in find_headline_counts(title or "")]
    body = clean.body_text
    lead_start = len(body) - len(body.lstrip())  # the body keeps the offsets of what cleaning blanked out
    if tells_separate(body[lead_start : _sentence_end(body, lead_start)]):
        headline = [(category, r) for category, r in headline if not _several(r)]
    update = {}
    for name in COUNT_FIELDS:
        count: Count | None = getattr(main, name)
        own = count.reports if count else []
        told = [report for category, report in headline if category == name]
        if told and not tells_whole(own):
            update[name] = best_count(own + told)
    injured = update.get("injured", main.injured)
    shot = [report for category, report in headline if category == "shot"]
    if shot and not tells_whole(injured.reports if injured else []):
        wounded = _wounded(shot, update.get("fatalities", main.fatalities), clean.body_text)
        if wounded is not None:
            injured = update["injured"] = best_count((injured.reports if injured else []) + [wounded])
    if "fatalities" in update and injured is not None:
        update["injured"] = best_count(wounded_given(injured.reports, update["fatalities"].best))
    if not update:
        return events
    return [main.model_copy(update=update) if e is main else e for e in events]


def _evidence(doc_id: str, text: str, start: int, end: int, field: str) -> Evidence:
    return Evidence(doc_id=doc_id, start=start, end=end, text=text[start:end], field=field)


# A figure that names a speaker ("a local health official said") or the bomber himself.
NOT_VICTIMS = re.compile(r"\s*,?\s*(?:said|says|told)\b")
SELF = {"bomber", "bombers", "himself", "herself", "themselves"}
# "12 soldiers and eight militants were killed": parts of one total, unless one includes the other.
SUBSET = re.compile(r"\b(?:including|among them|of whom|of them|among whom)\b", re.I)


# The one who fired killed himself after the victims counted before it in the clause.
SUICIDE_LINK = re.compile(r"\b(?:and|before|then)\b", re.I)
# "Two boys were found dead in the car. Their father later killed himself": the toll counts the one
# who fired when the suicide follows within this many characters (the same paragraph), unless a
# figure already includes him.
SUICIDE_AFTER_CHARS = 300
WITH_SHOOTER = re.compile(r"\bincluding\s+(?:the\s+)?(?:shooter|gunman|gunwoman|suspect|attacker|killer)\b", re.I)
# A death told without a figure ("he died at the hospital"): the person shot may be the one who died.
DEATH_WORD = re.compile(r"\b(?:died|dies|dead|death|killed|fatal(?:ly)?|mortally|slain|homicide|murder(?:ed)?)\b", re.I)


def _counts(mention: EventMention, ctx: ArticleContext) -> dict[str, Count]:
    reports: dict[str, list[CountReport]] = {f: [] for f in (*COUNT_FIELDS, "shot")}
    doc_id = ctx.clean.article.id
    text = ctx.clean.article.text
    for clause in mention.clauses:
        found = [
            f for f in find_counts(clause.text, clause.start)
            if f.category in reports and (f.victim or "").lower() not in SELF
            and not NOT_VICTIMS.match(text, f.report.end or 0)
        ]
        # "Two people are dead, ... following separate shootings": a clause's figures of several
        # people tally several incidents when its sentence says so
        if any(_several(f.report) for f in found) and tells_separate(ctx.clean.body_text[slice(*clause.sentence)]):
            found = [f for f in found if not _several(f.report)]
        suicide = SUICIDE.search(text, clause.start, clause.end) or _suicide_after(clause, ctx.clean.body_text)
        for category in reports:
            parts = [f for f in found if f.category == category]
            for report in _totals(parts, text):
                if category == "fatalities" and suicide and _victims_before(report, text, suicide):
                    report = with_shooter(report)
                reports[category].append(report.model_copy(update={"doc_id": doc_id}))
    counts = {name: best_count(found) for name, found in reports.items() if found and name != "shot"}
    if "injured" not in counts and reports["shot"]:
        wounded = _wounded(reports["shot"], counts.get("fatalities"), ctx.clean.body_text)
        if wounded is not None:
            counts["injured"] = best_count([wounded])
    return counts


def _several(report: CountReport) -> bool:
    """A figure of more than one person ("two", "at least 3")."""
    return (report.min if report.min is not None else report.value or 0) > 1


def _suicide_after(clause: Clause, body: str) -> re.Match[str] | None:
    """A suicide told after the clause's sentence, in the same paragraph, when no figure of that
    sentence already counts the one who fired."""
    if WITH_SHOOTER.search(body, *clause.sentence):
        return None
    start = clause.sentence[1]
    end = body.find("\n", start)
    end = min(start + SUICIDE_AFTER_CHARS, len(body) if end < 0 else end)
    return SUICIDE.search(body, start, end)


def _victims_before(report: CountReport, text: str, suicide: re.Match[str]) -> bool:
    """Victims told before the suicide and linked to it ("his wife and himself", "... before
    turning the gun on himself", a suicide told in the next sentence), not the one who shot
    himself ("a boy fatally shot himself"), nor "a deadly shooting" (its dead may be him)."""
    if report.end is None or report.end > suicide.start() or report.value is None or names_incident(report):
        return False
    if _sentence_end(text, report.end) < suicide.start():
        return True
    return SUICIDE_LINK.search(text, report.end, suicide.end()) is not None


def _sentence_end(text: str, position: int) -> int:
    ends = [i for i in (text.find(". ", position), text.find("\n", position)) if i >= 0]
    return min(ends, default=len(text))


def _wounded(shot: list[CountReport], fatalities: Count | None, body: str) -> CountReport | None:
    """People shot are killed or wounded: "two were shot, one fatally" wounded one. Only when
    the toll is known, or the article tells no death at all (else the one shot may be the one
    who died, in a sentence of its own)."""
    hit = best_count(shot).best
    if hit is None:
        return None
    if fatalities is None and DEATH_WORD.search(body):
        return None
    killed = fatalities.best if fatalities is not None else 0
    if killed is None or killed > hit:
        return None
    first = next(r for r in shot if r.value is not None or r.min is not None)
    return first.model_copy(update={"value": hit - killed, "min": hit - killed, "max": hit, "qualifier": SHOT_NOT_KILLED})


def _totals(parts: list, text: str) -> list[CountReport]:
    """One report per source: figures for different victim groups in one phrase are added up. The
    sum tells the whole toll when a part does ("killed her daughter and two grandchildren": 3), a
    part of it when every part is one ("his wife and his son")."""
    if len(parts) < 2:
        return [p.report for p in parts]
    first, *rest = parts
    same_phrase = all(
        p.report.source == first.report.source and p.victim != first.victim and p.report.value is not None
        and not SUBSET.search(text[first.report.start : p.report.start])
        and p.report.start - (first.report.end or 0) < 40
        for p in rest
    ) and first.report.value is not None
    if not same_phrase:
        return [p.report for p in parts]
    total = sum(p.report.value for p in parts)
    qualifier = next((p.report.qualifier for p in parts if p.report.qualifier != PARTIAL), PARTIAL)
    return [first.report.model_copy(update={
        "value": total, "min": total, "max": total, "qualifier": qualifier,
        "end": parts[-1].report.end, "text": text[first.report.start : parts[-1].report.end],
    })]


# The *_AFTER patterns used with .match(text, pos) carry no "^": it would only match at a line start.
# Words right before an actor that make it the one acted upon.
TARGET_CUE = re.compile(
    r"\b(?:against|on|at|with|targeted|targeting|target|hit|killed|killing|kidnapped|abducted|"
    r"attacked|attacking|struck|ambushed|besieged|shot|wounding|injuring|arrested|arresting|"
    r"detained|detaining)\s+"
    r"(?:(?:the|a|an|at least|some|about|nearly|more than|more|several|dozens of|suspected|alleged|[\d,]+|one|two|three|"
    r"four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty)\s+){0,3}$",
    re.I,
)
AGENT_CUE = re.compile(r"\b(?:by|claimed by)\s+(?:the\s+)?$", re.I)
# "the barracks of the X battalion": the actor whose place was hit.
FACILITY_OF = re.compile(r"\b(?:barracks|positions?|bases?|convoys?|members|headquarters|homes?|offices?|posts?|camps?)\s+of\s+(?:the\s+)?$", re.I)
# "X were killed", "X died": the actor is the victim.
VICTIM_AFTER = re.compile(  # not across a speech verb: "police said four people had been arrested"
    r"(?:\s+(?!(?:said|says|told|reported|confirmed|announced)\b)[\w’'-]+){0,4}?\s+(?:(?:were|was|had been|have been|has been|being)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|kidnapped|abducted|attacked|targeted|hit|ambushed|shot|executed|beheaded|"
    r"taken|seized|captured|raped|arrested|detained|treated)|died|perished)\b",
    re.I,
)
# "police said", "Taliban officials gave a toll": who speaks is not who acts.
SPEAKER_AFTER = re.compile(
    r"(?:\s+(?:officials?|spokesm[ae]n|spokesperson|sources?|statement|commanders?|officers?|authorities))?"
    r"\s+(?:said|says|told|confirmed|reported|gave|denied|announced|described|declined|did not|warned|added|stated|urged|appealed)\b",
    re.I,
)
# "the army said it destroyed two trucks": the speaker tells what it did itself.
SELF_REPORT = re.compile(r"\s+(?:said|says|announced|reported|stated|confirmed)\s+(?:that\s+)?(?:it|they|its|their)\b", re.I)
SPEAKER_BEFORE = re.compile(r"\baccording to\s+(?:the\s+)?$", re.I)
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
    if id(mention) not in ctx.coded_actors:
        ctx.coded_actors[id(mention)] = _code_actors(mention, ctx)
    return ctx.coded_actors[id(mention)]


def _code_actors(mention: EventMention, ctx: ArticleContext) -> list[Actor]:
    text = ctx.clean.body_text
    found = [m for clause in mention.clauses for m in ctx.actors_within(clause.start, clause.end)]
    if (all(ctx.kb.is_bare(m.text) for m in found) and mention.context is not None
            and mention.continues is None):  # "The first killed five people": the sentence before tells who
        found = ctx.actors_within(*mention.context) + found
    found = [m for m in found if _acts(m, text) or _tells_own_act(m, mention, text)]
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


def _acts(found: ActorMention, text: str) -> bool:
    """Not a speaker ("police said") and not the tail of a longer name ("Ta'ang National ...")."""
    if SPEAKER_AFTER.match(text, found.end) or SPEAKER_BEFORE.search(text[max(0, found.start - 20) : found.start]):
        return False
    before = text[max(0, found.start - 30) : found.start].split()
    return not (before and before[-1][:1].isupper() and before[-1][-1:].isalpha() and before[-1].lower() != "the"
                and len(before) > 1 and not before[-2].endswith((".", ":", "-", "–", "—")))  # a dateline dash starts a sentence


def _tells_own_act(found: ActorMention, mention: EventMention, text: str) -> bool:
    """A speaker telling its own act: "the military said it killed", police telling of arrests,
    a military or foreign force announcing an air strike (they announce their own)."""
    if SELF_REPORT.match(text, found.end):
        return True
    kind, sub_type = found.entry.kind, mention.sub_event_type
    return (sub_type == "Arrests" and kind in STATE_KINDS
            or sub_type == "Air/drone strike" and kind in ("state_forces", "international"))


def _refer(found: ActorMention, ctx: ArticleContext) -> ActorEntry:
    """"The military" is the state force the article named last, before the country default."""
    if not GENERIC_STATE.match(found.text.strip()):
        return found.entry
    for earlier in reversed(ctx.actors):
        if earlier.start < found.start and earlier.entry.kind == found.entry.kind and not GENERIC_STATE.match(earlier.text.strip()):
            return earlier.entry
    return found.entry


def _trigger_near(mention: EventMention, position: int) -> int:
    """The start of the trigger in the clause that names the actor (roles are clause-local);
    a strong trigger ("clashed") rather than an outcome word ("were killed")."""
    for clause in mention.clauses:
        if clause.start <= position < clause.end and clause.triggers:
            strong = [t for t in clause.triggers if t.rule.strong] or clause.triggers
            return min(t.start for t in strong)
    return mention.main_trigger.start


def _role(
    found: ActorMention, actor_type: int, trigger_start: int, text: str, previous: tuple[int, str] | None
) -> str:
    """Perpetrator or target, from the words around the actor (no parser needed)."""
    before = text[max(0, found.start - 40) : found.start]
    after = text[found.end : found.end + 30]
    if AGENT_CUE.search(before):
        return "perpetrator"
    if actor_type == 7 or TARGET_CUE.search(before) or FACILITY_OF.search(before) or FACILITY_AFTER.search(after):
        return "target"
    if VICTIM_AFTER.match(text, found.end):
        return "target"
    if found.start <= trigger_start or SUBJECT_AFTER.search(after):
        return "perpetrator"
    if previous is not None and found.start - previous[0] < 60:
        return previous[1]  # "security forces loyal to X": the same side as the actor just before
    return "target"


def _typed(mention: EventMention, actors: list[Actor], counts: dict[str, Count]) -> tuple[str, str]:
    """ACLED types an attack on an armed actor as a battle, on civilians as violence against them.
    A strategic development with people killed or wounded ("a woman was arrested after her brother
    was fatally shot") is the violence it tells, when a violent trigger names it."""
    trigger = mention.main_trigger
    casualties = any(c.best for name, c in counts.items() if name in ("fatalities", "injured"))
    if trigger.rule.event_type == "Strategic developments" and casualties:
        violent = [t for t in mention.triggers if t.rule.event_type in VIOLENT_TYPES]
        trigger = max(violent, key=lambda t: (t.rule.rank, t.rule.strong, -t.start), default=trigger)
    if not trigger.rule.by_target:
        return trigger.rule.event_type, trigger.rule.sub_event_type
    targets = {a.actor_type for a in actors if a.role == "target"}
    if targets & ARMED_TYPES:
        return "Battles", "Armed clash"
    if 7 in targets:
        return "Violence against civilians", "Attack"
    return trigger.rule.event_type, trigger.rule.sub_event_type


# "The publication said that its militants fired ...": the group's own media telling its attack.
GROUP_MEDIA = re.compile(
    r"\b(?:the|its|their|the group['’]s)\s+(?:\w+\s+){0,2}?(?:publication|newsletter|news agency|magazine|"
    r"propaganda outlet|media outlet)\s+(?:said|reported|claimed|announced|published)\b",
    re.I,
)


def _claim(mention: EventMention, ctx: ArticleContext) -> tuple[str | None, str | None]:
    """A claim in the mention's own clauses, one told after it outside any other mention, the
    group's own media telling it, or the claim of the event it repeats ("another one")."""
    if mention.continues is not None:
        inherited = _claim(mention.continues, ctx)
        if inherited[0]:
            return inherited
    if any(GROUP_MEDIA.search(c.text) for c in mention.clauses):
        named = [a for a in _actors(mention, ctx) if a.role == "perpetrator" and a.actor_type in NON_STATE_TYPES]
        if named:
            return named[0].name, "publication"
    spans = [(c.start, c.end) for c in mention.clauses]
    for claim, owner in ctx.claims:
        if owner is mention or any(s <= claim.start < e for s, e in spans):
            by = claim.by
            if by is None:
                prior = ctx.last_armed_before(claim.start)
                by = prior.entry.name if prior else None
            entry = ctx.kb.get(by) if by else None
            if by and not (entry and entry.kind in STATE_KINDS):
                return by, claim.channel
    return None, None


# Words of crime reporting (a lone gunman rather than gunmen, charges, accidents): an incident
# told this way, with no armed group in the article, is criminal violence (coded too, outside
# ACLED's political scope).
CRIMINAL = re.compile(
    r"\b(?:homicides?|manslaughter|murder[- ]suicide|(?:armed )?robber(?:y|ies)|burglar(?:y|ies)?|carjack\w*|"
    r"domestic (?:dispute|violence|disturbance|incident)|drive-by|self-inflicted|accidental(?:ly)?|hunting accident|"
    r"charged with|(?:first|second)[- ]degree murder|murder charges?|gang[- ]related|"
    r"(?:a|the|lone) (?:gunman|shooter|suspect))\b",
    re.I,
)
STATE_TYPES = {1, 8}


def scope(event_type: str, actors: list[Actor], claimed_by: str | None, ctx: ArticleContext) -> str:
    """Political violence, terrorism, criminal or unknown (docs/fusion.md, "Scope").

    A named armed group (or a claim) makes an event political violence, or terrorism when the
    group hit civilians and no armed actor; demonstrations and strategic developments are
    political; crime reporting with no armed group named anywhere in the article is criminal;
    state forces acting otherwise are political violence; anything else is unknown.
    """
    named = [a for a in actors if not a.name.startswith("Unidentified")]
    perpetrators = {a.actor_type for a in named if a.role == "perpetrator"}
    targets = {a.actor_type for a in named if a.role == "target"}
    if claimed_by or perpetrators & NON_STATE_TYPES:
        if 7 in targets and not targets & ARMED_TYPES:
            return "terrorism"
        return "political violence"
    if event_type in ("Protests", "Riots", "Strategic developments"):
        return "political violence"
    armed_group_named = any(m.entry.actor_type in NON_STATE_TYPES and m.entry.kind != "unidentified" for m in ctx.actors)
    if not armed_group_named and CRIMINAL.search(ctx.clean.body_text):
        return "criminal"
    if perpetrators & STATE_TYPES:
        return "political violence"
    return "unknown"


def _confidence(mention: EventMention, location: Location) -> float:
    """A rough 0-1 score: stronger triggers, dated and placed events are likelier right."""
    score = 0.4 + 0.2 * any(t.rule.strong for t in mention.triggers)
    score += 0.2 * (mention.date_mention is not None)
    score += 0.2 * (location.lat is not None)
    return round(min(score, 1.0), 2)
