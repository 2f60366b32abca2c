"""Cleaning: tell the article body from reader comments, publisher boilerplate, share bars and
image captions, and skip articles that are not in a wanted language.

It runs before any NLP, so every decision is made per line (a paragraph or a line is the unit)
and offsets into `Article.text` survive: `body_text` blanks what is not body and keeps the length.
Precision comes first: a body paragraph dropped here is an event lost, so a line stays body
unless a rule positively recognises it as something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from .resources import data_yaml
from .schema import Article, CleanArticle, ItemError, Segment, SegmentKind
from .settings import get_settings

_RULES = data_yaml("boilerplate.yaml")


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _words(key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _RULES[key])


_BOILERPLATE = {
    reason: re.compile(_alternation(patterns), re.I)
    for reason, patterns in _RULES["boilerplate"].items()
}
_LINK_HEADER = re.compile(
    rf"^(?:{_alternation(_RULES['link_headers'])})\s*(?P<rest>[:›»|–—-].*)?$", re.I
)
_COMMENT_HEADER = {  # weight of the sign: a strong header starts a thread alone
    weight: re.compile(
        rf"^(?:\d[\d,.]*k?\s+)?(?:{_alternation(_RULES['comment_headers'][key])})"
        r"(?:\s*\(\d+\))?\s*:?$",
        re.I,
    )
    for key, weight in (("strong", 2), ("weak", 1))
}
_SHARE_WORDS = _words("share_words")
_SHARE_CONNECTORS = _words("share_connectors")
_ACTION_WORDS = _words("comment_actions")
_DATE_WORDS = _words("date_words")
_AGENCIES = _alternation(sorted(map(re.escape, _RULES["photo_agencies"]), key=len, reverse=True))

_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_NOT_NEWLINE = re.compile(r"[^\n]")
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?|\d+|[^\w\s]")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NON_WORD = re.compile(r"\W+")
_BULLET = re.compile(r"^(?:[•◦▪‣·]|[*–-]\s)")
_SENTENCE_END = re.compile(r"[.!?…:;,]['\"”’)]*$")
_INITIAL_END = re.compile(r"\b[^\W\d_]\.$")
_AGO = (
    r"(?:about |over |almost |nearly )?(?:\d+|an?|one)\s*"
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|[smhdwy])\s+ago"
)
_CLOCK = r"\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?"
# "5 years ago", "yesterday at 9:15", "July 12, 2021 at 8:41 am", "8:41 am on 12 July 2021"
_STAMP = (
    rf"(?:{_AGO}|just now|(?:yesterday|today)\s+at\s+{_CLOCK}"
    rf"|[^\n]{{0,30}}\d[^\n]{{0,30}}\bat\s+{_CLOCK}|{_CLOCK}(?:\s+on)?[^\n]{{0,30}}\d{{4}})"
    r"(?:\s*[·•|,(]?\s*edited\)?)?"
)
_RELATIVE_TIME = re.compile(rf"\b{_AGO}\b|\b\d+\s*[smhdwy]\b", re.I)
_TIMESTAMP = re.compile(rf"^{_STAMP}$", re.I)
# "Jane Doe says:", "jd_1984 • 5 years ago", "Jane on May 3, 2019 at 4:15 pm wrote:", "a → b"
_COMMENTER = re.compile(
    rf"^\S+(?:\s+\S+){{0,3}}?\s*(?:(?:[·•|,—–-]\s*)?{_STAMP}"
    rf"|(?:\s+(?:on|at)\s+.{{3,40}}?)?\s+(?:says|wrote|commented|replied)\s*:"
    r"\s*(?:.{0,40}\d.{0,20})?"
    r"|(?:→|->|replied to|in reply to)\s*\S+(?:\s+\S+){0,3})$",
    re.I,
)
_REPLY_TO = re.compile(r"^@\w{2,}")
# An embedded social-media post signs off "— Name (@handle) July 8, 2015": quoted, not a comment.
_EMBEDDED_POST = re.compile(r"[—–-]\s*[^()\n]{1,60}\(@\w+\)\s+\w+\.?\s+\d{1,2},\s+\d{4}$")
_CAPTION = re.compile(
    r"^(?:photo|image|picture|file photo|pictured|photograph|caption|video|main image)s?"
    r"\s*(?:credit)?\s*[:|/]|^(?:photo|image|picture)s? (?:via|by|courtesy)\b"
    r"|\b(?:photo|image|picture|photograph)s?\s*(?:credit|courtesy)\b|\bview (?:full )?caption\b"
    r"|\((?:photo|image|picture)s?(?:\s+by\b|\s*[:/])|\([^()]{1,30}\s(?:photo|image)s?\)$"
    r"|^(?:an? |the )?(?:file|archive|handout) (?:photo|image|picture|photograph)\b"
    r"|\((?:file|archive|handout) (?:photo|image|picture)\)"
    rf"|/\s*(?:{_AGENCIES})\s*[)\]]?\.?$|\b(?:{_AGENCIES})\s*/\s*[^\W\d_][\w .'’-]{{1,40}}$"
    rf"|\((?:{_AGENCIES})(?:\s*/[^)]{{1,40}})?\)$"
    rf"|\b(?:{_AGENCIES}) photo\s*[/:)]",
    re.I,
)
# A caption names what a picture shows; a line that attributes a statement or has an auxiliary
# verb ("was shot", "have identified") is reporting, and reporting is body.
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|reported|reports|confirmed|according to|updated?"
    r"|is|are|was|were|has|have|had|been|will|would)\b",
    re.I,
)
# "KANO, Nigeria, May 3 (Reuters) -", "WASHINGTON —", "(AP) —": where a wire lede begins.
DATELINE = re.compile(
    r"^(?:[A-Z][A-Z'’.\- ]{1,40}(?:,[^,\n()–—-]{1,40}){0,2}\s*(?:\([A-Z][^)\n]{0,30}\)\s*)?"
    r"|\([A-Z][^)\n]{0,30}\)\s*)[-–—]{1,2}\s*\S"
)
_LANGUAGE_TAG = re.compile(r"[-_]")

_LEAD_LINES = 6  # a dateline below this many unmarked lines is not the lede
_CAPTION_MAX = 200  # longer lines before the dateline are article text, not captions
_CREDIT_CAPTION_MAX = 300  # a credited caption may carry a sentence of description
_HEADLINE_MAX = 120  # short lines in a link list or trailing boilerplate block
_NAME_MAX = 60  # a commenter's name line, with its bullet
_BODY_MIN = 80  # a line this long that nothing marked is article text: threads start after one
_THREAD_WINDOW = 6  # nonblank lines in which a comment thread must show two signs
_SHORT_TEXT = 200  # below this many characters the language detector is easily fooled
_SHORT_TEXT_CONFIDENCE = 0.9
_HEADLESS = ("comment actions", "comment timestamp")  # signs that follow the commenter's name

_Label = tuple[SegmentKind, str | None]
_BODY: _Label = ("body", None)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # after the newline, so the lines tile the text
    text: str  # stripped
    indent: int

    @property
    def bulleted(self) -> bool:
        return bool(_BULLET.match(self.text))


def clean(article: Article) -> CleanArticle | ItemError:
    """Split an article into body and non-body segments and check its language."""
    text = article.text
    lines = _lines(text)
    labels = _classify(lines, article.title)
    segments = _segments(lines, labels)
    body_text = "".join(
        text[s.start : s.end] if s.kind == "body" else _NOT_NEWLINE.sub(" ", text[s.start : s.end])
        for s in segments
    )
    body = "\n".join(text[s.start : s.end].strip() for s in segments if s.kind == "body").strip()
    item = article.origin or article.id
    if not body:
        return ItemError(item=item, reason="empty article")
    language, skip = _language(article, body)
    if skip:
        return ItemError(item=item, reason=skip)
    return CleanArticle(article=article, segments=segments, language=language, body_text=body_text)


def _lines(text: str) -> list[_Line]:
    lines = []
    for m in _LINE.finditer(text):
        raw = m.group().rstrip("\r\n")
        stripped = raw.strip()
        expanded = raw.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip()) if stripped else 0
        lines.append(_Line(m.start(), m.end(), stripped, indent))
    return lines


def _classify(lines: list[_Line], title: str | None) -> list[_Label]:
    """One label per line: obvious furniture first, then the structures that need context."""
    labels: list[_Label | None] = [_mark(line) if line.text else None for line in lines]
    _mark_lead_captions(lines, labels, title)
    _mark_comment_thread(lines, labels)
    _mark_link_lists(lines, labels)
    _mark_trailing_block(lines, labels)
    return _fill_blanks(labels)


def _mark(line: _Line) -> _Label:
    """What one line is on its own: a share bar, boilerplate, a credited caption, or body."""
    text = line.text
    if _only_words(text, _SHARE_WORDS, _SHARE_CONNECTORS, max_tokens=12):
        return ("share", "share bar")
    for reason, pattern in _BOILERPLATE.items():
        if pattern.search(text):
            return ("boilerplate", reason)
    if _LINK_HEADER.match(text):
        return ("boilerplate", "link to other stories")
    if any(c.isdigit() for c in text) and _only_words(text, _DATE_WORDS, frozenset(), 16):
        return ("boilerplate", "date stamp")
    if len(text) <= _CREDIT_CAPTION_MAX and not DATELINE.match(text) and _CAPTION.search(text):
        return ("caption", "photo credit")
    return _BODY


def _only_words(text: str, key: frozenset[str], allowed: frozenset[str], max_tokens: int) -> bool:
    """True when the line is made of `key` words, `allowed` words, numbers and punctuation."""
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    if not tokens or len(tokens) > max_tokens or not any(t in key for t in tokens):
        return False
    return all(t in key or t in allowed or t.isdigit() or not t.isalnum() for t in tokens)


def _is_action_bar(text: str) -> bool:
    """"Reply · Like · 3h", "12 likes  Report": a comment's action bar."""
    return len(text) <= _NAME_MAX and _only_words(
        _RELATIVE_TIME.sub(" ", text), _ACTION_WORDS, _SHARE_WORDS, max_tokens=12
    )


