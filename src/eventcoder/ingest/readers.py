"""Read articles from JSONL, plain text, HTML pages, RSS/Atom feeds, directories and stdin.

Every bad item becomes an ItemError and reading goes on, so one broken file or line never stops a
batch. Whole files are size-checked before they are read and JSONL is streamed line by line, so a
huge input is rejected without being loaded into memory.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, BinaryIO, Literal, TextIO

import feedparser
import lxml.html
import trafilatura
from lxml import etree
from lxml_html_clean import Cleaner

from eventcoder.schema import Article, ItemError
from eventcoder.settings import get_settings

Kind = Literal["jsonl", "text", "html", "feed"]

EXTENSIONS: dict[str, Kind] = {
    ".jsonl": "jsonl",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}

_SNIFF_BYTES = 8192  # binary check and format sniffing look at this much of the start
_CHUNK_BYTES = 65536
_BOM = b"\xef\xbb\xbf"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_FIRST_TAG = re.compile(rb"<([A-Za-z][\w.:-]*)")
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf"}

# Input key -> aliases used by real corpora, first match wins; other keys go to metadata.
_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "docid"),
    "text": ("text", "doctext"),
    "published": ("published", "dct", "date"),
    "title": ("title",),
    "source": ("source",),
    "url": ("url",),
    "language": ("language",),
}

# Pages are hostile: scripts, styles, event handlers, frames and <noscript> fallbacks go before
# extraction. Head, meta and link tags stay, since trafilatura reads title, date and URL from them.
_CLEANER = Cleaner(
    scripts=True,
    javascript=True,
    style=True,
    inline_style=True,
    comments=True,
    processing_instructions=True,
    embedded=True,
    frames=True,
    forms=True,
    meta=False,
    links=False,
    page_structure=False,
    remove_unknown_tags=False,
    safe_attrs_only=False,
    kill_tags={"noscript", "template"},
)

# Elements that start a new line when a feed entry's HTML is flattened to text.
_BLOCK_TAGS = (
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "footer", "hr", "li", "ol", "p", "pre", "section", "table",
    "td", "th", "tr", "ul",
)  # fmt: skip


class _BadItem(Exception):
    """Raised inside a reader for an item that must be skipped; becomes an ItemError."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Prefixed(io.RawIOBase):
    """The bytes already read for sniffing, then the rest of a stream that may not seek back."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            data, self._head = self._head[: len(buffer)], self._head[len(buffer) :]
        else:
            data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_inputs(
    paths: Iterable[str], published: date | None = None, stdin: TextIO | BinaryIO | None = None
) -> Iterator[Article | ItemError]:
    """Yield the articles of every path ("-" is stdin), and an ItemError for each bad item.

    `published` is the date given to articles that carry none.
    """
    limit = get_settings().max_article_bytes
    for path in paths:
        if path == "-":
            stream = _binary(stdin if stdin is not None else sys.stdin)
            yield from _read_stream(stream, "-", "auto", published, limit)
        elif os.path.isdir(path):
            for found in _walk(path):
                if isinstance(found, ItemError):
                    yield found
                else:
                    yield from _read_file(found, published, limit)
        else:
            yield from _read_file(path, published, limit)


def _binary(stream: TextIO | BinaryIO) -> BinaryIO:
    """The byte stream under a text stream, so stdin is decoded and checked like files are."""
    if not isinstance(stream, io.TextIOBase):
        return stream  # type: ignore[return-value]
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    return io.BytesIO(stream.read().encode("utf-8", "surrogatepass"))


def _walk(root: str) -> Iterator[str | ItemError]:
    """Files of known types under `root`, recursively in name order, hidden entries skipped."""
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError as error:
        yield ItemError(item=root, reason=_os_reason(error))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry.path)
        elif _extension_kind(entry.name) is not None:
            yield entry.path


def _extension_kind(path: str) -> Kind | None:
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())


def _read_file(path: str, published: date | None, limit: int) -> Iterator[Article | ItemError]:
    """One file named on the command line or found in a directory."""
    kind = _extension_kind(path)
    try:
        info = os.stat(path)
        # JSONL holds many articles and is size-checked per line; other files are one item.
        if kind != "jsonl" and stat.S_ISREG(info.st_mode) and info.st_size > limit:
            yield ItemError(item=path, reason=_too_large(limit, info.st_size))
            return
        with open(path, "rb") as stream:
            yield from _read_stream(stream, path, kind, published, limit)
    except OSError as error:
        yield ItemError(item=path, reason=_os_reason(error))


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file"
    return (error.strerror or str(error)).lower()


def _too_large(limit: int, size: int | None = None) -> str:
    measured = f"{size} bytes > " if size is not None else "more than "
    return f"article too large ({measured}max_article_bytes {limit})"


def _read_stream(
    stream: BinaryIO,
    name: str,
    kind: Kind | Literal["auto"] | None,
    published: date | None,
    limit: int,
) -> Iterator[Article | ItemError]:
    """Check and sniff the start of a stream, then hand it to the reader for its format.

    `kind` comes from the file extension: None for an unknown one, "auto" for stdin.
    """
    head = stream.read(_SNIFF_BYTES)
    if b"\0" in head:
        yield ItemError(item=name, reason="binary file")
        return
    resolved = _resolve_kind(head, kind)
    if resolved is None:
        yield ItemError(item=name, reason="unsupported file type (not JSONL, text, HTML or a feed)")
        return
    reader = io.BufferedReader(_Prefixed(head, stream))
    if resolved == "jsonl":
        yield from _read_jsonl(reader, name, published, limit)
        return
    data = _read_at_most(reader, limit + 1)
    try:
        if len(data) > limit:
            raise _BadItem(_too_large(limit))
        if not data.strip():
            raise _BadItem("empty article")
        yield from _DOCUMENT_READERS[resolved](data, name, published)
    except _BadItem as bad:
        yield ItemError(item=name, reason=bad.reason)


def _read_at_most(reader: io.BufferedReader, size: int) -> bytes:
    """Up to `size` bytes, in chunks, so a small file never costs a buffer of the full limit."""
    chunks: list[bytes] = []
    remaining = size
    while remaining > 0 and (chunk := reader.read(min(_CHUNK_BYTES, remaining))):
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _resolve_kind(head: bytes, kind: Kind | Literal["auto"] | None) -> Kind | None:
    """The format to read: JSONL and text by extension, else a feed if it sniffs as one."""
    if kind in ("jsonl", "text"):
        return kind
    if _is_feed(head):
        return "feed"
    if kind != "auto":
        return kind
    first = head.removeprefix(_BOM).lstrip()[:1]
    return "jsonl" if first == b"{" else "html" if first == b"<" else "text"


def _is_feed(head: bytes) -> bool:
    """Whether the first element (after XML declaration, doctype, comments) is a feed root."""
    match = _FIRST_TAG.search(_COMMENT.sub(b"", head))
    return match is not None and match.group(1).lower() in _FEED_ROOTS


def _read_jsonl(
    reader: io.BufferedReader, name: str, published: date | None, limit: int
) -> Iterator[Article | ItemError]:
    lineno = 0
    while line := reader.readline(limit + 1):
        lineno += 1
        item = f"{name}:{lineno}"
        if len(line) > limit and not line.endswith(b"\n"):
            yield ItemError(item=item, reason=_too_large(limit, len(line) + _skip_line(reader)))
            continue
        if lineno == 1:
            line = line.removeprefix(_BOM)
        if not line.strip():
            continue
        try:
            yield _record_article(_decode(line), item, published)
        except _BadItem as bad:
            yield ItemError(item=item, reason=bad.reason)


def _skip_line(reader: io.BufferedReader) -> int:
    """Discard the rest of an over-long line without holding it; return how many bytes it had."""
    skipped = 0
    while chunk := reader.readline(_CHUNK_BYTES):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _BadItem(f"not valid UTF-8 (byte {error.start})") from None


def _record_article(line: str, item: str, published: date | None) -> Article:
    """One JSONL line as an Article; aliases resolved, unknown keys kept in metadata."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise _BadItem(f"invalid JSON ({error.msg}, column {error.colno})") from None
    if not isinstance(record, dict):
        raise _BadItem("not a JSON object")
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise _BadItem("invalid Unicode escape (lone surrogate)") from None
    values = {field: _take(record, keys) for field, keys in _FIELDS.items()}
    text = values["text"]
    if text is None:
        raise _BadItem("no text")
    for field in ("text", "title", "source", "url", "language"):
        if values[field] is not None and not isinstance(values[field], str):
            raise _BadItem(f"{field!r} is not a string")
    if not text.strip():
        raise _BadItem("empty article")
    doc_id = values["id"]
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    elif doc_id is not None and not isinstance(doc_id, str):
        raise _BadItem("'id' is not a string")
    day = published
    if values["published"] is not None:
        day = _iso_date(values["published"])
        if day is None:
            raise _BadItem(f"bad published date {str(values['published'])[:40]!r}")
    return Article(
        id=doc_id or Article.make_id(text),
        text=text,
        title=values["title"],
        published=day,
        source=values["source"],
        url=values["url"],
        language=values["language"],
        origin=item,
        metadata=record,
    )


