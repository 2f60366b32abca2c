"""Role fillers found in a document, shared out over its templates.

Perpetrators usually stand behind every incident a MUC-4 story tells, so they go to every
template of an incident type. A target, victim or weapon goes to the type whose incident words
("bomb", "kidnapped", "set fire") occur nearest to it; with a single type, or no incident words
for a type in the text, every filler goes to every type.

A story often tells several incidents of one type (two killings in two towns): MUC-4 gives each
its own template. Victims named in different sentences are taken for different incidents, so a
type whose victims lie in several sentences gets a template per such sentence, and each other
filler of that type joins the victims of the nearest sentence. A filler that is part of a longer
filler of the same role ("bomb" beside "car bomb") names the same thing less fully and is dropped.
Both rules were kept for what they gained on a held-out fifth of the training file (docs/muc4.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from .templates import Template, build_templates, normalize

SHARED_ROLES = ("PerpInd", "PerpOrg")
SPLITTING_ROLE = "Victim"
TYPE_CUES = {
    "attack": re.compile(r"\b(?:attack\w*|kill\w*|murder\w*|assassinat\w*|shot|shoot\w*|machinegunned|massacre\w*|ambush\w*)", re.I),
    "bombing": re.compile(r"\b(?:bomb\w*|dynamit\w*|explo\w*|blast\w*|detonat\w*|grenade\w*)", re.I),
    "kidnapping": re.compile(r"\b(?:kidnap\w*|abduct\w*|hostage\w*|captive\w*|released)", re.I),
    "arson": re.compile(r"\b(?:set (?:on )?fire|set \w+ (?:on )?fire|burn\w*|torch\w*|arson\w*|fire\b)", re.I),
    "robbery": re.compile(r"\b(?:rob(?:bed|bery|beries)\b|stole\w*|steal\w*|loot\w*|hold-?up)", re.I),
    "forced work stoppage": re.compile(r"\b(?:armed|transport|general) strike|\bwork stoppage|\bparo armado|\bstrike\b", re.I),
}


class Filler(NamedTuple):
    role: str
    start: int  # character offset of its first mention
    text: str
    sentence: int  # ordinal of the sentence of its first mention


def assemble(kinds: list[str], fillers: Iterable[Filler], text: str) -> list[Template]:
    """Templates for the incident types found, with the role fillers shared out among them."""
    if not kinds:
        return []
    kept = sorted(_fullest(list(fillers)), key=lambda f: f.start)
    by_kind: dict[str, list[Filler]] = {kind: [] for kind in kinds}
    cues = {kind: [m.start() for m in TYPE_CUES[kind].finditer(text)] for kind in kinds}
    located = [kind for kind in kinds if cues[kind]]
    for filler in kept:
        if len(kinds) == 1 or filler.role in SHARED_ROLES or len(located) < 2:
            targets = kinds
        else:
            nearest = min(located, key=lambda kind: min(abs(filler.start - at) for at in cues[kind]))
            targets = [nearest] + [kind for kind in kinds if kind not in located]
        for kind in targets:
            by_kind[kind].append(filler)
    templates = []
    for kind in kinds:
        for incident in _incidents(by_kind[kind]):
            roles: dict[str, list[str]] = {}
            for filler in incident:
                roles.setdefault(filler.role, []).append(filler.text)
            templates.extend(build_templates({kind: roles}))
    return templates


def _fullest(fillers: list[Filler]) -> list[Filler]:
    """The fillers that are not a word sequence inside a longer filler of the same role."""
    keys = [(f.role, f" {normalize(f.text)} ") for f in fillers]
    return [f for f, (role, key) in zip(fillers, keys)
            if not any(other_role == role and other != key and key in other for other_role, other in keys)]


def _incidents(fillers: list[Filler]) -> list[list[Filler]]:
    """One group per sentence naming victims; every other filler joins the nearest such sentence."""
    sentences = sorted({f.sentence for f in fillers if f.role == SPLITTING_ROLE})
    if len(sentences) < 2:
        return [fillers]
    groups: dict[int, list[Filler]] = {s: [] for s in sentences}
    for filler in fillers:
        if filler.role == SPLITTING_ROLE:
            groups[filler.sentence].append(filler)
        else:
            groups[min(sentences, key=lambda s: abs(s - filler.sentence))].append(filler)
    return list(groups.values())