def _nonblank(lines: list[_Line]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.text]


def _mark_lead_captions(lines: list[_Line], labels: list[_Label | None], title: str | None) -> None:
    """Short lines above a wire dateline ("CITY (Reuters) —") are captions, not the lede.

    Only when every line above the dateline is short: a long line there is article text and the
    "dateline" is something else. A headline (the title, or a line in headline case) and a
    line that reads as reporting stay body.
    """
    lead = [i for i in _nonblank(lines) if labels[i] == _BODY][:_LEAD_LINES]
    for pos, i in enumerate(lead):
        if DATELINE.match(lines[i].text):
            break
        if len(lines[i].text) > _CAPTION_MAX:
            return
    else:
        return
    for i in lead[:pos]:
        text = lines[i].text
        if labels[i] == _BODY and not (
            _is_title(text, title) or _headline_case(text) or _REPORTING.search(text)
        ):
            labels[i] = ("caption", "short line above the dateline")


def _is_title(text: str, title: str | None) -> bool:
    return bool(title) and _squash(text) == _squash(title or "")


def _squash(text: str) -> str:
    return _NON_WORD.sub(" ", text).strip().lower()


def _headline_case(text: str) -> bool:
    """Most long words capitalised and no full stop: a headline, which a caption seldom is."""
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    capital = sum(w[0].isupper() for w in words)
    return len(words) >= 3 and capital >= 0.7 * len(words) and not _SENTENCE_END.search(text)


