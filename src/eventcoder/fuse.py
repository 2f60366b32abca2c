"""Cross-article fusion: one record per real incident, however many articles report it.

A mention (one article's event) is compared with the fused events whose dates could match
(`blocking_window`). Each comparison adds up evidence for and against "the same incident":

    date        same day +2, a day apart +0.5, overlapping coarse dates +0.3; veto when two
                day-precise dates are 2+ days apart or the dates do not overlap at all
    type        same sub-event type +0.5; violence against a strategic development (an arrest)
                TYPES_DIFFER; veto across the other groups (violence / protests / strategic)
    place       two precise points: <= NEAR_KM +1.5, beyond FAR_KM veto; different countries veto;
                a region or country-level place only agrees or disagrees on admin1; a report
                placed nowhere UNPLACED
    casualties  fatalities agree +1 (close +0.3, differ -1.5); injured half as much; a part of a
                toll ("the boy died") agrees in part, and never contradicts a higher toll
    actors      a shared named perpetrator +1, two different named perpetrators -1 (not when
                both are state forces)
    people      the same named person (victim, suspect, witness; slots/people.py) +3; it also
                turns the date veto into a cost: up to LOOKBACK_DAYS apart (charges, a funeral,
                a death in hospital dated by the follow-up) for one shared person, any time (a
                trial) for two; and the far-place veto (a namesake town) for two. A person that
                PUBLIC_EVENTS candidates name is a public figure and counts for nothing
    names       other shared proper names in the evidence (streets, venues, people quoted): up to +1.5
    words       the Jaccard overlap of the clauses' words: up to +1
    syndication the mention's article is a copy of one already in the event: +3

A mention that names people is also compared with the fused events that name one of them (the
store searches its free-text index, or without one the events of `people_window`).

The mention joins the best candidate whose total reaches THRESHOLD (tuned on the Gun Violence
Corpus train split, docs/fusion.md); otherwise it starts a new incident. Events that only look
alike stay apart: five days apart is a veto, the same day in another town costs more than the
day and the type earn.

`merge` builds the fused record from its mentions (rules in its docstring); `cluster` runs the
same decide/merge in memory for benchmarks and tests. The store (store/) calls decide and merge
with candidates from its own index.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .geo.relative import haversine_km
from .schema import Count, CountReport, Event, EventDate, Location
from .slots.counts import PARTIAL, best_count, wounded_given

THRESHOLD = 2.0
SAME_DAY = 2.0
DAY_SLACK = 1  # reports of one incident may differ by a day (late night, time zones)
# An undated report (dated by its publication week) may be a follow-up weeks after the incident:
# an arrest, charges, a funeral. It looks back this far, at a cost (UNDATED_EARLIER).
LOOKBACK_DAYS = 30
UNDATED_EARLIER = -1.0
NEAR_KM = 10.0
FAR_KM = 50.0
SAME_ARTICLE = -1.0
TYPES_DIFFER = -2.0  # violence against a strategic development (an arrest): no veto, a cost
UNPLACED = -1.0  # an unplaced report needs more than the day and the type it shares with many
NAMES_WEIGHT = 1.5
SAME_PEOPLE = 3.0
PUBLIC_EVENTS = 5  # a person named by this many of the incidents a mention could join is a public figure
PEOPLE_DESPITE = -0.5  # what a date or place that would veto costs when the same people are named
WORDS_WEIGHT = 1.0
POINT_PRECISIONS = {"town", "near", "offset"}
DATE_RANK = {"day": 0, "week": 1, "range": 2, "month": 3, "year": 4}
TYPE_GROUPS = {
    "Battles": "violence",
    "Violence against civilians": "violence",
    "Explosions/Remote violence": "violence",
    "Protests": "demonstrations",
    "Riots": "demonstrations",
    "Strategic developments": "strategic",
}
COUNT_WEIGHTS = {"fatalities": 1.0, "injured": 0.5}
STATE_TYPES = {1, 8}  # ACLED inter codes of state forces


@dataclass
class Mention:
    """One article-level event as extracted, plus what fusion needs to know of its article."""

    event: Event
    doc_id: str
    published: date | None = None
    original_doc_id: str = ""  # itself, or the earlier article it syndicates (near-duplicate text)

    def __post_init__(self) -> None:
        self.original_doc_id = self.original_doc_id or self.doc_id


@dataclass
class FusionDecision:
    event_id: str | None  # the fused event the mention joins; None: a new incident
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    score: float
    reasons: list[str]
    people: set[str] = field(default_factory=set)  # the named people both events share
    veto: str | None = None


def blocking_window(event: Event) -> tuple[date | None, date | None]:
    """The dates a fused event must overlap to be a candidate for this one. (None, None): the
    mention is undated (no date in the text, no publication date) and is an incident of its own."""
    start, end = _interval(event.date)
    if start is None or end is None:
        return None, None
    if _undated(event.date):
        start = end - timedelta(days=LOOKBACK_DAYS)
    return start - timedelta(days=DAY_SLACK), end + timedelta(days=DAY_SLACK)


def people_window(event: Event) -> tuple[date | None, date | None]:
    """Where fused events naming one of the mention's people are looked for when the store has no
    free-text index (None, None: it names nobody, or is undated)."""
    start, end = _interval(event.date)
    if not event.people or start is None or end is None:
        return None, None
    return start - timedelta(days=LOOKBACK_DAYS), end + timedelta(days=LOOKBACK_DAYS)


def decide(mention: Mention, candidates: list[Event]) -> FusionDecision:
    """Join the best-scoring candidate that reaches THRESHOLD, or start a new incident."""
    best: tuple[Event, Comparison] | None = None
    vetoes: list[str] = []
    event = _identifying(mention.event, candidates)
    for candidate in candidates:
        result = compare(event, candidate, mention.original_doc_id)
        if result.veto is not None:
            vetoes.append(result.veto)
        elif best is None or result.score > best[1].score:
            best = (candidate, result)
    if best is None:
        return FusionDecision(event_id=None, score=0.0, reasons=_unique(vetoes) or ["no candidate in the date window"])
    candidate, result = best
    if result.score < THRESHOLD:
        return FusionDecision(event_id=None, score=result.score, reasons=result.reasons + [f"score {result.score:.1f} < {THRESHOLD}"])
    return FusionDecision(event_id=candidate.id, score=result.score, reasons=result.reasons)


def _identifying(event: Event, candidates: list[Event]) -> Event:
    """The event without the people that PUBLIC_EVENTS or more candidates name: a president or a
    group's leader is named in reports of countless incidents, a victim in those of one."""
    public = {p for p in event.people if sum(p in c.people for c in candidates) >= PUBLIC_EVENTS}
    return event.model_copy(update={"people": [p for p in event.people if p not in public]}) if public else event


