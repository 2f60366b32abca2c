"""The geo commands end to end: `geoparse`, `gazetteer load|info`, `bench geo`, as real processes."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES

GEO = FIXTURES / "geo"
TEXT = "Gunmen attacked Sebha and Murzuk, 60 km south of Sabha. Iraqi forces moved in."


@pytest.fixture
def data_dir(gazetteer_file: Path, tmp_path: Path) -> Path:
    """A data dir holding a copy of the session's gazetteer, so loads do not touch other tests."""
    directory = tmp_path / "data"
    directory.mkdir()
    shutil.copyfile(gazetteer_file, directory / gazetteer_file.name)
    return directory


def run(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("eventcoder")
    env = {**os.environ, "EVENTCODER_DATA_DIR": str(data_dir)}
    return subprocess.run([str(exe), *args], input=stdin, capture_output=True, text=True, timeout=300, env=env)


def test_geoparse_with_and_without_spans(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "free", "text": TEXT}) + "\n"
                      + json.dumps({"id": "given", "text": TEXT, "spans": [[16, 21], [26, 32]]}) + "\n")
    result = run(data_dir, "geoparse", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr
    free, given = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert free["id"] == "free"
    found = {t["text"]: t for t in free["toponyms"]}
    assert {"Sebha", "Murzuk", "Sabha", "Iraqi"} <= set(found) and "Gunmen" not in found
    assert (found["Sebha"]["geonames_id"], found["Iraqi"]["country_code"]) == (2212775, "IQ")
    assert set(found["Sebha"]) == {"start", "end", "text", "name", "lat", "lon", "geonames_id", "country_code", "feature"}
    assert [(t["start"], t["end"], t["geonames_id"], t["feature"]) for t in given["toponyms"]] == [
        (16, 21, 2212775, "P.PPL"), (26, 32, 2214603, "P.PPL")]


def test_geoparse_reports_each_bad_line_and_goes_on(data_dir: Path, tmp_path: Path) -> None:
    lines = ["not json", json.dumps({"id": "short", "text": "abc", "spans": [[0, 10]]}),
             json.dumps({"id": "odd", "text": TEXT, "spans": [[1, 2, 3]]}),
             json.dumps({"id": "ok", "text": TEXT, "spans": [[16, 21]]})]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n")
    result = run(data_dir, "geoparse", "--no-ner", str(source))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("eventcoder: skipped")]
    assert len(errors) == 3
    assert "in.jsonl:1" in errors[0] and "outside the text" in errors[1] and "[start, end]" in errors[2]
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["ok"]


def test_gazetteer_load_and_info(data_dir: Path, tmp_path: Path) -> None:
    archive = tmp_path / "LY.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(GEO / "geonames_tiny.txt", "LY.txt")
    result = run(data_dir, "gazetteer", "load", str(archive), str(GEO / "admin1CodesASCII.txt"))
    assert result.returncode == 1  # two malformed lines, reported and skipped
    skipped = [line for line in result.stderr.splitlines() if line.startswith("eventcoder: skipped")]
    assert [line.split(": ")[1].rsplit(":", 1)[1] for line in skipped] == ["3", "6"]
    assert "5 places imported" in result.stderr
    text = "Drones struck Tamanhint air base."
    out = run(data_dir, "geoparse", "--no-ner", "-", stdin=json.dumps({"id": "a", "text": text}) + "\n")
    (toponym,) = json.loads(out.stdout)["toponyms"]
    assert (toponym["geonames_id"], toponym["feature"]) == (90000001, "S.AIRB")
    info = json.loads(run(data_dir, "gazetteer", "info").stdout)
    assert info["places"] > 200_000 and Path(info["path"]).parent == data_dir


def test_gazetteer_load_usage_errors(data_dir: Path) -> None:
    assert run(data_dir, "gazetteer", "load", str(GEO / "admin1CodesASCII.txt")).returncode == 2
    assert run(data_dir, "gazetteer", "load", str(GEO / "missing.zip")).returncode == 2


def test_bench_geo_prints_one_summary(data_dir: Path) -> None:
    result = run(data_dir, "bench", "geo", str(GEO / "lgl_tiny.xml"))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    gold, e2e = summary["gold_spans"], summary["end_to_end"]
    assert summary["articles"] == 2 and gold["toponyms"] == e2e["toponyms"] == 6  # the untagged one is left out
    assert gold["accuracy_161km"] == 1.0 and gold["median_error_km"] < 50
    assert 0.5 <= gold["geonames_id_match"] <= 1.0
    assert {"precision", "recall"} <= set(e2e) and e2e["recall"] >= 0.8
