"""The MUC-4 template record and its JSON lines (CONTRACT.md, `extract --format muc4`).

A template is an incident type and five roles; each role holds entities and each entity the
mention strings that name it in the text. Gold files give mentions as [string, offset] pairs;
our output gives plain strings. Both read into the same record.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..schema import Article

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
INCIDENT_TYPES = ("attack", "bombing", "kidnapping", "arson", "robbery", "forced work stoppage")

Entity = list[str]
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = str.maketrans("", "", string.punctuation)


def normalize(mention: str) -> str:
    """GTT's string normalisation: lower case, no punctuation, no articles, single spaces."""
    return " ".join(_ARTICLES.sub(" ", mention.lower().translate(_PUNCTUATION)).split())


class Template(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    incident_type: str
    PerpInd: list[Entity] = Field(default_factory=list)
    PerpOrg: list[Entity] = Field(default_factory=list)
    Target: list[Entity] = Field(default_factory=list)
    Victim: list[Entity] = Field(default_factory=list)
    Weapon: list[Entity] = Field(default_factory=list)

    def role(self, name: str) -> list[Entity]:
        return getattr(self, name)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> "Template":
        """A template from a gold file ([mention, offset] pairs) or from our output (strings)."""
        roles = {role: [_mentions(entity) for entity in raw.get(role) or []] for role in ROLES}
        return cls(incident_type=str(raw.get("incident_type") or "attack"), **roles)


class DocTemplates(BaseModel):
    """One output line: a document's templates."""

    model_config = ConfigDict(extra="forbid")

    docid: str
    templates: list[Template] = Field(default_factory=list)

    def to_json(self) -> str:
        return self.model_dump_json()


def _mentions(entity: Iterable[Any]) -> Entity:
    strings = [m[0] if isinstance(m, (list, tuple)) else m for m in entity]
    return [s for s in strings if isinstance(s, str) and s]


def gold_templates(article: Article) -> list[Template]:
    """The reference templates a MUC-4 document carries (kept by the reader as metadata)."""
    return [Template.from_json(raw) for raw in article.metadata.get("templates") or []]


def build_templates(fillers: Mapping[str, Mapping[str, Iterable[str]]]) -> list[Template]:
    """Templates from incident type -> role -> mention strings: one entity per distinct string.

    Each entity carries one mention, its first in the text: the scorer counts a predicted entity
    only when all its mentions belong to one gold entity, so one sure mention beats several.
    """
    templates = []
    for kind in sorted(fillers, key=INCIDENT_TYPES.index):
        roles: dict[str, list[Entity]] = {}
        for role in ROLES:
            seen: dict[str, str] = {}
            for mention in fillers[kind].get(role, ()):
                key = normalize(mention)
                if key:
                    seen.setdefault(key, mention)
            roles[role] = [[m] for m in seen.values()]
        templates.append(Template(incident_type=kind, **roles))
    return templates