def compare(event: Event, candidate: Event, original_doc_id: str | None = None) -> Comparison:
    """The evidence that two events are one incident, with a reason for every point."""
    result = Comparison(score=0.0, reasons=[])
    for part in (_people_part, _same_article_part, _date_part, _type_part, _place_part, _count_part, _actor_part, _names_part, _words_part):
        part(event, candidate, result)
        if result.veto:
            result.reasons.append(result.veto)
            return result
    if original_doc_id and original_doc_id in candidate.doc_ids and original_doc_id not in event.doc_ids:
        _add(result, 3.0, f"syndicated copy of {original_doc_id}")
    result.score = round(result.score, 2)
    return result


def _add(result: Comparison, points: float, reason: str) -> None:
    result.score += points
    result.reasons.append(reason)


def _interval(d: EventDate) -> tuple[date | None, date | None]:
    if d.start is None:
        return None, None
    return d.start, max(d.end or d.start, d.start)


def _same_article_part(a: Event, b: Event, result: Comparison) -> None:
    """Detection already told an article's events apart: a repeat must earn its way back."""
    shared = set(a.doc_ids) & set(b.doc_ids)
    if shared:
        dated_there = any(ev.field == "date" and ev.doc_id in shared for ev in b.evidence)
        if dated_there and a.date.precision == "day" and b.date.precision == "day" and a.date.start != b.date.start:
            # unless two of its people are named in both ("shot on Thursday ... X was still in
            # critical condition on Friday"): an article's sentences about one victim
            _veto_unless_people(result, "told apart by date in the same article", 2)
        else:
            _add(result, SAME_ARTICLE, "told apart in the same article")


def _people_part(a: Event, b: Event, result: Comparison) -> None:
    result.people = set(a.people) & set(b.people)
    if result.people:
        _add(result, SAME_PEOPLE, "same people named: " + ", ".join(sorted(result.people)[:3]))


def _veto_unless_people(result: Comparison, veto: str, needed: int = 1) -> None:
    """A veto, or only a cost when both events name the same people."""
    if len(result.people) >= needed:
        _add(result, PEOPLE_DESPITE, veto + ", but the same people")
    else:
        result.veto = veto


