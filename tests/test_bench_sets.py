"""`eventcoder bench annotated` and `bench seeds`: one JSON summary each, the CI gate's minimums."""

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from conftest import FIXTURES, ROOT, shared_path
from eventcoder.cli import app
from eventcoder.commands import bench as bench_commands

MINIMUMS = ROOT / "tests" / "accuracy_minimums.json"


def run(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("eventcoder")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=600)


def test_annotated_set_per_field_and_pinned_minimums(tmp_path):
    done = run("bench", "annotated", "--minimums", str(MINIMUMS))
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads(done.stdout)
    assert summary["set"] == "annotated" and summary["below_minimums"] == [] and summary["skipped"] == []
    assert summary["required_total"] == 47 and set(summary["per_field"]) >= {"type", "date", "location", "fatalities"}

    raised = json.loads(MINIMUMS.read_text())
    raised["annotated"]["per_field"]["type"] = 1.01
    (tmp_path / "minimums.json").write_text(json.dumps(raised))
    done = run("bench", "annotated", str(FIXTURES / "annotated"), "--minimums", str(tmp_path / "minimums.json"))
    assert done.returncode == 1
    assert json.loads(done.stdout)["below_minimums"] == [f"type: {summary['per_field']['type']['accuracy']} < pinned 1.01"]


def test_seeds_with_our_scorer_and_the_acceptance_scorer():
    shared_path("seeds", "articles.jsonl")
    done = run("bench", "seeds", "--minimums", str(MINIMUMS))
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads(done.stdout)
    assert summary["required_found"] == summary["required_total"] == 12
    acceptance = summary["acceptance"]
    assert acceptance["required_found"] == 12 and acceptance["field_accuracy"] >= 0.9 and acceptance["false_positives"] <= 1


def test_seeds_absent_is_skipped_cleanly(tmp_path, monkeypatch):
    monkeypatch.setattr(bench_commands, "SHARED", tmp_path / "shared")
    done = CliRunner().invoke(app, ["bench", "seeds"])
    assert done.exit_code == 0
    assert json.loads(done.stdout) == {"set": "seeds", "skipped_because_absent": [
        str(tmp_path / "shared" / "seeds" / "articles.jsonl"), str(tmp_path / "shared" / "acceptance" / "seeds_gold.json")]}
    assert run("bench", "seeds", str(tmp_path / "seeds.jsonl")).returncode == 2  # a path given must exist