def _mark_comment_thread(lines: list[_Line], labels: list[_Label | None]) -> None:
    """From the first place that looks like a comment thread to the end, everything is comment.

    A thread needs two signs within a few lines (a strong header counts as two), and must come
    after some article text, so one stray line never swallows the article. Publisher boilerplate
    and share bars after the thread keep their own kind.
    """
    nonblank = _nonblank(lines)
    base = min((lines[i].indent for i in nonblank if len(lines[i].text) >= _BODY_MIN), default=0)
    signs = [_comment_sign(lines, nonblank, k, base) for k in range(len(nonblank))]
    sign_at = dict(zip(nonblank, signs))
    seen_body = False
    for k, i in enumerate(nonblank):
        sign = signs[k]
        if sign and seen_body:
            weight = sum(s[0] for s in signs[k : k + _THREAD_WINDOW] if s)
            if weight >= 2:
                first = _thread_head(lines, labels, nonblank, k) if sign[1] in _HEADLESS else i
                reason = f"comment thread ({sign[1]})"
                for j in nonblank:
                    furniture = labels[j] is not None and labels[j][0] in ("boilerplate", "share")
                    if j >= first and not (furniture and sign_at[j] is None):
                        labels[j] = ("comment", reason)
                return
        seen_body = seen_body or (
            not sign and labels[i] == _BODY and len(lines[i].text) >= _BODY_MIN
        )