def _date_part(a: Event, b: Event, result: Comparison) -> None:
    (a_start, a_end), (b_start, b_end) = _interval(a.date), _interval(b.date)
    if a_start is None or b_start is None:
        return
    gap = max((b_start - a_end).days, (a_start - b_end).days, 0)
    for undated, start, other_end in ((a.date, a_start, b_end), (b.date, b_start, a_end)):
        if gap > DAY_SLACK and _undated(undated) and other_end < start and (start - other_end).days <= LOOKBACK_DAYS:
            _add(result, UNDATED_EARLIER, "undated report, published after it")
            return
    if a.date.precision == "day" and b.date.precision == "day":
        if gap == 0:
            _add(result, SAME_DAY, "same day")
        elif gap <= DAY_SLACK:
            _add(result, 0.5, "a day apart")
        else:
            _veto_unless_people(result, f"{gap} days apart", 1 if gap <= LOOKBACK_DAYS else 2)
    elif gap == 0:
        coarsest = max(DATE_RANK.get(a.date.precision or "", 9), DATE_RANK.get(b.date.precision or "", 9))
        _add(result, 0.5 if coarsest <= DATE_RANK["week"] else 0.2, "dates overlap")
    elif gap > DAY_SLACK:
        _veto_unless_people(result, "dates do not overlap", 1 if gap <= LOOKBACK_DAYS else 2)


def _undated(d: EventDate) -> bool:
    """Dated only by its publication week (detect: no date in the text)."""
    return d.text is None and d.precision == "week"


def _type_part(a: Event, b: Event, result: Comparison) -> None:
    groups = {TYPE_GROUPS.get(a.event_type), TYPE_GROUPS.get(b.event_type)}
    if groups == {"violence", "strategic"}:
        # "a woman was arrested after her brother was shot": one report types the arrest, another
        # the shooting; strong evidence of one incident may still outweigh the difference
        _add(result, TYPES_DIFFER, f"types differ ({a.event_type} / {b.event_type})")
    elif len(groups) > 1:
        result.veto = f"incompatible types ({a.event_type} / {b.event_type})"
    elif a.sub_event_type == b.sub_event_type:
        _add(result, 0.5, f"same type ({a.sub_event_type})")


def _is_point(location: Location) -> bool:
    return location.lat is not None and location.precision in POINT_PRECISIONS


def _place_part(a: Event, b: Event, result: Comparison) -> None:
    la, lb = a.location, b.location
    named = _same_place_named(a, b)
    if named:  # two reports naming one town: the same place, whichever namesake the gazetteer took
        _add(result, 1.5, f"same place named ({named})")
        return
    if not la.country_code or not lb.country_code:
        # a report placed nowhere: the day and the type alone are shared by many incidents
        _add(result, UNPLACED, "no place to compare")
        return
    if la.country_code and lb.country_code and la.country_code != lb.country_code:
        # as for far places: two named people shared outweigh a namesake the gazetteer took abroad
        _veto_unless_people(result, f"different countries ({la.country_code} / {lb.country_code})", 2)
        return
    if _is_point(la) and _is_point(lb):
        km = haversine_km(la.lat, la.lon, lb.lat, lb.lon)  # type: ignore[arg-type]
        if km <= NEAR_KM:
            _add(result, 1.5, f"{km:.0f} km apart")
        elif km > FAR_KM:
            _veto_unless_people(result, f"different places, {km:.0f} km apart", 2)
        return
    if la.admin1 and lb.admin1:
        if la.admin1 == lb.admin1:
            _add(result, 0.3, f"same region ({la.admin1})")
        else:
            _add(result, -1.0, f"different regions ({la.admin1} / {lb.admin1})")


# "Idlib province" names the province, not the town of Idlib.
NOT_AREA = r"(?!\s+(?:province|state|county|region|district|governorate|oblast|parish|department))"


def _proper_place(name: str) -> bool:
    """A place name worth matching as text: "Bridgeport", not "In", "TO" or "The City"."""
    words = name.split()
    return len(name) >= 4 and name[:1].isupper() and not name.isupper() and not set(words) & COMMON_CAPS


def _same_place_named(a: Event, b: Event) -> str | None:
    """A place name one event was located by that the other's evidence also names."""
    for one, other in ((a, b), (b, a)):
        name = one.location.text
        if name and one.location.precision in POINT_PRECISIONS and _proper_place(name):
            pattern = re.compile(r"\b" + re.escape(name) + r"\b" + NOT_AREA, re.I)
            if any(pattern.search(ev.text) for ev in other.evidence):
                return name
    return None


