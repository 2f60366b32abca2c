"""`eventcoder run`: the real pipeline into a real store; reruns, interruptions, corrections, bad input."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.pipeline import Pipeline
from eventcoder.store import EventQuery, Store

ARTICLES = [
    {
        "id": "a1",
        "published": "2023-06-14",
        "source": "Daily Wire Service",
        "title": "Drone strike kills 12 near Sabha",
        "text": "A drone strike killed 12 people near the town of Sabha in southern Libya on Tuesday, residents "
        "said. The strike hit a farm where fighters had gathered, a local official told reporters. At least "
        "five others were wounded.",
    },
    {
        "id": "a2",
        "published": "2023-06-15",
        "source": "Libya Observer",
        "title": "Twelve dead in Sabha air raid",
        "text": "Twelve people were killed when a drone struck a farm outside Sabha on Tuesday, the local council "
        "said on Wednesday. Five people were wounded in the raid, according to a hospital in Sabha.",
    },
    {
        "id": "a3",
        "published": "2023-06-20",
        "source": "Daily Wire Service",
        "title": "New strike near Sabha",
        "text": "Another drone strike killed three people near Sabha in southern Libya on Monday, residents said.",
    },
    {
        "id": "a4",
        "published": "2023-07-02",
        "source": "Kabul Times",
        "title": "Bomb in Kabul",
        "text": "A roadside bomb killed four soldiers in Kabul, Afghanistan, on Saturday, police said. The Taliban "
        "claimed responsibility for the attack.",
    },
]


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows))
    return path


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def exported(db: Path) -> list[dict]:
    result = cli("export", "--db", str(db), "-q", "--include-wrong")
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def rows(db: Path, table: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def by_docs(events: list[dict]) -> dict[tuple, dict]:
    return {tuple(e["doc_ids"]): e for e in events}


def test_help_names_the_options():
    assert "--db" in cli("run", "--help").stdout
    assert "--include-wrong" in cli("export", "--help").stdout


def test_a_run_fuses_and_a_second_run_changes_nothing(tmp_path):
    src, db = write_jsonl(tmp_path / "news.jsonl", ARTICLES), tmp_path / "events.db"
    first = cli("run", str(src), "--db", str(db))
    assert first.exit_code == 0, first.stderr
    assert first.stderr.strip().startswith("eventcoder: 4 articles stored")
    events = by_docs(exported(db))
    strike = events[("a1", "a2")]  # two reports of the Tuesday strike: one event citing both
    assert strike["date"]["start"] == "2023-06-13" and strike["fatalities"]["best"] == 12
    assert {r["doc_id"] for r in strike["fatalities"]["reports"]} == {"a1", "a2"}
    assert ("a3",) in events  # the same town six days later: another incident
    tables = {t: rows(db, t) for t in ("articles", "mentions", "events", "event_actors")}
    second = cli("run", str(src), "--db", str(db))
    assert second.exit_code == 0
    assert "0 articles stored (4 unchanged" in second.stderr
    assert {t: rows(db, t) for t in tables} == tables


def test_a_new_article_about_a_known_incident_updates_it_keeping_its_id(tmp_path):
    db = tmp_path / "events.db"
    assert cli("run", str(write_jsonl(tmp_path / "day1.jsonl", ARTICLES[:1])), "--db", str(db), "-q").exit_code == 0
    [before] = exported(db)
    result = cli("run", str(write_jsonl(tmp_path / "day2.jsonl", ARTICLES[1:2])), "--db", str(db), "-q")
    assert result.exit_code == 0 and result.stderr == ""
    [after] = [e for e in exported(db) if "a1" in e["doc_ids"]]
    assert after["id"] == before["id"] and after["doc_ids"] == ["a1", "a2"]


def test_an_interrupted_run_keeps_what_it_extracted_and_the_next_one_resumes(tmp_path, monkeypatch):
    src = write_jsonl(tmp_path / "news.jsonl", ARTICLES)
    clean_db, db = tmp_path / "clean.db", tmp_path / "events.db"
    assert cli("run", str(src), "--db", str(clean_db), "-q").exit_code == 0
    extract = Pipeline.run

    def ctrl_c_after_two(self, items):  # Ctrl-C while the third article is being extracted
        for n, result in enumerate(extract(self, items)):
            if n == 2:
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(Pipeline, "run", ctrl_c_after_two)
    stopped = cli("run", str(src), "--db", str(db))
    assert stopped.exit_code == 130 and "interrupted; 2 articles stored" in stopped.stderr
    assert stopped.stderr.strip().endswith("run again to resume")
    assert [r[0] for r in rows(db, "articles")] == ["a1", "a2"]
    monkeypatch.setattr(Pipeline, "run", extract)
    resumed = cli("run", str(src), "--db", str(db))
    assert resumed.exit_code == 0 and "2 articles stored (2 unchanged" in resumed.stderr
    assert exported(db) == exported(clean_db)


def _many_articles(n: int) -> list[dict]:
    first = date(2022, 1, 3)
    return [
        {
            "id": f"k{i:03d}",
            "published": (first + timedelta(days=i)).isoformat(),
            "text": f"Gunmen killed {i + 2} villagers near Gao in northern Mali on Sunday, a local official said. "
            f"Report number {i} of the series.",
        }
        for i in range(n)
    ]


def _stop_midway(src: Path, db: Path, sig: signal.Signals, more_than: int) -> tuple[subprocess.CompletedProcess, int]:
    """Start `run` in its own process group; once it has committed more than `more_than` articles,
    send `sig` to the whole group (as Ctrl-C does to a terminal's foreground job)."""
    exe = Path(sys.executable).with_name("eventcoder")
    process = subprocess.Popen(
        [str(exe), "run", str(src), "--db", str(db)], stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    stored, deadline = 0, time.monotonic() + 240
    try:
        while stored <= more_than and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
            try:
                stored = len(rows(db, "articles"))
            except sqlite3.Error:  # no file or no schema yet
                pass
        os.killpg(process.pid, sig)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, "", err), stored


def test_ctrl_c_or_a_kill_loses_nothing_committed_and_the_next_run_resumes(tmp_path):
    total = 60
    src, db = write_jsonl(tmp_path / "many.jsonl", _many_articles(total)), tmp_path / "events.db"
    interrupted, _ = _stop_midway(src, db, signal.SIGINT, 0)
    after_ctrl_c = len(rows(db, "articles"))
    assert interrupted.returncode == 130 and 1 <= after_ctrl_c < total
    assert interrupted.stderr.strip().splitlines()[-1].endswith("run again to resume")
    assert "Traceback" not in interrupted.stderr
    _, _ = _stop_midway(src, db, signal.SIGKILL, after_ctrl_c)
    after_kill = len(rows(db, "articles"))
    assert after_ctrl_c < after_kill < total  # killed mid-way, with more articles committed
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    resumed = cli("run", str(src), "--db", str(db))
    assert resumed.exit_code == 0, resumed.stderr
    assert f"{total - after_kill} articles stored ({after_kill} unchanged" in resumed.stderr
    assert len(rows(db, "articles")) == total


def test_corrections_and_wrong_marks_survive_a_rerun(tmp_path):
    db = tmp_path / "events.db"
    assert cli("run", str(write_jsonl(tmp_path / "first.jsonl", [ARTICLES[0], ARTICLES[2]])), "--db", str(db), "-q").exit_code == 0
    with Store(db) as store:
        strike, later = (next(store.iter_events(EventQuery(since=date(2023, 6, d), until=date(2023, 6, d)))) for d in (13, 19))
        store.correct(strike.id, "fatalities.best", 13, who="ana")
        store.correct(strike.id, "location.admin1", "Fezzan", who="ana")
        store.mark_wrong(later.id, who="ana")
    assert cli("run", str(write_jsonl(tmp_path / "all.jsonl", ARTICLES)), "--db", str(db), "-q").exit_code == 0
    events = {e["id"]: e for e in exported(db)}
    assert events[strike.id]["doc_ids"] == ["a1", "a2"]
    assert events[strike.id]["fatalities"]["best"] == 13 and events[strike.id]["location"]["admin1"] == "Fezzan"
    assert sorted(events[strike.id]["corrected_fields"]) == ["fatalities.best", "location.admin1"]
    assert events[later.id]["status"] == "wrong"
    visible = cli("export", "--db", str(db), "-q")
    assert later.id not in visible.stdout and strike.id in visible.stdout


def test_bad_input_is_reported_per_item_and_stored_data_is_kept(tmp_path):
    db = tmp_path / "events.db"
    assert cli("run", str(write_jsonl(tmp_path / "good.jsonl", ARTICLES[:1])), "--db", str(db), "-q").exit_code == 0
    stored = {t: rows(db, t) for t in ("articles", "mentions", "events")}
    bad = write_jsonl(tmp_path / "bad.jsonl", [ARTICLES[3], '{"id": "broken", "text": ', {"id": "empty", "text": ""}])
    result = cli("run", str(bad), str(tmp_path / "missing.jsonl"), "--db", str(db))
    assert result.exit_code == 1
    skipped = [line for line in result.stderr.splitlines() if line.startswith("eventcoder: skipped")]
    assert len(skipped) == 3
    assert any(f"{bad}:2" in line for line in skipped) and any("missing.jsonl" in line for line in skipped)
    assert result.stderr.strip().splitlines()[-1].endswith("3 skipped")
    articles = [r[0] for r in rows(db, "articles")]
    assert articles == ["a1", "a4"]
    for table, before in stored.items():
        assert set(before) <= set(rows(db, table))  # nothing stored before was changed or lost
    assert any(e["doc_ids"] == ["a1"] for e in exported(db))


def test_a_file_that_is_not_a_store_is_a_usage_error(tmp_path):
    src = write_jsonl(tmp_path / "news.jsonl", ARTICLES[:1])
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("these are my notes, not a database\n" * 100)
    result = cli("run", str(src), "--db", str(not_a_db))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"eventcoder: cannot use {not_a_db} as a store: file is not a database"]
    assert not_a_db.read_text().startswith("these are my notes")


