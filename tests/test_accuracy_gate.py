"""Accuracy gate: per-field accuracy may not fall below the minimums pinned in accuracy_minimums.json.

Raising a minimum is a normal commit; lowering one needs an explicit reason in the commit message.
The figures come from `bench_set`, the code `eventcoder bench annotated` and `bench seeds` run.
The example articles of ../shared are scored too when present (skipped cleanly when absent).
"""

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, shared_path
from eventcoder.bench.accuracy import below_minimums, bench_set

MINIMUMS = json.loads((Path(__file__).parent / "accuracy_minimums.json").read_text())


@pytest.mark.parametrize(
    "name, articles, gold",
    [
        ("annotated", lambda: FIXTURES / "annotated" / "articles.jsonl", lambda: FIXTURES / "annotated" / "gold.json"),
        ("seeds", lambda: shared_path("seeds", "articles.jsonl"), lambda: shared_path("acceptance", "seeds_gold.json")),
    ],
)
def test_accuracy_does_not_fall(name, articles, gold):
    summary = bench_set(articles(), gold())
    print(name, json.dumps({k: v for k, v in summary.items() if k not in ("missed", "extra")}))
    assert not summary["skipped"], summary["skipped"]
    failures = below_minimums(summary, MINIMUMS[name])
    assert not failures, failures


def test_a_figure_below_its_minimum_fails_the_gate():
    summary = {"required_found": 11, "field_accuracy": 0.95, "false_positives": 2,
               "per_field": {"type": {"accuracy": 1.0}, "date": {"accuracy": 0.5}}}
    minimums = {"required_found": 12, "field_accuracy": 0.9, "max_false_positives": 1,
                "per_field": {"type": 1.0, "date": 0.9}}
    assert below_minimums(summary, minimums) == [
        "required_found: 11 < pinned 12", "false_positives: 2 > pinned 1", "date: 0.5 < pinned 0.9"]
    assert below_minimums(summary | {"required_found": 12, "false_positives": 1,
                                     "per_field": {"type": {"accuracy": 1.0}, "date": {"accuracy": 0.9}}}, minimums) == []