def _in_part(count: Count) -> bool:
    """Only figures that are part of a toll ("the boy died", "he died"): a lower bound."""
    return bool(count.reports) and all(r.qualifier == PARTIAL for r in count.reports)


def _count_part(a: Event, b: Event, result: Comparison) -> None:
    for name, weight in COUNT_WEIGHTS.items():
        ca, cb = getattr(a, name), getattr(b, name)
        va, vb = (ca.best if ca else None), (cb.best if cb else None)
        if va is None or vb is None:
            continue
        label = "fatalities" if name == "fatalities" else name
        parts = {v for c, v in ((ca, va), (cb, vb)) if _in_part(c)}
        if va == vb and parts:
            _add(result, 0.3 * weight, f"{label} agree in part ({va})")
            continue
        if min(va, vb) in parts:  # a part of a toll below the other's: no contradiction
            continue
        if va == vb:
            _add(result, weight if va else weight * 0.3, f"{label} agree ({va})")
        elif abs(va - vb) <= 1 or min(va, vb) >= 0.75 * max(va, vb):
            _add(result, 0.3 * weight, f"{label} close ({va} / {vb})")
        else:
            _add(result, -1.5 * weight, f"{label} differ ({va} / {vb})")


def _named(event: Event, role: str) -> set[str]:
    return {a.name for a in event.actors if a.role == role and not a.name.startswith("Unidentified")}


def _actor_part(a: Event, b: Event, result: Comparison) -> None:
    pa, pb = _named(a, "perpetrator"), _named(b, "perpetrator")
    if pa & pb:
        shared = sorted(pa & pb)[0]
        # a country's police or army acts in countless incidents; a named group is more telling
        state = all(x.actor_type in STATE_TYPES for x in a.actors if x.name == shared)
        _add(result, 0.3 if state else 1.0, f"same perpetrator ({shared})")
    elif pa and pb and not (_state_only(a, pa) and _state_only(b, pb)):
        # two state forces (the police of a country, the army) say little either way
        _add(result, -1.0, f"different perpetrators ({sorted(pa)[0]} / {sorted(pb)[0]})")


def _state_only(event: Event, names: set[str]) -> bool:
    return all(x.actor_type in STATE_TYPES for x in event.actors if x.name in names)


# Multi-word proper names (people, streets, venues) tie reports of one incident together;
# single capitalised words ("Police", "Ohio") are too common to, and so are institutions
# ("the Syrian Observatory for Human Rights"), which follow "the" or "for".
NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)+")
INSTITUTION_BEFORE = re.compile(r"\b(?:the|for)\s+$", re.I)
COMMON_CAPS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Police Officers Officer Sheriff Department County City The "
    "He She They It His Her Their Authorities Mr Mrs Ms Dr Officials Investigators Detective Sgt Lt Chief "
    "According News Associated Press Reuters State States United Ministry Office Forces Army Military Street "
    "Avenue Road Home House Park".split()
)


def _names(event: Event) -> set[str]:
    found: set[str] = set()
    for ev in event.evidence:
        if ev.field == "person":
            continue  # the people are compared on their own (`_people_part`)
        for match in NAME.finditer(ev.text):
            name = match.group(0)
            institution = INSTITUTION_BEFORE.search(ev.text, 0, match.start())
            if not institution and not set(name.replace(".", " ").split()) & COMMON_CAPS:
                found.add(name)
    return found - {event.location.name, event.location.text}


def _names_part(a: Event, b: Event, result: Comparison) -> None:
    na, nb = _names(a), _names(b)
    shared = na & nb
    if shared:
        overlap = len(shared) / min(len(na), len(nb))
        _add(result, round(NAMES_WEIGHT * overlap, 2), "shared names: " + ", ".join(sorted(shared)[:4]))


# Words too common in any report of violence to say two reports tell the same one.
STOPWORDS = frozenset(
    "the and for with from was were are been has had have that this his her their said police after when who "
    "which into over about its than then also not but one two three".split()
)
WORD = re.compile(r"[a-z]{3,}")


def _words(event: Event) -> set[str]:
    return {w for ev in event.evidence if ev.field == "clause" for w in WORD.findall(ev.text.lower())} - STOPWORDS


