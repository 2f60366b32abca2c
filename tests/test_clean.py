"""Tests of the cleaning stage against tagged fixtures (see tests/fixtures/clean/README.md)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from eventcoder.clean import clean
from eventcoder.schema import Article, CleanArticle, ItemError

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "articles.jsonl"
KINDS = {"b": "body", "c": "caption", "m": "comment", "p": "boilerplate", "s": "share"}


@dataclass
class Fixture:
    article: Article
    error: str | None = None
    expected: list[tuple[int, str, str]] = field(default_factory=list)  # (offset, kind, line)


def load(path: Path) -> Fixture:
    """Parse a tagged fixture into an article and the kind expected for each tagged line."""
    meta: dict[str, str] = {}
    lines, expected, offset = [], [], 0
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not lines and raw.startswith("# "):
            key, _, value = raw[2:].partition(": ")
            meta[key] = value
            continue
        tag, bar, text = raw[:1], raw[1:2], raw[2:]
        if raw and (bar != "|" or tag not in KINDS and tag != " "):
            raise ValueError(f"{path.name}: bad fixture line {raw!r}")
        if tag in KINDS:
            expected.append((offset, KINDS[tag], text))
        lines.append(text)
        offset += len(text) + 1
    article = Article(
        id=path.stem, text="\n".join(lines), title=meta.get("title"), language=meta.get("language")
    )
    return Fixture(article, meta.get("error"), expected)


ALL = sorted(FIXTURES.glob("*.txt"))
CLEANED = [p for p in ALL if load(p).error is None]
SKIPPED = [p for p in ALL if load(p).error is not None]


def cleaned(path: Path) -> tuple[Fixture, CleanArticle]:
    fixture = load(path)
    result = clean(fixture.article)
    assert isinstance(result, CleanArticle), result
    return fixture, result


def kind_at(result: CleanArticle, offset: int) -> str:
    return next(s.kind for s in result.segments if s.start <= offset < s.end)


def test_fixture_set_is_broad() -> None:
    kinds = {kind for p in CLEANED for _, kind, _ in load(p).expected}
    assert len(ALL) >= 12 and kinds == set(KINDS.values())


@pytest.mark.parametrize("path", CLEANED, ids=lambda p: p.stem)
def test_segments_tile_the_text(path: Path) -> None:
    fixture, result = cleaned(path)
    text = fixture.article.text
    assert result.segments[0].start == 0 and result.segments[-1].end == len(text)
    for before, after in zip(result.segments, result.segments[1:]):
        assert before.end == after.start and before.kind != after.kind
    assert all(s.start < s.end for s in result.segments)


@pytest.mark.parametrize("path", CLEANED, ids=lambda p: p.stem)
def test_body_text_keeps_offsets(path: Path) -> None:
    fixture, result = cleaned(path)
    text = fixture.article.text
    assert len(result.body_text) == len(text)
    for s in result.segments:
        if s.kind == "body":
            assert result.body_text[s.start : s.end] == text[s.start : s.end]
        else:
            blanked = "".join("\n" if c == "\n" else " " for c in text[s.start : s.end])
            assert result.body_text[s.start : s.end] == blanked
            assert s.reason


@pytest.mark.parametrize("path", CLEANED, ids=lambda p: p.stem)
def test_every_tagged_line_gets_its_kind(path: Path) -> None:
    fixture, result = cleaned(path)
    wrong = [
        (want, kind_at(result, offset), line)
        for offset, want, line in fixture.expected
        if kind_at(result, offset) != want
    ]
    assert not wrong, "\n".join(f"want {w}, got {g}: {line!r}" for w, g, line in wrong)


@pytest.mark.parametrize("path", CLEANED, ids=lambda p: p.stem)
def test_no_body_sentence_is_lost(path: Path) -> None:
    """Every body line's words reach NLP, at their own offsets."""
    fixture, result = cleaned(path)
    for offset, want, line in fixture.expected:
        if want == "body":
            assert result.body_text[offset : offset + len(line)] == line
    assert result.language == "en"


@pytest.mark.parametrize("path", [p for p in CLEANED if "clean" in p.stem], ids=lambda p: p.stem)
def test_clean_articles_stay_whole(path: Path) -> None:
    fixture, result = cleaned(path)
    assert [s.kind for s in result.segments] == ["body"]
    assert result.body_text == fixture.article.text


@pytest.mark.parametrize("path", SKIPPED, ids=lambda p: p.stem)
def test_skips_with_a_one_line_reason(path: Path) -> None:
    fixture = load(path)
    result = clean(fixture.article.model_copy(update={"origin": f"{path.name}:1"}))
    assert isinstance(result, ItemError)
    assert result.item == f"{path.name}:1"
    assert fixture.error in result.reason and "\n" not in result.line()


def test_detected_language_reason_has_probability() -> None:
    result = clean(load(FIXTURES / "13_french.txt").article)
    assert isinstance(result, ItemError)
    assert re.fullmatch(r"not English \(detected 'fr', p=[01]\.\d\d\)", result.reason)
    assert result.item == "13_french"


def test_given_language_is_trusted() -> None:
    article = load(FIXTURES / "13_french.txt").article.model_copy(update={"language": "en-GB"})
    result = clean(article)
    assert isinstance(result, CleanArticle) and result.language == "en"


@pytest.mark.parametrize("text", ["", "   \n\n  \n"])
def test_blank_text_is_an_empty_article(text: str) -> None:
    result = clean(Article(id="blank", text=text))
    assert isinstance(result, ItemError) and result.reason == "empty article"