def _comment_sign(
    lines: list[_Line], nonblank: list[int], k: int, base: int
) -> tuple[int, str] | None:
    """How strongly one line says "reader comment", and why. `base` is the article's own
    paragraph indent: a reply indented deeper than it under a name is a thread's structure."""
    line = lines[nonblank[k]]
    text = line.text
    if _EMBEDDED_POST.search(text):
        return None
    for weight, pattern in _COMMENT_HEADER.items():
        if pattern.match(text):
            return weight, "comment header"
    if _is_action_bar(text):
        return 1, "comment actions"
    if _TIMESTAMP.match(text):
        return 1, "comment timestamp"
    if _COMMENTER.match(text) or _REPLY_TO.match(text):
        return 1, "commenter line"
    following = lines[nonblank[k + 1]] if k + 1 < len(nonblank) else None
    if (
        following
        and following.indent > max(line.indent, base)
        and len(text) <= _NAME_MAX
        and (line.bulleted or _name_like(text))
    ):
        return 1, "name followed by an indented reply"
    return None


def _name_like(text: str) -> bool:
    """A commenter's name: one to four tokens and no sentence punctuation but an initial's."""
    return (
        len(text.split()) <= 4
        and len(text) <= _NAME_MAX
        and (not _SENTENCE_END.search(text) or bool(_INITIAL_END.search(text)))
    )


def _thread_head(
    lines: list[_Line], labels: list[_Label | None], nonblank: list[int], k: int
) -> int:
    """Where the first comment begins when its first sign is the action bar or timestamp under it:
    the nearest name-like line a few lines up, or the sign itself."""
    for j in reversed(nonblank[max(0, k - 3) : k]):
        if labels[j] != _BODY:
            break
        if _name_like(lines[j].text):
            return j
    return nonblank[k]


def _headline_like(line: _Line) -> bool:
    return len(line.text) <= _HEADLINE_MAX and not _SENTENCE_END.search(line.text)


def _mark_link_lists(lines: list[_Line], labels: list[_Label | None]) -> None:
    """Headline-like lines right under a bare "Related"/"Read more" header are links."""
    listing = False
    for i, line in enumerate(lines):
        if not line.text:
            continue
        header = _LINK_HEADER.match(line.text)
        if header and not header.group("rest"):
            listing = True
        elif listing and labels[i] == _BODY and _headline_like(line):
            labels[i] = ("boilerplate", "link to other stories")
        else:
            listing = False


def _mark_trailing_block(lines: list[_Line], labels: list[_Label | None]) -> None:
    """Short unmarked lines inside or after the closing block of furniture belong to it
    (a newsletter's name, a sign-off tagline); the block stops at the first sentence."""
    pending: list[int] = []
    for i in reversed(_nonblank(lines)):
        if labels[i] != _BODY:
            for j in pending:
                labels[j] = ("boilerplate", "in the closing boilerplate block")
            pending = []
        elif _headline_like(lines[i]):
            pending.append(i)
        else:
            return


def _fill_blanks(labels: list[_Label | None]) -> list[_Label]:
    """Blank lines join the segment above them (the first ones, the segment below)."""
    first = next((label for label in labels if label), _BODY)
    filled: list[_Label] = []
    for label in labels:
        filled.append(label or (filled[-1] if filled else first))
    return filled


def _segments(lines: list[_Line], labels: list[_Label]) -> list[Segment]:
    """Runs of lines of one kind become one segment; their distinct reasons are joined."""
    segments: list[Segment] = []
    reasons: list[str] = []
    for line, (kind, reason) in zip(lines, labels):
        if segments and segments[-1].kind == kind:
            segments[-1].end = line.end
        else:
            segments.append(Segment(start=line.start, end=line.end, kind=kind))
            reasons = []
        if reason and reason not in reasons:
            reasons.append(reason)
            segments[-1].reason = "; ".join(reasons)
    return segments


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _language(article: Article, body: str) -> tuple[str, str | None]:
    """The article's language and, when it is not wanted, why it is skipped.

    The article's own `language` field wins. Detection must be confident to skip an article;
    short texts need more confidence, since names of places and groups fool the detector.
    """
    settings = get_settings()
    wanted = settings.languages
    if article.language:
        given = _LANGUAGE_TAG.split(article.language.strip().lower())[0]
        if given in wanted:
            return given, None
        return given, f"not {_language_names(wanted)} (language {given!r} given)"
    detected, p = _identifier().classify(body)
    floor = settings.language_min_confidence
    if len(body) < _SHORT_TEXT:
        floor = max(floor, _SHORT_TEXT_CONFIDENCE)
    if detected in wanted:
        return detected, None
    if p < floor:
        return wanted[0], None
    return detected, f"not {_language_names(wanted)} (detected {detected!r}, p={p:.2f})"


def _language_names(codes: tuple[str, ...]) -> str:
    names = []
    for code in codes:
        found = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(alpha_3=code)
        names.append(found.name if found else code)
    return " or ".join(names)
