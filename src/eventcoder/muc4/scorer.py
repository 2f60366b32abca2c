"""Template F1 on MUC-4, scored as in GTT (Du, Rush, Cardie 2021, `eval.py` of their release).

Per document, predicted templates are mapped one-to-one onto gold templates (or left unmapped);
a pair may be mapped only when the predicted incident type occurs in the gold one ("attack" maps
onto "bombing / attack"). The mapping with the best document F1 counts. In a mapped pair:
- the incident type is one correct slot on both sides;
- a predicted entity is correct when all its mention strings are among the mentions of one gold
  entity of the same role (one predicted string: it matches any of the gold entity's mentions);
- a gold entity is found when some predicted entity of the role matches it.
Unmapped predicted templates count every slot as spurious, unmapped gold ones every slot as
missing. Strings are compared lowercased, without punctuation, articles and extra spaces.
Counts are summed over documents (micro average) per role and over all roles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .templates import ROLES, Template, normalize

SLOTS = ("incident_type", *ROLES)


@dataclass
class Counts:
    """Precision numerator/denominator and recall numerator/denominator of one slot."""

    p_num: int = 0
    p_den: int = 0
    r_num: int = 0
    r_den: int = 0

    def add(self, other: "Counts") -> None:
        self.p_num += other.p_num
        self.p_den += other.p_den
        self.r_num += other.r_num
        self.r_den += other.r_den

    def prf(self) -> tuple[float, float, float]:
        p = self.p_num / self.p_den if self.p_den else 0.0
        r = self.r_num / self.r_den if self.r_den else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def rounded(self) -> dict[str, float]:
        return dict(zip(("p", "r", "f1"), (round(x, 4) for x in self.prf())))


@dataclass
class Score:
    """Counts per slot; `total` sums all six slots (the micro average)."""

    slots: dict[str, Counts] = field(default_factory=lambda: {slot: Counts() for slot in SLOTS})

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.slots.values():
            total.add(counts)
        return total

    def add(self, other: "Score") -> None:
        for slot, counts in other.slots.items():
            self.slots[slot].add(counts)

    def f1(self) -> float:
        return self.total.prf()[2]

    def summary(self) -> dict[str, dict[str, float]]:
        """Micro-averaged P/R/F1 and the same per slot, rounded for printing."""
        return {"micro": self.total.rounded(), **{slot: c.rounded() for slot, c in self.slots.items()}}


@dataclass(frozen=True)
class _Normalized:
    incident_type: str
    roles: dict[str, list[frozenset[str]]]


def _normalized(template: Template) -> _Normalized:
    roles = {}
    for role in ROLES:
        entities = [frozenset(normalize(m) for m in entity) for entity in template.role(role) if entity]
        roles[role] = entities
    return _Normalized(template.incident_type, roles)


def _dedupe(templates: Iterable[Template]) -> list[Template]:
    """Gold files repeat some templates verbatim; GTT keeps one of each."""
    kept: list[Template] = []
    for template in templates:
        if template not in kept:
            kept.append(template)
    return kept


def _pair_score(pred: _Normalized, gold: _Normalized) -> Score:
    score = Score()
    score.slots["incident_type"] = Counts(1, 1, 1, 1)
    for role in ROLES:
        counts = score.slots[role]
        counts.p_den = len(pred.roles[role])
        counts.r_den = len(gold.roles[role])
        counts.p_num = sum(any(p <= g for g in gold.roles[role]) for p in pred.roles[role])
        counts.r_num = sum(any(p <= g for p in pred.roles[role]) for g in gold.roles[role])
    return score


def _unmapped(template: _Normalized, predicted: bool) -> Score:
    score = Score()
    for slot in SLOTS:
        n = 1 if slot == "incident_type" else len(template.roles[slot])
        score.slots[slot] = Counts(p_den=n) if predicted else Counts(r_den=n)
    return score


def score_document(predicted: list[Template], gold: list[Template]) -> Score:
    """The document's counts under its best template mapping (first best in GTT's search order)."""
    preds = [_normalized(t) for t in predicted]
    golds = [_normalized(t) for t in _dedupe(gold)]
    pairs = {
        (i, j): _pair_score(p, g)
        for i, p in enumerate(preds)
        for j, g in enumerate(golds)
        if p.incident_type in g.incident_type
    }
    spurious = [_unmapped(p, predicted=True) for p in preds]
    missing = [_unmapped(g, predicted=False) for g in golds]

    best: Score | None = None
    best_f1 = -1.0

    def visit(i: int, used: tuple[int, ...], chosen: list[Score]) -> None:
        nonlocal best, best_f1
        if i == len(preds):
            total = Score()
            for part in chosen:
                total.add(part)
            for j, lack in enumerate(missing):
                if j not in used:
                    total.add(lack)
            f1 = total.f1()
            if f1 > best_f1:
                best, best_f1 = total, f1
            return
        free = [j for j in range(len(golds)) if (i, j) in pairs and j not in used]
        for j in free:
            visit(i + 1, used + (j,), chosen + [pairs[i, j]])
        # Leaving a prediction unmapped while a compatible gold template is free only loses slots.
        if not free:
            visit(i + 1, used, chosen + [spurious[i]])

    visit(0, (), [])
    assert best is not None
    return best


def score_corpus(predicted: Mapping[str, list[Template]], gold: Mapping[str, list[Template]]) -> Score:
    """Micro-averaged counts over the gold documents; a document with no prediction has none."""
    total = Score()
    for docid, templates in gold.items():
        total.add(score_document(predicted.get(docid, []), templates))
    return total
