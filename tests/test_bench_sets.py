"""`eventcoder bench annotated` and `bench seeds`: one JSON summary each, the CI gate's minimums."""

import json

from typer.testing import CliRunner

from conftest import FIXTURES, ROOT, shared_path
from eventcoder.cli import app
from eventcoder.commands import bench as bench_commands

MINIMUMS = ROOT / "tests" / "accuracy_minimums.json"


def run(*args: str):
    done = CliRunner().invoke(app, list(args))
    return done.exit_code, done.stdout


def test_annotated_set_per_field_and_pinned_minimums(tmp_path):
    status, out = run("bench", "annotated", "--minimums", str(MINIMUMS))
    assert status == 0, out
    summary = json.loads(out)
    assert summary["set"] == "annotated" and summary["below_minimums"] == [] and summary["skipped"] == []
    assert summary["required_total"] == 47 and set(summary["per_field"]) >= {"type", "date", "location", "fatalities"}

    raised = json.loads(MINIMUMS.read_text())
    raised["annotated"]["per_field"]["type"] = 1.01
    (tmp_path / "minimums.json").write_text(json.dumps(raised))
    status, out = run("bench", "annotated", str(FIXTURES / "annotated"), "--minimums", str(tmp_path / "minimums.json"))
    assert status == 1
    assert json.loads(out)["below_minimums"] == [f"type: {summary['per_field']['type']['accuracy']} < pinned 1.01"]


def test_seeds_with_our_scorer_and_the_acceptance_scorer():
    shared_path("seeds", "articles.jsonl")
    status, out = run("bench", "seeds", "--minimums", str(MINIMUMS))
    assert status == 0, out
    summary = json.loads(out)
    assert summary["required_found"] == summary["required_total"] == 12
    acceptance = summary["acceptance"]
    assert acceptance["required_found"] == 12 and acceptance["field_accuracy"] >= 0.9 and acceptance["false_positives"] <= 1


def test_seeds_absent_is_skipped_cleanly(tmp_path, monkeypatch):
    monkeypatch.setattr(bench_commands, "SHARED", tmp_path / "shared")
    status, out = run("bench", "seeds")
    assert status == 0
    assert json.loads(out) == {"set": "seeds", "skipped_because_absent": [
        str(tmp_path / "shared" / "seeds" / "articles.jsonl"), str(tmp_path / "shared" / "acceptance" / "seeds_gold.json")]}
    assert run("bench", "seeds", str(tmp_path / "seeds.jsonl"))[0] == 2  # a path given must exist