@pytest.mark.parametrize("quiet", ["-q", "--quiet"])
def test_quiet_prints_nothing_on_success(tmp_path, quiet):
    src, db = write_jsonl(tmp_path / "news.jsonl", ARTICLES[:1]), tmp_path / "events.db"
    result = cli("run", str(src), "--db", str(db), quiet)
    assert result.exit_code == 0 and result.stderr == ""


def test_scaled_corpus_cycles_with_distinct_copies():
    from eventcoder.schema import Article
    from eventcoder.store.bench import scaled

    corpus = [Article(id=row["id"], text=row["text"]) for row in ARTICLES[:2]]
    articles = list(scaled(corpus, 1, 6))
    assert [a.id for a in articles] == ["a2", "a1~1", "a2~1", "a1~2", "a2~2"]
    assert articles[0] is corpus[1]
    assert articles[3].text == corpus[0].text + "\n\n[copy 2]"


def test_bench_run_scales_a_corpus_and_copies_fuse_with_their_originals(tmp_path):
    """Copies are new articles (none is skipped as unchanged), marked as syndicated, and their
    events join the originals' incidents; a second run changes nothing."""
    src = write_jsonl(tmp_path / "news.jsonl", ARTICLES[:2])
    result = cli("bench", "run", str(src), "--articles", "6", "--slices", "2", "--repeat", "1")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["corpus_articles"], summary["articles"], summary["slices"]) == (2, 6, 2)
    assert [s["articles"] for s in summary["each_slice"]] == ["0-3", "3-6"]
    stored = summary["stored"]
    assert (stored["articles"], stored["unchanged"], stored["skipped"]) == (6, 0, 0)
    assert stored["syndicated"] >= 4  # every copy, and a2 if it copies a1
    assert stored["fused_events"] == summary["stored"]["new_events"] < stored["mentions"]
    assert summary["rerun_unchanged"] == 6 and len(summary["rss_mb_after_each_tenth"]) == 6