def _words_part(a: Event, b: Event, result: Comparison) -> None:
    """Text similarity: the Jaccard overlap of the words of the two events' clauses."""
    wa, wb = _words(a), _words(b)
    if wa and wb:
        overlap = len(wa & wb) / len(wa | wb)
        if overlap >= 0.05:
            _add(result, round(WORDS_WEIGHT * overlap, 2), f"text overlap {overlap:.2f}")


def merge(event_id: str, mentions: list[Mention]) -> Event:
    """The fused record of one incident.

    - date and place: the most precise among the mentions (day before week before month; a
      town or offset point before a region before a country); among equally precise ones, the
      one most independent sources give, then the earliest report's;
    - counts: every independent source's reports (a syndicated copy adds none: it is the same
      source), and a best figure by `fused_count`;
    - type: the sub-event type most independent sources give; actors, GTD and weapon types:
      the union; claim: the first source that reports one; background only if every mention is;
    - doc_ids: every article, copies included; `fusion_reasons`: for each later mention, what
      it shares with the first report (the store keeps each decision's own reasons too);
      `independent_sources`: the number of distinct original articles.
    """
    ordered = sorted(mentions, key=_report_order)
    groups = _independent(ordered)
    fatalities = fused_count(groups, "fatalities")
    first = next((m for m in ordered if m.event.id == event_id), ordered[0])
    fused = first.event.model_copy(
        update={
            "id": event_id,
            "doc_ids": _unique(d for m in ordered for d in m.event.doc_ids),
            "background": all(m.event.background for m in ordered),
            "date": _most_precise(groups, lambda e: e.date, _date_rank, lambda d: (d.start, d.end)),
            "location": _most_precise(groups, lambda e: e.location, _place_rank, lambda p: (p.geonames_id, p.name, p.lat)),
            "actors": _actors(ordered),
            "fatalities": fatalities,
            "injured": fused_count(groups, "injured", fatalities.best if fatalities else None),
            "kidnapped": fused_count(groups, "kidnapped"),
            "gtd_attack_types": _unique(t for m in ordered for t in m.event.gtd_attack_types),
            "weapon_types": _unique(t for m in ordered for t in m.event.weapon_types),
            "evidence": _unique(ev for m in ordered for ev in m.event.evidence),
            "people": sorted({p for m in ordered for p in m.event.people}),
            "independent_sources": len(groups),
            "confidence": _confidence(groups),
        }
    )
    sub_type = _vote(groups, lambda e: (e.event_type, e.sub_event_type))
    claim = next((m.event for m in ordered if m.event.claimed_by), None)
    scope = _vote(groups, lambda e: e.scope if e.scope not in (None, "unknown") else None) or fused.scope
    fused = fused.model_copy(
        update={
            "event_type": sub_type[0] if sub_type else fused.event_type,
            "sub_event_type": sub_type[1] if sub_type else fused.sub_event_type,
            "claimed_by": claim.claimed_by if claim else None,
            "claim_channel": claim.claim_channel if claim else None,
            "scope": scope,
        }
    )
    reasons = []
    for mention in ordered:
        if mention is first:
            continue
        why = compare(mention.event, first.event, mention.original_doc_id).reasons
        reasons.append(f"{mention.doc_id} joins {first.doc_id}: " + "; ".join(why))
    return fused.model_copy(update={"fusion_reasons": reasons})


def _report_order(mention: Mention) -> tuple:
    """Earliest report first; an original before its copies."""
    return (mention.published or date.max, mention.original_doc_id != mention.doc_id, mention.doc_id)


def _unique(items: Iterable) -> list:
    seen, out = set(), []
    for item in items:
        key = item.model_dump_json() if hasattr(item, "model_dump_json") else item
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _independent(ordered: list[Mention]) -> list[list[Event]]:
    """The mentions' events grouped by original article: a syndicated copy joins its original."""
    groups: dict[str, list[Event]] = {}
    for mention in ordered:
        groups.setdefault(mention.original_doc_id, []).append(mention.event)
    return list(groups.values())


def _date_rank(d: EventDate) -> int:
    return DATE_RANK.get(d.precision or "", 9) if d.start else 10


def _place_rank(p: Location) -> int:
    if p.lat is None:
        return 10 if not p.country_code else 9
    if p.precision in POINT_PRECISIONS:
        return p.geo_precision or 1
    return {"region": 5, "country": 8}.get(p.precision or "", 7)