def _take(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    """Remove and return the first non-null of `keys`; unused aliases stay for metadata."""
    for key in keys:
        if record.get(key) is not None:
            return record.pop(key)
    return None


def _iso_date(value: object) -> date | None:
    """A date from a value starting with YYYY-MM-DD (a timestamp's time part is dropped)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value[:10]):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _text_articles(data: bytes, name: str, published: date | None) -> Iterator[Article]:
    """A plain-text article: the first line is the title, the rest is the text, kept exactly."""
    title, _, body = _decode(data).removeprefix("\ufeff").partition("\n")
    if not body.strip():
        raise _BadItem("empty article")
    yield Article(
        id=Article.make_id(body),
        text=body,
        title=title.strip() or None,
        published=published,
        origin=name,
    )


def _html_articles(data: bytes, name: str, published: date | None) -> Iterator[Article]:
    """A web page's main text and metadata; trafilatura detects the page's own encoding."""
    tree = trafilatura.load_html(data)
    page = None
    if tree is not None:
        page = trafilatura.bare_extraction(
            _CLEANER.clean_html(tree), include_comments=False, with_metadata=True
        )
    text = page.text if page is not None else None
    if not text or not text.strip():
        raise _BadItem("no extractable text")
    yield Article(
        id=Article.make_id(text),
        text=text,
        title=page.title or None,
        published=_iso_date(page.date) or published,
        source=page.sitename or None,
        url=page.url or None,
        language=page.language or None,
        origin=name,
    )


def _feed_articles(data: bytes, name: str, published: date | None) -> Iterator[Article | ItemError]:
    """Each entry of an RSS/Atom feed; given bytes, feedparser never fetches anything."""
    feed = feedparser.parse(data)
    if not feed.get("version") and not feed.entries:
        raise _BadItem("not an RSS/Atom feed")
    if not feed.entries:
        raise _BadItem("feed has no entries")
    source = feed.feed.get("title") or None
    language = feed.feed.get("language") or None
    for number, entry in enumerate(feed.entries, start=1):
        item = f"{name}#{number}"
        try:
            text = _entry_text(entry)
        except (ValueError, etree.LxmlError):
            yield ItemError(item=item, reason="unreadable entry content")
            continue
        if not text.strip():
            yield ItemError(item=item, reason="empty article")
            continue
        yield Article(
            id=Article.make_id(entry.get("id") or entry.get("link") or text),
            text=text,
            title=entry.get("title") or None,
            published=_entry_date(entry) or published,
            source=source,
            url=entry.get("link") or None,
            language=language,
            origin=item,
        )


def _entry_text(entry: feedparser.FeedParserDict) -> str:
    """An entry's full content if present, else its summary, as plain text."""
    detail = (entry.get("content") or [entry.get("summary_detail") or {}])[0]
    value = detail.get("value") or ""
    return _fragment_text(value) if "html" in (detail.get("type") or "") else value.strip()


def _entry_date(entry: feedparser.FeedParserDict) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return date(*parsed[:3]) if parsed else None
    except ValueError:
        return None


def _fragment_text(html: str) -> str:
    """Plain text of an HTML fragment, one line per block, scripts and styles removed.

    trafilatura is built for whole pages and drops short fragments, so feed content uses lxml.
    """
    if not html.strip():
        return ""
    root = _CLEANER.clean_html(lxml.html.fragment_fromstring(html, create_parent="div"))
    for element in root.iter(*_BLOCK_TAGS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


_DOCUMENT_READERS = {"text": _text_articles, "html": _html_articles, "feed": _feed_articles}
