"""Score extracted events against hand-coded gold events, field by field.

The gold format is the one of tests/fixtures/annotated/gold.json: per article, the events a careful
ACLED coder would code, with every defensible type, a date interval, a place with a tolerance, actor
keys resolved through an alias table and count ranges. System events are CONTRACT-shaped JSON dicts.

Standard library only, so the scorer runs anywhere the event file can be copied to. `bench_set`
runs the pipeline first: it is what `eventcoder bench annotated`, `bench seeds` and the CI accuracy
gate (tests/test_accuracy_gate.py, minimums in tests/accuracy_minimums.json) all call.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import tempfile
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

FIELDS = ("type", "date", "location", "perpetrator", "target", "fatalities", "injured", "kidnapped", "claimed_by")
COUNT_FIELDS = ("fatalities", "injured", "kidnapped")
ACTOR_ROLES = ("perpetrator", "target")

# How much wider than the gold interval a system interval may be, in days, before it is "much wider".
DAY_SLACK = 2
MONTH_WIDTH = 31
YEAR_WIDTH = 366

# Pairing weights: a matching date says most about "same event", then place, then type.
W_DATE, W_NEAR_DATE, W_LOCATION, W_TYPE = 4.0, 1.0, 2.0, 1.0
NEAR_DATE_DAYS = 7
MIN_PAIR_SCORE = 2.0  # type alone never pairs two events
EARTH_RADIUS_KM = 6371.0

# Where the sets live in a checkout: our own annotated set, and ../shared next to the repository.
REPO = Path(__file__).resolve().parents[3]
ANNOTATED = REPO / "tests" / "fixtures" / "annotated"
SHARED = REPO.parent / "shared"


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read a gold file and check the parts the scorer relies on, so a typo fails loudly here."""
    gold = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(gold.get("docs"), dict):
        raise ValueError(f"{path}: gold needs a 'docs' object")
    aliases = gold.setdefault("aliases", {})
    for doc_id, events in gold["docs"].items():
        for ev in events:
            for key in ("id", "types", "date"):
                if key not in ev:
                    raise ValueError(f"{path}: {doc_id}: event lacks {key!r}")
            for field in (*ACTOR_ROLES, "claimed_by"):
                key = ev.get(field)
                if key is not None and key not in aliases:
                    raise ValueError(f"{path}: {ev['id']}: {field} key {key!r} has no aliases")
    return gold


