"""Role fillers found in a document, shared out over its templates (one per incident type).

Perpetrators usually stand behind every incident a MUC-4 story tells, so they go to every
template. A target, victim or weapon goes to the template whose incident words ("bomb",
"kidnapped", "set fire") occur nearest to one of its mentions; with a single template, or no
incident words for a type in the text, every filler goes everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .templates import Template, build_templates

SHARED_ROLES = ("PerpInd", "PerpOrg")
TYPE_CUES = {
    "attack": re.compile(r"\b(?:attack\w*|kill\w*|murder\w*|assassinat\w*|shot|shoot\w*|machinegunned|massacre\w*|ambush\w*)", re.I),
    "bombing": re.compile(r"\b(?:bomb\w*|dynamit\w*|explo\w*|blast\w*|detonat\w*|grenade\w*)", re.I),
    "kidnapping": re.compile(r"\b(?:kidnap\w*|abduct\w*|hostage\w*|captive\w*|released)", re.I),
    "arson": re.compile(r"\b(?:set (?:on )?fire|set \w+ (?:on )?fire|burn\w*|torch\w*|arson\w*|fire\b)", re.I),
    "robbery": re.compile(r"\b(?:rob(?:bed|bery|beries)\b|stole\w*|steal\w*|loot\w*|hold-?up)", re.I),
    "forced work stoppage": re.compile(r"\b(?:armed|transport|general) strike|\bwork stoppage|\bparo armado|\bstrike\b", re.I),
}

Mention = tuple[str, int, str]  # role, character offset, text


def assemble(kinds: list[str], mentions: Iterable[Mention], text: str) -> list[Template]:
    """Templates for the incident types found, with the role fillers shared out among them."""
    if not kinds:
        return []
    mentions = sorted(mentions, key=lambda m: m[1])
    fillers: dict[str, dict[str, list[str]]] = {kind: {} for kind in kinds}
    cues = {kind: [m.start() for m in TYPE_CUES[kind].finditer(text)] for kind in kinds}
    located = [kind for kind in kinds if cues[kind]]
    for role, start, mention_text in mentions:
        if len(kinds) == 1 or role in SHARED_ROLES or len(located) < 2:
            targets = kinds
        else:
            nearest = min(located, key=lambda kind: min(abs(start - at) for at in cues[kind]))
            targets = [nearest] + [kind for kind in kinds if kind not in located]
        for kind in targets:
            fillers[kind].setdefault(role, []).append(mention_text)
    return build_templates(fillers)
