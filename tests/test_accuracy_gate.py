"""Accuracy gate: per-field accuracy may not fall below the minimums pinned in accuracy_minimums.json.

Raising a minimum is a normal commit; lowering one needs an explicit reason in the commit message.
The example articles of ../shared are scored too when present (skipped cleanly when absent).
"""

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, shared_path
from eventcoder.bench.accuracy import load_gold, score
from eventcoder.ingest import read_inputs
from eventcoder.pipeline import extract_articles
from eventcoder.schema import ItemError

MINIMUMS = json.loads((Path(__file__).parent / "accuracy_minimums.json").read_text())


def coded_events(articles_path: Path) -> list[dict]:
    events = []
    for result in extract_articles(read_inputs([str(articles_path)])):
        assert not isinstance(result, ItemError), result.line()
        events.extend(event.model_dump(mode="json") for event in result.events)
    return events


def check(summary: dict, minimums: dict) -> list[str]:
    failures = []
    for name in ("required_found", "field_accuracy"):
        if summary[name] < minimums[name]:
            failures.append(f"{name}: {summary[name]} < pinned {minimums[name]}")
    if summary["false_positives"] > minimums["max_false_positives"]:
        failures.append(f"false_positives: {summary['false_positives']} > pinned {minimums['max_false_positives']}")
    for field, floor in minimums["per_field"].items():
        accuracy = summary["per_field"][field]["accuracy"]
        if accuracy < floor:
            failures.append(f"{field}: {accuracy} < pinned {floor}")
    return failures


@pytest.mark.parametrize(
    "name, articles, gold",
    [
        ("annotated", lambda: FIXTURES / "annotated" / "articles.jsonl", lambda: FIXTURES / "annotated" / "gold.json"),
        ("seeds", lambda: shared_path("seeds", "articles.jsonl"), lambda: shared_path("acceptance", "seeds_gold.json")),
    ],
)
def test_accuracy_does_not_fall(name, articles, gold):
    summary = score(coded_events(articles()), load_gold(gold()))
    print(name, json.dumps({k: v for k, v in summary.items() if k not in ("missed", "extra")}))
    assert not check(summary, MINIMUMS[name]), check(summary, MINIMUMS[name])