def _most_precise(groups: list[list[Event]], get, rank, key):
    """The most precise value; ties broken by how many independent sources give it, then by
    the earliest report (groups and their events are in report order)."""
    values = [(get(e), gi) for gi, events in enumerate(groups) for e in events]
    top = min(rank(v) for v, _ in values)
    best = [(v, gi) for v, gi in values if rank(v) == top]
    support = Counter()
    for k in {(key(v), gi) for v, gi in best}:
        support[k[0]] += 1
    return max(best, key=lambda vg: (support[key(vg[0])], -vg[1]))[0]


def _vote(groups: list[list[Event]], get):
    """The value most independent sources give (each source once), ties to the earliest."""
    counts: Counter = Counter()
    order: dict = {}
    for gi, events in enumerate(groups):
        for value in dict.fromkeys(v for e in events if (v := get(e)) is not None):  # in report order: ties go the same way every run
            counts[value] += 1
            order.setdefault(value, gi)
    if not counts:
        return None
    return max(counts, key=lambda v: (counts[v], -order[v]))


def fused_count(groups: list[list[Event]], name: str, killed: int | None = None) -> Count | None:
    """Every independent source's reports, and the best figure by the codebook's conservative
    rule (slots.counts.best_count: independent reports before claims, the lowest firm figure).
    `killed`, the fused toll, lowers wounded figures worked out from people shot when another
    source tells that one of them died (slots.counts.wounded_given)."""
    reports: list[CountReport] = []
    now: list[CountReport] = []  # the same, as they stand with what later sources tell
    for gi, events in enumerate(groups):
        source = events[0].doc_ids[0]  # the original, or the first copy seen of it
        source_reports = _unique([r for e in events if e.doc_ids[0] == source and (c := getattr(e, name)) for r in c.reports])
        reports.extend(source_reports)
        now.extend(_since_died(source_reports, groups[gi:]) if name == "injured" else source_reports)
    if not reports:
        return None
    return best_count(wounded_given(now, killed)).model_copy(update={"reports": reports})


def _since_died(reports: list[CountReport], later: list[list[Event]]) -> list[CountReport]:
    """A source's wounded, less those a later source reports dead beyond the toll this one knew
    ("a boy was wounded", then "the boy has died"): the figure it would give now."""
    def toll(events: list[Event]) -> int:
        return max((e.fatalities.best or 0 for e in events if e.fatalities), default=0)

    died = max(toll(events) for events in later) - toll(later[0])
    if died <= 0:
        return reports
    out = []
    for r in reports:
        if r.value is not None:
            left = max(0, r.value - died)
            r = r.model_copy(update={"value": left, "min": min(r.min, left) if r.min is not None else None})
        out.append(r)
    return out


def _actors(ordered: list[Mention]) -> list:
    actors = _unique(a for m in ordered for a in m.event.actors)
    by_key = {}
    for actor in actors:
        by_key.setdefault((actor.name, actor.role), actor)
    kept = list(by_key.values())
    if any(a.role == "perpetrator" and not a.name.startswith("Unidentified") for a in kept):
        kept = [a for a in kept if not (a.role == "perpetrator" and a.name.startswith("Unidentified"))]
    return kept


def _confidence(groups: list[list[Event]]) -> float:
    """Independent confirmation raises confidence: 1 - the chance every source is wrong."""
    doubt = 1.0
    for events in groups:
        doubt *= 1.0 - max(e.confidence for e in events)
    return round(min(1.0 - doubt, 0.99), 2)


def cluster(mentions: Iterable[Mention]) -> list[Event]:
    """Fuse mentions in memory, in the order given, with the same decide and merge as the store."""
    return [event for event, _ in cluster_members(mentions)]


def cluster_members(mentions: Iterable[Mention]) -> list[tuple[Event, list[Mention]]]:
    """`cluster`, keeping which mentions each fused event is made of."""
    members: dict[str, list[Mention]] = {}
    fused: dict[str, Event] = {}
    for mention in mentions:
        low, high = blocking_window(mention.event)
        named = set(mention.event.people) if mention.event.date.start else set()
        candidates = [e for e in fused.values() if (low and high and _overlaps(e, low, high)) or named & set(e.people)]
        decision = decide(mention, candidates)
        event_id = decision.event_id or mention.event.id
        members.setdefault(event_id, []).append(mention)
        fused[event_id] = merge(event_id, members[event_id])
    return [(fused[event_id], group) for event_id, group in members.items()]


def _overlaps(event: Event, low: date, high: date) -> bool:
    start, end = _interval(event.date)
    return start is not None and end is not None and start <= high and end >= low
