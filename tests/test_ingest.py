"""Tests for the article readers: every format, and every kind of bad input reported and skipped."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from eventcoder.ingest import read_inputs
from eventcoder.schema import Article, ItemError
from eventcoder.settings import MB, get_settings

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
HOSTILE_MARKERS = (
    "SCRIPT_IN_HEAD",
    "STYLE_IN_HEAD",
    "ONLOAD_HANDLER",
    "IFRAME_CONTENT",
    "ONERROR_HANDLER",
    "ONCLICK_HANDLER",
    "INLINE_SCRIPT",
    "NOSCRIPT_FALLBACK",
    "JS_URL",
    "SVG_SCRIPT",
    "COMMENT_TEXT",
    "alert(",
    "document.",
)


def read(*paths: str | Path, **kwargs) -> tuple[list[Article], list[ItemError]]:
    """Run the readers and split what comes out, checking nothing else is ever yielded."""
    items = list(read_inputs([str(path) for path in paths], **kwargs))
    assert all(isinstance(item, Article | ItemError) for item in items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, ItemError)]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def good_txt(tmp_path: Path) -> Path:
    """A valid article to put in each batch, to show reading goes on after a bad item."""
    return write(tmp_path / "good.txt", "Good title\nSoldiers were killed in an ambush on Tuesday.\n")


def assert_one_error(errors: list[ItemError], item: str | Path, reason: str) -> None:
    assert len(errors) == 1, errors
    assert errors[0].item == str(item)
    assert reason in errors[0].reason
    assert errors[0].line() == f"eventcoder: skipped {item}: {errors[0].reason}"


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch):
    """max_article_bytes of 1000, through the environment as a user would set it."""
    monkeypatch.setenv("EVENTCODER_MAX_ARTICLE_BYTES", "1000")
    get_settings.cache_clear()
    yield 1000
    get_settings.cache_clear()


# --- JSONL ---------------------------------------------------------------------------------------


def test_jsonl_fields_aliases_metadata_and_ids() -> None:
    path = FIXTURES / "articles.jsonl"
    articles, errors = read(path, published=date(2024, 1, 1))
    assert errors == []
    full, alias, bare = articles
    assert full == Article(
        id="a1",
        text="Gunmen killed three villagers near Kati on Sunday, officials said.",
        title="Attack near Kati",
        published=date(2024, 3, 3),
        source="Example Wire",
        url="https://example.org/a1",
        language="en",
        origin=f"{path}:1",
        metadata={"section": "world"},
    )
    # line 2 is blank and skipped, but still counted
    assert (alias.id, alias.origin, alias.published) == ("a2", f"{path}:3", date(2024, 3, 4))
    assert alias.text == "A roadside bomb wounded two soldiers on the road to Gao."
    assert alias.metadata == {}
    assert bare.id == Article.make_id(bare.text)
    assert bare.published == date(2024, 1, 1)


def test_jsonl_numeric_id_and_unused_alias_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", json.dumps({"id": 7, "docid": "x", "text": "Shots were fired."}))
    [article], errors = read(path)
    assert errors == []
    assert article.id == "7"
    assert article.metadata == {"docid": "x"}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "b", "text": "unterminated', "invalid JSON"),
        ('["a", "list"]', "not a JSON object"),
        ('{"id": "b"}', "no text"),
        ('{"id": "b", "text": ""}', "empty article"),
        ('{"id": "b", "text": " \\n\\t "}', "empty article"),
        ('{"id": "b", "text": 42}', "'text' is not a string"),
        ('{"id": "b", "text": "Some text.", "title": ["x"]}', "'title' is not a string"),
        ('{"id": {"x": 1}, "text": "Some text."}', "'id' is not a string"),
        ('{"id": "b", "text": "Some text.", "published": "05/03/2024"}', "bad published date '05/03/2024'"),
        ('{"id": "b", "text": "Some text.", "date": "2024-02-30"}', "bad published date"),
        ('{"id": "b", "text": "bad \\ud800 escape"}', "lone surrogate"),
    ],
)
def test_jsonl_broken_line_reported_rest_read(tmp_path: Path, line: str, reason: str) -> None:
    ok = json.dumps({"id": "ok", "text": "Two people were injured."})
    path = write(tmp_path / "batch.jsonl", f"{ok}\n{line}\n{ok}\n")
    articles, errors = read(path)
    assert_one_error(errors, f"{path}:2", reason)
    assert [a.origin for a in articles] == [f"{path}:1", f"{path}:3"]


def test_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    ok = b'{"text": "Two people were injured."}\n'
    path = write(tmp_path / "batch.jsonl", ok + b'{"text": "caf\xe9"}\n' + ok)
    articles, errors = read(path)
    assert_one_error(errors, f"{path}:2", "not valid UTF-8 (byte 13)")
    assert len(articles) == 2


def test_jsonl_bom_and_crlf(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", b'\xef\xbb\xbf{"text": "One."}\r\n{"text": "Two."}\r\n')
    articles, errors = read(path)
    assert errors == []
    assert [a.text for a in articles] == ["One.", "Two."]


def test_jsonl_line_over_limit_is_skipped_unkept(tmp_path: Path, small_limit: int) -> None:
    big = json.dumps({"id": "big", "text": "x" * 2 * MB})
    ok = json.dumps({"id": "ok", "text": "Two people were injured."})
    path = write(tmp_path / "batch.jsonl", f"{ok}\n{big}\n{ok}\n")
    tracemalloc.start()
    try:
        articles, errors = read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MB  # the long line was skipped in chunks, never held whole
    assert_one_error(errors, f"{path}:2", "article too large")
    assert f"{len(big) + 1} bytes" in errors[0].reason
    assert [a.origin for a in articles] == [f"{path}:1", f"{path}:3"]


def test_jsonl_line_at_limit_is_read(tmp_path: Path, small_limit: int) -> None:
    line = json.dumps({"text": "y" * 100})
    line = line[:-1] + " " * (small_limit - len(line)) + "}"
    assert len(line) == small_limit
    articles, errors = read(write(tmp_path / "a.jsonl", line + "\n"))
    assert (len(articles), errors) == (1, [])


# --- plain text ----------------------------------------------------------------------------------


def test_txt_title_and_exact_body() -> None:
    path = FIXTURES / "market.txt"
    [article], errors = read(path, published=date(2024, 3, 4))
    assert errors == []
    raw = path.read_bytes().decode("utf-8")
    body = raw[raw.index("\n") + 1 :]
    assert article.title == "Market blast kills five"
    assert article.text == body  # double spaces, CRLF, indentation and final newline all kept
    assert article.id == Article.make_id(body)
    assert (article.origin, article.published) == (str(path), date(2024, 3, 4))
    start = article.text.index("Police")
    assert article.text[start : start + 6] == "Police"


def test_txt_invalid_utf8(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.txt", b"Title\nCaf\xe9 bombed\n")
    articles, errors = read(bad, good_txt(tmp_path))
    assert_one_error(errors, bad, "not valid UTF-8 (byte 9)")
    assert len(articles) == 1


@pytest.mark.parametrize("content", ["", "   \n\n", "Only a title\n", "Title\n \t\n\n"])
def test_empty_article(tmp_path: Path, content: str) -> None:
    empty = write(tmp_path / "empty.txt", content)
    articles, errors = read(empty, good_txt(tmp_path))
    assert_one_error(errors, empty, "empty article")
    assert len(articles) == 1


# --- HTML ----------------------------------------------------------------------------------------


def test_html_hostile_page_text_and_metadata() -> None:
    path = FIXTURES / "hostile.html"
    [article], errors = read(path)
    assert errors == []
    for marker in HOSTILE_MARKERS:
        assert marker not in article.text
    assert "killing five people" in article.text
    assert "No group has claimed responsibility" in article.text
    assert article.title == "Bomb kills five at market"
    assert article.published == date(2024, 3, 5)
    assert article.source == "The Example Post"
    assert article.url == "https://example.org/news/market-bomb"
    assert (article.id, article.origin) == (Article.make_id(article.text), str(path))


def test_html_short_page_with_scripts(tmp_path: Path) -> None:
    """A short page makes trafilatura fall back to its other extractors; they must not leak either."""
    page = write(
        tmp_path / "short.htm",
        "<html><body><p>Police said two men were arrested after the attack.</p>"
        "<script>alert('INLINE_SCRIPT')</script><noscript>NOSCRIPT_FALLBACK</noscript>"
        "<img src=x onerror=\"alert('ONERROR_HANDLER')\"><iframe srcdoc='IFRAME_CONTENT'></iframe>"
        "</body></html>",
    )
    [article], errors = read(page, published=date(2024, 5, 1))
    assert errors == []
    assert "two men were arrested" in article.text
    for marker in HOSTILE_MARKERS:
        assert marker not in article.text
    assert article.published == date(2024, 5, 1)


def test_html_declared_charset(tmp_path: Path) -> None:
    text = "Le café du marché a été touché par une explosion lundi matin, selon la police locale."
    page = write(
        tmp_path / "latin.html",
        b'<html><head><meta charset="windows-1252"></head><body><article><p>'
        + text.encode("cp1252")
        + b"</p></article></body></html>",
    )
    [article], errors = read(page)
    assert errors == []
    assert text in article.text


@pytest.mark.parametrize(
    "content",
    [
        "<html><head><title>Nothing here</title></head><body></body></html>",
        "<html><body><script>alert('only a script')</script><style>p{}</style></body></html>",
    ],
)
def test_html_without_text(tmp_path: Path, content: str) -> None:
    page = write(tmp_path / "blank.html", content)
    articles, errors = read(page, good_txt(tmp_path))
    assert_one_error(errors, page, "no extractable text")
    assert len(articles) == 1


# --- feeds ---------------------------------------------------------------------------------------


def test_rss_entries() -> None:
    path = FIXTURES / "feed.rss"
    articles, errors = read(path, published=date(2024, 1, 1))
    assert_one_error(errors, f"{path}#3", "empty article")  # the headline-only entry
    first, second = articles
    assert first.text == "Gunmen attacked a village on Monday night.\nThree people were killed, residents said."
    assert first.title == "Gunmen attack village in the north"
    assert first.url == "https://example.org/africa/1"
    assert first.published == date(2024, 3, 5)
    assert first.source == "Example Wire: Africa"
    assert first.origin == f"{path}#1"
    assert first.id == Article.make_id("example-wire-0001")
    assert second.text == "A roadside bomb wounded two soldiers near the border."
    assert second.published == date(2024, 3, 6)
    assert "FEED_SCRIPT" not in first.text + second.text


def test_feed_ids_are_stable() -> None:
    first, _ = read(FIXTURES / "feed.rss")
    again, _ = read(FIXTURES / "feed.rss")
    assert [a.id for a in first] == [a.id for a in again]
    assert len({a.id for a in first}) == len(first)


def test_atom_entry_with_html_content() -> None:
    [article], errors = read(FIXTURES / "feed.atom")
    assert errors == []
    assert article.text == "Protesters clashed with police in the capital.\nTwelve people were arrested."
    assert (article.source, article.published) == ("Example Monitor", date(2024, 3, 7))
    assert article.url == "https://example.org/monitor/42"


def test_feed_sniffed_by_content(tmp_path: Path) -> None:
    """A feed saved with a .html or unknown extension is still read as a feed."""
    as_html = write(tmp_path / "feed.html", (FIXTURES / "feed.atom").read_bytes())
    no_ext = write(tmp_path / "latest", (FIXTURES / "feed.atom").read_bytes())
    articles, errors = read(as_html, no_ext)
    assert errors == []
    assert [a.origin for a in articles] == [f"{as_html}#1", f"{no_ext}#1"]


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = write(tmp_path / "data.xml", '<?xml version="1.0"?><catalog><book>Title</book></catalog>')
    articles, errors = read(path, good_txt(tmp_path))
    assert_one_error(errors, path, "not an RSS/Atom feed")
    assert len(articles) == 1


def test_feed_never_fetches_remote_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("network access")

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    monkeypatch.setattr("socket.create_connection", no_network)
    feed = write(
        tmp_path / "remote.rss",
        '<rss version="2.0" xml:base="https://example.org/"><channel><title>T</title>'
        '<item><link>https://example.org/x</link><description>Armed men looted a clinic.'
        "</description></item></channel></rss>",
    )
    [article], errors = read(feed)
    assert (article.text, errors) == ("Armed men looted a clinic.", [])


# --- directories and paths -----------------------------------------------------------------------


def test_directory_walk(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copy(FIXTURES / "market.txt", write(root / "b" / "market.txt", ""))
    shutil.copy(FIXTURES / "feed.atom", write(root / "a.atom", ""))
    write(root / "notes.md", "ignored: unknown extension")
    write(root / "image.png", b"\x89PNG\r\n\x1a\n\0\0")
    write(root / ".hidden.txt", "Hidden\nIgnored because hidden.")
    write(root / ".git" / "x.txt", "Hidden\nIgnored because inside a hidden directory.")
    articles, errors = read(root)
    assert errors == []
    assert [a.origin for a in articles] == [f"{root}/a.atom#1", f"{root}/b/market.txt"]


def test_unknown_extension_named_explicitly(tmp_path: Path) -> None:
    notes = write(tmp_path / "notes.md", "# Notes\nNot an article format.")
    articles, errors = read(notes, good_txt(tmp_path))
    assert_one_error(errors, notes, "unsupported file type")
    assert len(articles) == 1


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    articles, errors = read(missing, good_txt(tmp_path))
    assert_one_error(errors, missing, "no such file")
    assert len(articles) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_unreadable_file(tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.txt", "Title\nBody text.\n")
    locked.chmod(0)
    try:
        articles, errors = read(locked, good_txt(tmp_path))
    finally:
        locked.chmod(0o644)
    assert_one_error(errors, locked, "permission denied")
    assert len(articles) == 1


@pytest.mark.parametrize("name", ["blob.txt", "blob.jsonl", "blob.html", "blob.rss"])
def test_binary_file(tmp_path: Path, name: str) -> None:
    blob = write(tmp_path / name, b"Title\n" + bytes(range(256)) * 4)
    articles, errors = read(blob, good_txt(tmp_path))
    assert_one_error(errors, blob, "binary file")
    assert len(articles) == 1


@pytest.mark.parametrize("name", ["huge.txt", "huge.html"])
def test_huge_file_rejected_without_reading_it(tmp_path: Path, name: str) -> None:
    huge = tmp_path / name
    with huge.open("wb") as f:  # sparse: 50 MB on paper, nothing written
        f.seek(50 * MB - 1)
        f.write(b"\n")
    tracemalloc.start()
    try:
        articles, errors = read(huge, good_txt(tmp_path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_one_error(errors, huge, f"article too large ({50 * MB} bytes")
    assert len(articles) == 1
    assert peak < MB


def test_html_over_limit(tmp_path: Path, small_limit: int) -> None:
    page = write(tmp_path / "big.html", "<html><body><p>" + "word " * 400 + "</p></body></html>")
    articles, errors = read(page, good_txt(tmp_path))
    assert_one_error(errors, page, "article too large")
    assert len(articles) == 1


def test_garbage_never_raises(tmp_path: Path) -> None:
    rng = random.Random(1)
    for n, ext in enumerate([".txt", ".jsonl", ".html", ".rss", ".xml"] * 8):
        noise = bytes(rng.randrange(1, 256) for _ in range(rng.randrange(0, 600)))
        prefix = [b"", b"<", b"{", b"<rss>", b"<html><body><p>"][n % 5]
        write(tmp_path / f"g{n}{ext}", prefix + noise)
    articles, errors = read(tmp_path)
    assert len(articles) + len(errors) >= 40


# --- standard input ------------------------------------------------------------------------------


def test_stdin_jsonl() -> None:
    stdin = io.BytesIO(b'\n  {"id": "s1", "text": "Gunfire was heard."}\nnot json\n{"text": "Two died."}\n')
    articles, errors = read("-", stdin=stdin)
    assert [a.origin for a in articles] == ["-:2", "-:4"]
    assert_one_error(errors, "-:3", "invalid JSON")


def test_stdin_text_stream() -> None:
    articles, errors = read("-", stdin=io.StringIO("Clashes in the north\nFighting resumed at dawn.\n"))
    assert errors == []
    [article] = articles
    assert (article.title, article.text, article.origin) == (
        "Clashes in the north",
        "Fighting resumed at dawn.\n",
        "-",
    )


def test_stdin_html_and_feed() -> None:
    [page], errors = read("-", stdin=io.BytesIO((FIXTURES / "hostile.html").read_bytes()))
    assert errors == [] and page.title == "Bomb kills five at market"
    assert "INLINE_SCRIPT" not in page.text
    [entry], errors = read("-", stdin=io.BytesIO((FIXTURES / "feed.atom").read_bytes()))
    assert errors == [] and entry.origin == "-#1"


def test_stdin_defaults_to_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO('{"text": "Shelling hit the café."}\n'.encode())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw, encoding="utf-8"))
    [article], errors = read("-")
    assert (article.text, errors) == ("Shelling hit the café.", [])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\0\0\0binary", "binary file"),
        (b"Title\n\xff\xfe body", "not valid UTF-8 (byte 6)"),
        (b"", "empty article"),
    ],
)
def test_stdin_bad_input(tmp_path: Path, data: bytes, reason: str) -> None:
    articles, errors = read("-", good_txt(tmp_path), stdin=io.BytesIO(data))
    assert_one_error(errors, "-", reason)
    assert len(articles) == 1


def test_stdin_over_limit(small_limit: int) -> None:
    articles, errors = read("-", stdin=io.BytesIO(b"Title\n" + b"word " * 1000))
    assert articles == []
    assert_one_error(errors, "-", "article too large")


def test_feed_html_flattened_one_line_per_block(tmp_path: Path) -> None:
    feed = write(
        tmp_path / "blocks.rss",
        '<rss version="2.0"><channel><title>T</title><item><guid>g1</guid><description><![CDATA['
        "<div>Intro<p>Para   one.</p>Line<br>two<ul><li>Item</li></ul></div>"
        "]]></description></item></channel></rss>",
    )
    [article], errors = read(feed)
    assert errors == []
    assert article.text == "Intro\nPara one.\nLine\ntwo\nItem"


def test_open_error_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path as an unreadable file, simulated so it also runs as root."""
    locked = write(tmp_path / "locked.txt", "Title\nBody text.\n")
    real_open = open

    def deny(path, *args, **kwargs):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    articles, errors = read(locked, good_txt(tmp_path))
    assert_one_error(errors, locked, "permission denied")
    assert len(articles) == 1