def normalise(text: str) -> str:
    """Lowercase, strip accents and punctuation, so 'U.S.' and 'us', 'Al-Shabaab' and 'al shabaab' meet."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"['\u2019`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def alias_matches(name: str, key: str, aliases: dict[str, list[str]]) -> bool:
    """True when an alias of `key` occurs in `name` as whole words ('Islamic State (Libya)' ~ 'islamic state')."""
    padded = f" {normalise(name)} "
    forms = [key.replace("_", " "), *aliases.get(key, [])]
    return any(f" {form} " in padded for form in map(normalise, forms) if form)


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _interval(d: dict[str, Any] | None) -> tuple[date, date] | None:
    """A (start, end) pair; an open end means a single day."""
    if not d:
        return None
    start, end = _parse_date(d.get("start")), _parse_date(d.get("end"))
    if start is None:
        return None
    end = end or start
    return (start, end) if start <= end else (end, start)


def date_right(system: dict[str, Any] | None, gold: dict[str, Any]) -> bool:
    """Overlap, and not much wider than gold ('window' gold: any overlap; 'month'/'year': up to that width)."""
    s, g = _interval(system), _interval(gold)
    if s is None or g is None:
        return False
    if s[0] > g[1] or s[1] < g[0]:
        return False
    if gold.get("window"):
        return True
    allowed = (g[1] - g[0]).days + DAY_SLACK
    if gold.get("month"):
        allowed = max(allowed, MONTH_WIDTH - 1)
    if gold.get("year"):
        allowed = max(allowed, YEAR_WIDTH - 1)
    return (s[1] - s[0]).days <= allowed


def _date_near(system: dict[str, Any] | None, gold: dict[str, Any]) -> bool:
    """Within a week: enough to prefer this pairing over an unrelated event, not enough to be right."""
    s, g = _interval(system), _interval(gold)
    if s is None or g is None:
        return False
    gap = max((s[0] - g[1]).days, (g[0] - s[1]).days, 0)
    return gap <= NEAR_DATE_DAYS


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def location_right(system: dict[str, Any] | None, gold: dict[str, Any]) -> bool:
    """Within tol_km of the gold point; a gold place without coordinates only asks for the country."""
    system = system or {}
    if gold.get("lat") is None or gold.get("lon") is None:
        want = gold.get("country_code")
        return bool(want) and str(system.get("country_code") or "").upper() == want.upper()
    lat, lon = system.get("lat"), system.get("lon")
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        return False
    return haversine_km(float(lat), float(lon), gold["lat"], gold["lon"]) <= float(gold.get("tol_km", 30))


def type_right(event: dict[str, Any], gold: dict[str, Any]) -> bool:
    return [event.get("event_type"), event.get("sub_event_type")] in [list(t) for t in gold["types"]]


def actor_right(event: dict[str, Any], role: str, key: str | None, aliases: dict[str, list[str]]) -> bool:
    """Any system actor in `role` naming the gold key; a null gold key asks for no actor in that role."""
    names = [a.get("name") or "" for a in event.get("actors") or [] if a.get("role") == role]
    if key is None:
        return not any(names)
    return any(alias_matches(n, key, aliases) for n in names)


def claim_right(event: dict[str, Any], key: str | None, aliases: dict[str, list[str]]) -> bool:
    claimed = event.get("claimed_by")
    if key is None:
        return not claimed
    return bool(claimed) and alias_matches(str(claimed), key, aliases)


def count_right(count: dict[str, Any] | None, bounds: list[int]) -> bool:
    """The best figure (else min) in the gold range; a missing figure only agrees with 'none' ([0, 0])."""
    lo, hi = bounds
    value = None
    if isinstance(count, dict):
        value = count.get("best") if count.get("best") is not None else count.get("min")
    if value is None:
        return lo == hi == 0
    return lo <= value <= hi


def field_results(event: dict[str, Any], gold: dict[str, Any], aliases: dict[str, list[str]]) -> dict[str, bool]:
    """Right/wrong for each field the gold event codes (a field absent from gold is not scored)."""
    out = {
        "type": type_right(event, gold),
        "date": date_right(event.get("date"), gold["date"]),
    }
    if gold.get("location"):
        out["location"] = location_right(event.get("location"), gold["location"])
    for role in ACTOR_ROLES:
        if role in gold:
            out[role] = actor_right(event, role, gold[role], aliases)
    for field in COUNT_FIELDS:
        if field in gold:
            out[field] = count_right(event.get(field), gold[field])
    if "claimed_by" in gold:
        out["claimed_by"] = claim_right(event, gold["claimed_by"], aliases)
    return out


def pair_score(event: dict[str, Any], gold: dict[str, Any]) -> float:
    """How strongly a system event and a gold event look like the same incident."""
    score = 0.0
    if date_right(event.get("date"), gold["date"]):
        score += W_DATE
    elif _date_near(event.get("date"), gold["date"]):
        score += W_NEAR_DATE
    if gold.get("location") and location_right(event.get("location"), gold["location"]):
        score += W_LOCATION
    if type_right(event, gold):
        score += W_TYPE
    return score


def match_doc(events: list[dict[str, Any]], golds: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing, best-scoring pairs first; ties keep document order."""
    candidates = sorted(
        ((pair_score(e, g), gi, ei) for ei, e in enumerate(events) for gi, g in enumerate(golds)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_e: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for score, gi, ei in candidates:
        if score < MIN_PAIR_SCORE or gi in used_g or ei in used_e:
            continue
        used_g.add(gi)
        used_e.add(ei)
        pairs.append((ei, gi))
    return pairs


def _summary(event: dict[str, Any], doc_id: str) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "id": event.get("id"),
        "type": [event.get("event_type"), event.get("sub_event_type")],
        "date": (event.get("date") or {}).get("start"),
        "location": (event.get("location") or {}).get("name"),
    }


def score(events: list[dict[str, Any]], gold: dict[str, Any]) -> dict[str, Any]:
    """Match system events to gold per document and count right fields, misses and false positives.

    Events of documents the gold does not cover are ignored: they cannot be judged.
    """
    aliases = gold.get("aliases", {})
    by_doc: dict[str, list[dict[str, Any]]] = {doc_id: [] for doc_id in gold["docs"]}
    for event in events:
        for doc_id in event.get("doc_ids") or []:
            if doc_id in by_doc:
                by_doc[doc_id].append(event)

    per_field = {f: {"right": 0, "total": 0} for f in FIELDS}
    required_total = required_found = 0
    missed: list[str] = []
    extra: list[dict[str, Any]] = []
    for doc_id, golds in gold["docs"].items():
        doc_events = by_doc[doc_id]
        pairs = match_doc(doc_events, golds)
        matched_gold = {gi for _, gi in pairs}
        matched_events = {ei for ei, _ in pairs}
        for gi, g in enumerate(golds):
            if g.get("required", True):
                required_total += 1
                if gi in matched_gold:
                    required_found += 1
                else:
                    missed.append(g["id"])
        for ei, gi in pairs:
            for field, right in field_results(doc_events[ei], golds[gi], aliases).items():
                per_field[field]["total"] += 1
                per_field[field]["right"] += int(right)
        for ei, event in enumerate(doc_events):
            if ei not in matched_events and not event.get("background", False):
                extra.append(_summary(event, doc_id))

    for stats in per_field.values():
        stats["accuracy"] = round(stats["right"] / stats["total"], 4) if stats["total"] else None
    right = sum(s["right"] for s in per_field.values())
    total = sum(s["total"] for s in per_field.values())
    return {
        "required_found": required_found,
        "required_total": required_total,
        "field_accuracy": round(right / total, 4) if total else None,
        "per_field": per_field,
        "false_positives": len(extra),
        "missed": missed,
        "extra": extra,
    }


def read_events(path: str | Path) -> list[dict[str, Any]]:
    """One JSON event per line; blank lines are skipped."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def coded_events(articles: str | Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The events the pipeline extracts from an article file, as JSON dicts, and the skipped items."""
    from ..ingest import read_inputs  # here, so that the scorer alone stays standard-library only
    from ..pipeline import extract_articles
    from ..schema import ItemError

    events: list[dict[str, Any]] = []
    skipped: list[str] = []
    for result in extract_articles(read_inputs([str(articles)])):
        if isinstance(result, ItemError):
            skipped.append(result.line())
        else:
            events.extend(event.model_dump(mode="json") for event in result.events)
    return events, skipped


def bench_set(articles: str | Path, gold: str | Path, acceptance_scorer: Path | None = None) -> dict[str, Any]:
    """Extract events from a set's articles and score them against its gold; with the acceptance
    scorer of ../shared (a script), its own summary is added under "acceptance"."""
    events, skipped = coded_events(articles)
    summary = score(events, load_gold(gold))
    summary["skipped"] = skipped
    if acceptance_scorer is not None:
        summary["acceptance"] = acceptance_score(events, acceptance_scorer, Path(gold))
    return summary


def acceptance_score(events: list[dict[str, Any]], scorer: Path, gold: Path) -> dict[str, Any]:
    """Run the acceptance scorer script on the events, as `score_seeds.py EVENTS --json` would."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as out:
        out.writelines(json.dumps(event) + "\n" for event in events)
        out.flush()
        done = subprocess.run([sys.executable, str(scorer), out.name, "--gold", str(gold), "--json"],
                              capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def below_minimums(summary: dict[str, Any], minimums: dict[str, Any]) -> list[str]:
    """Each figure of a summary that falls below its pinned minimum (or above its maximum)."""
    failures = []
    for name in ("required_found", "field_accuracy"):
        if summary[name] < minimums[name]:
            failures.append(f"{name}: {summary[name]} < pinned {minimums[name]}")
    if summary["false_positives"] > minimums["max_false_positives"]:
        failures.append(f"false_positives: {summary['false_positives']} > pinned {minimums['max_false_positives']}")
    for field, floor in minimums["per_field"].items():
        accuracy = summary["per_field"][field]["accuracy"]
        if accuracy is None or accuracy < floor:
            failures.append(f"{field}: {accuracy} < pinned {floor}")
    return failures


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m eventcoder.bench.accuracy EVENTS.jsonl GOLD.json", file=sys.stderr)
        return 2
    print(json.dumps(score(read_events(args[0]), load_gold(args[1])), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
