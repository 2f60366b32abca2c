"""`eventcoder bench speed` end to end on a small slice of the generated corpus."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventcoder.cli import app


def run(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("eventcoder")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=600)


def test_speed_summary_of_a_small_corpus():
    done = run("bench", "speed", "--limit", "10", "--repeat", "1", "--scale", "1,2")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["articles"] == 10 and summary["words"] > 1000
    assert [(s["scale"], s["articles"]) for s in summary["scales"]] == [(1, 5), (2, 10)]
    assert summary["scales"][-1]["seconds"] == summary["pipeline_seconds"] > 0
    assert summary["speed_vs_bare_ner"] == pytest.approx(summary["bare_ner_seconds"] / summary["pipeline_seconds"], abs=0.05)
    assert summary["cpu_seconds"]["pipeline"] > 0 and summary["cpu_seconds"]["bare_ner"] > 0
    assert {"read", "clean", "prefilter", "parse", "detect", "ner", "geocode", "fill"} <= set(summary["stage_seconds"])
    assert summary["peak_rss_mb"]["pipeline_total"] > 100 and summary["peak_rss_mb"]["bare_ner"] > 100
    prefilter = summary["prefilter"]
    assert prefilter["articles_cleaned"] == 10 and prefilter["events_without_prefilter"] > 10
    assert prefilter["events_lost"] == prefilter["events_changed"] == 0


def test_bad_scales_are_a_usage_error():
    for args in (["--scale", "1,0"], ["--scale", "x"], ["no-such-file.jsonl"]):
        assert CliRunner().invoke(app, ["bench", "speed", *args]).exit_code == 2
