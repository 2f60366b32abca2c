"""The command line end to end: real files, the real installed pipeline, exit statuses."""

import json
import subprocess
import sys
from pathlib import Path


from conftest import ROOT, shared_path

ARTICLE = (
    "Gunmen attacked a police checkpoint in the town of Gao, Mali, on Tuesday, killing four officers "
    "and wounding two others, a local official said.\n"
    "No group has claimed the attack.\n"
)


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("eventcoder")
    return subprocess.run([str(exe), *args], input=stdin, capture_output=True, text=True, timeout=300)


def events_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows))
    return path


def test_version_and_help():
    assert run("--version").stdout.startswith("eventcoder ")
    assert "extract" in run("--help").stdout
    assert "--published" in run("extract", "--help").stdout


def test_usage_error_exits_2():
    assert run("extract").returncode == 2
    assert run("extract", "x.jsonl", "--published", "yesterday").returncode == 2


def test_extract_writes_contract_events_with_true_offsets(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", [{"id": "gao", "text": ARTICLE, "published": "2023-06-08"}])
    out = tmp_path / "out.jsonl"
    result = run("extract", str(src), "-o", str(out))
    assert result.returncode == 0, result.stderr
    events = events_of(out)
    assert len(events) == 1
    event = events[0]
    assert event["doc_ids"] == ["gao"]
    assert event["date"]["start"] == "2023-06-06" and event["date"]["precision"] == "day"
    for ev in event["evidence"]:
        assert ARTICLE[ev["start"]:ev["end"]] == ev["text"]


def test_bad_items_are_named_and_the_batch_goes_on(tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", [{"id": "gao", "text": ARTICLE, "published": "2023-06-08"}])
    broken = write_jsonl(tmp_path / "broken.jsonl", ['{"id": "x", "text": ', {"id": "ok2", "text": ARTICLE}])
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"title\n\x00\x01\x02binary")
    out = tmp_path / "out.jsonl"
    result = run("extract", str(good), str(broken), str(binary), str(tmp_path / "missing.txt"), "-o", str(out))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("eventcoder: skipped")]
    assert len(errors) == 3
    assert any("broken.jsonl:1" in line for line in errors)
    assert any("blob.txt" in line for line in errors)
    assert any("missing.txt" in line for line in errors)
    assert {tuple(e["doc_ids"]) for e in events_of(out)} == {("gao",), ("ok2",)}


def test_stdin_and_published_option(tmp_path):
    result = run("extract", "-", "--published", "2023-06-08", stdin="Attack in Gao\n" + ARTICLE)
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events and events[0]["date"]["start"] == "2023-06-06"


def test_output_dash_is_stdout_and_an_unwritable_output_is_a_usage_error(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", [{"id": "gao", "text": ARTICLE, "published": "2023-06-08"}])
    to_stdout = run("extract", str(src), "-o", "-", "-q")
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert [json.loads(line)["doc_ids"] for line in to_stdout.stdout.splitlines()] == [["gao"]]
    assert not (Path.cwd() / "-").exists()
    missing_folder = run("extract", str(src), "-o", str(tmp_path / "absent" / "out.jsonl"))
    assert missing_folder.returncode == 2 and "no folder" in missing_folder.stderr
    assert run("extract", str(src), "-o", str(tmp_path)).returncode == 2


def test_examples_produce_events(tmp_path):
    out = tmp_path / "demo.jsonl"
    result = run("extract", str(ROOT / "examples"), "-o", str(out), "--table")
    assert result.returncode == 0, result.stderr
    assert len(events_of(out)) >= 3


def test_seed_articles_shape_and_negatives(tmp_path):
    """The example articles of ../shared: offsets right, nothing from comments or boilerplate."""
    seeds = shared_path("seeds", "articles.jsonl")
    articles = {a["id"]: a for a in map(json.loads, seeds.read_text().splitlines())}
    out = tmp_path / "seeds.jsonl"
    result = run("extract", str(seeds), "-o", str(out))
    assert result.returncode == 0, result.stderr
    events = events_of(out)
    assert events
    for event in events:
        text = articles[event["doc_ids"][0]]["text"]
        for ev in event["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["text"]
    # Nothing may come from the comment thread of the blog repost (it follows the article's last
    # paragraph) nor from the publisher boilerplate that closes the other article.
    for doc_id, article in articles.items():
        text = article["text"]
        for marker in ("\n  •", "newsletter"):
            cut = text.find(marker)
            if cut < 0:
                continue
            for event in events:
                if event["doc_ids"] == [doc_id]:
                    assert all(ev["start"] < cut for ev in event["evidence"]), event
