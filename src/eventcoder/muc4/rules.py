"""The rules-only mapping: the pipeline's events of a document become MUC-4 templates.

MUC-4 templates terrorist incidents, not combat between armed forces, so armed clashes, protests
and strategic developments map to nothing. The incident type comes from the event's sub-event type
and, for the types ACLED has no sub-type for (arson, robbery, forced work stoppage), from the
words of its clauses. Role fillers come from the event's actors (named groups are PerpOrg,
unnamed perpetrators PerpInd, targets Victim) and from lexicons over the event's clauses for
physical targets and weapons. Events of one incident type are merged into one template.
"""

from __future__ import annotations

import re

from ..schema import Event
from .templates import Template, build_templates

NOT_INCIDENTS = {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}
BOMBINGS = {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}
# Types told by the clause's words, checked in this order before the sub-event type.
WORDED_TYPES = (
    ("forced work stoppage", re.compile(r"\b(?:armed|transport|general) strike|\bwork stoppage|\bparo armado", re.I)),
    ("arson", re.compile(r"\b(?:set (?:on )?fire|set \w+ (?:on )?fire|burn(?:ed|t|ing)? down|torch(?:ed)?|arson)\b", re.I)),
    ("robbery", re.compile(r"\b(?:rob(?:bed|bery|beries)|stole|steal(?:ing)?|hold-?up)\b", re.I)),
)
# A physical target: up to two modifiers and a head noun for a thing that can be attacked
# (not the vehicle of a "car bomb").
PHYSICAL_TARGET = re.compile(
    r"\b((?:(?!(?:the|a|an|of|in|at|on|to|and|by|was|were|its|his|their)\b)[a-z][\w'-]* ){0,2}"
    r"(?:building|offices?|headquarters|embassy|consulate|bank|bridge|towers?|station|plant|pipeline|"
    r"vehicles?|bus|car|truck|houses?|homes?|residences?|facilities|installations?|school|church|store|hotel|"
    r"farm|barracks|airport|power lines?|pylons?|substation|dam|garrison|post|base|aircraft|helicopter|"
    r"plane|jeep|camp|restaurant|supermarket|warehouse))\b(?!\s+bombs?\b)",
    re.I,
)
WEAPON = re.compile(
    r"\b((?:car |truck |powerful |homemade )?bombs?|dynamite(?: sticks| charges?)?|explosives?|explosive devices?|"
    r"(?:hand )?grenades?|mortars?|rockets?|rifles?|machine ?guns?|submachine ?guns?|pistols?|revolvers?|"
    r"firearms?|bullets?|machetes?|knives|knife|mines?|incendiary (?:bombs?|devices?)|molotov cocktails?|"
    r"m-16 rifles?|ak-47 rifles?|fal rifles?|uzi|bazookas?)\b",
    re.I,
)


def incident_type(event: Event, clauses: str) -> str | None:
    """The MUC-4 incident type of one event, or None when MUC-4 templates no such event."""
    if event.event_type in ("Protests", "Riots", "Strategic developments") or event.sub_event_type in NOT_INCIDENTS:
        return None
    for name, words in WORDED_TYPES:
        if words.search(clauses):
            return name
    if event.sub_event_type == "Abduction/forced disappearance":
        return "kidnapping"
    if event.sub_event_type in BOMBINGS:
        return "bombing"
    return "attack"


def templates_from_events(events: list[Event]) -> list[Template]:
    """One template per MUC-4 incident type among the events, with the role fillers of those events."""
    fillers: dict[str, dict[str, list[str]]] = {}
    for event in events:
        clauses = " ".join(e.text for e in event.evidence if e.field in ("clause", "trigger"))
        kind = incident_type(event, clauses)
        if kind is None:
            continue
        roles = fillers.setdefault(kind, {})
        for actor in event.actors:
            roles.setdefault(_actor_role(actor.role, actor.name, actor.actor_type), []).append(actor.text)
        roles.setdefault("Target", []).extend(m.group(1) for m in PHYSICAL_TARGET.finditer(clauses))
        roles.setdefault("Weapon", []).extend(m.group(1) for m in WEAPON.finditer(clauses))
    return build_templates(fillers)


def _actor_role(role: str, name: str, actor_type: int | None) -> str:
    if role == "target":
        return "Victim"
    return "PerpInd" if name.startswith("Unidentified") or actor_type not in (1, 2, 3, 4, 8) else "PerpOrg"