def test_comment_header_before_the_article_does_not_swallow_it() -> None:
    """A comment count shown at the top of a page is not the start of the thread."""
    body = "Gunmen killed six people at a market in Gao on Tuesday, a local official said."
    text = f"12 Comments\nReply\n{body}\n{body}\n"
    result = clean(Article(id="top", text=text))
    assert isinstance(result, CleanArticle)
    assert kind_at(result, text.index(body)) == "body"
    assert result.spans("body")[-1].end == len(text)


def test_windows_line_endings_keep_offsets() -> None:
    fixture = load(FIXTURES / "06_newsletter_boilerplate.txt")
    text = fixture.article.text.replace("\n", "\r\n")
    result = clean(fixture.article.model_copy(update={"text": text}))
    assert isinstance(result, CleanArticle) and len(result.body_text) == len(text)
    assert [s.kind for s in result.segments] == ["body", "boilerplate"]


def seed_articles() -> list[Article]:
    if not SEEDS.exists():
        pytest.skip("shared seed articles are not available")
    rows = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines() if line]
    return [Article(id=row["id"], text=row["text"], title=row.get("title")) for row in rows]


def test_seed_articles() -> None:
    """Real pages: publisher boilerplate at the end of one, a caption and a comment thread in
    another, and two clean wire stories that must stay whole."""
    results = [clean(article) for article in seed_articles()]
    assert all(isinstance(r, CleanArticle) and r.language == "en" for r in results)
    kinds = [[s.kind for s in r.segments] for r in results]
    assert kinds[:4] == [
        ["body", "boilerplate"],
        ["body"],
        ["body"],
        ["caption", "body", "comment"],
    ]
    body = results[3].spans("body")[0]
    assert results[3].article.text[body.start : body.end].rstrip()[-1] == "…"


FILLER = "Militants attacked a village in the north on Tuesday, killing 12 people, police said."
LOOKALIKES = [  # body lines that share words with furniture
    "A Reuters photo showed smoke rising over the base after the strike.",
    "The army released a handout photo of the seized weapons.",
    "An image by a local photographer showed the burnt vehicles.",
    "Hamas said the strike was coordinated with the Palestinian Authority (PA).",
    "Related violence killed three more people in the region on Friday, police said.",
    "By the time police arrived the attackers had fled",
    "Subscribers to the group's channel were told to prepare for more attacks.",
    "The group announced the attack in its weekly newsletter on Thursday.",
    "Like other groups in the region, the militants fund themselves through kidnapping.",
    "Officials declined to comment, and the army did not reply to questions.",
    "Gunmen killed five people today",
    "Police said:",
    f"{FILLER} Two others died in hospital. © 2023 Example Media",  # a paragraph with a notice
]


@pytest.mark.parametrize("line", LOOKALIKES)
def test_body_lookalikes_stay_body(line: str) -> None:
    text = f"{FILLER}\n{line}\n{FILLER}\n"
    result = clean(Article(id="lookalike", text=text))
    assert isinstance(result, CleanArticle)
    assert [s.kind for s in result.segments] == ["body"]


def test_embedded_posts_are_not_a_comment_thread() -> None:
    """Quoted social-media posts start with @handles but are part of the story."""
    posts = [
        "@KanoNews two suspects are in custody. — Kano Police (@KanoPolice) May 2, 2023",
        "@KanoPolice thank you for the update. — Kano News (@KanoNews) May 2, 2023",
    ]
    text = "\n".join([FILLER, *posts, FILLER]) + "\n"
    result = clean(Article(id="posts", text=text))
    assert isinstance(result, CleanArticle)
    assert [s.kind for s in result.segments] == ["body"]


def test_short_lede_above_an_acronym_is_not_a_caption() -> None:
    """Only short lines that are not reporting sit above a dateline as captions."""
    lede = "Gunmen killed 14 people at a market in Konduga on Saturday, a militia leader said."
    text = f"{lede}\nISWAP — the group's West Africa branch — has attacked the town before.\n"
    result = clean(Article(id="lede", text=text))
    assert isinstance(result, CleanArticle) and kind_at(result, 0) == "body"


@pytest.mark.parametrize(
    ("thread", "first"),
    [
        ("Comments\nAisha\nSo sad.\n", None),  # a weak header alone is not a thread
        ("Comments\nAisha says:\nSo sad.\n", "Comments"),
        ("Jane Doe on May 3, 2019 at 4:15 pm wrote:\nSo sad.\nReply\n", "Jane Doe"),
        ("Aisha\nSo sad.\nReply\nBello\nRest in peace.\nReply\n", "Aisha"),
        ("Join the discussion\n", "Join the discussion"),
    ],
)
def test_comment_thread_needs_two_signs(thread: str, first: str | None) -> None:
    text = f"{FILLER}\n{FILLER}\n{thread}"
    result = clean(Article(id="thread", text=text))
    assert isinstance(result, CleanArticle)
    comments = result.spans("comment")
    if first is None:
        assert not comments
    else:
        assert [(c.start, c.end) for c in comments] == [(text.index(first), len(text))]


@pytest.mark.parametrize(
    ("title", "kind"), [("Gunmen kill 14 in market attack", "body"), (None, "caption")]
)
def test_the_title_above_the_dateline_is_not_a_caption(title: str | None, kind: str) -> None:
    """A sentence-case headline looks like a caption; only the article's title tells them apart."""
    text = f"Gunmen kill 14 in market attack\nKANO (AP) — {FILLER}\n"
    result = clean(Article(id="title", text=text, title=title))
    assert isinstance(result, CleanArticle) and kind_at(result, 0) == kind
