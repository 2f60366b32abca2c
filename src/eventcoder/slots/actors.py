"""The actor knowledge base and the finder of actor mentions in text.

Named actors come from the shipped `data/actors.yaml` plus a user's own file; state forces,
civilians, rioters, protesters and unidentified armed groups are generated for every pycountry
country from the templates in that file, so "Libyan troops", "Egyptian Christians" or "gunmen"
(with the article's country as a hint) all get an ACLED-style name.

Matching works on normalised tokens (case, diacritics, hyphens, apostrophes, "U.S." = "US",
"el-" = "al-") in token tries, so one pass over a sentence is linear in its length. An alias word
written with capitals after its first letter ("IS", "US", "LeT") is an acronym and must keep its
case in the text, so "It is" and "us" never match.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import pycountry
import yaml

from ..resources import data_yaml
from ..settings import get_settings

KINDS = ("armed_group", "state_forces", "police", "international", "civilians", "protesters",
         "rioters", "unidentified")
STATE_KINDS = ("state_forces", "police")
# Kinds that take the words of `heads` into their mention ("LNA forces", "Libyan army soldiers").
ARMED_KINDS = ("armed_group", "state_forces", "police", "international", "unidentified")
# A named actor right after these is the opposite of a mention: "anti-IS coalition", "counter-ISIS".
NEGATING = frozenset({"anti", "counter"})
EXTERNAL_FORCES = 8


@dataclass(frozen=True)
class ActorEntry:
    """One actor of the knowledge base, under its canonical ACLED-style name."""

    name: str
    actor_type: int  # ACLED inter code 1-8
    aliases: tuple[str, ...] = ()
    kind: str = "armed_group"
    country: str | None = None  # ISO alpha-2 of the actor's home country
    parent: str | None = None  # e.g. a province of the Islamic State -> "Islamic State"
    group: str | None = None  # for civilians: "Coptic Christians", "journalists", ...
    source: str | None = None

    def actor_type_in(self, event_country: str | None) -> int:
        """The inter code in an event: ACLED codes a state's forces abroad as external forces (8)."""
        if (self.kind in STATE_KINDS and self.country and event_country
                and event_country.upper() != self.country):
            return EXTERNAL_FORCES
        return self.actor_type


@dataclass(frozen=True)
class ActorMention:
    entry: ActorEntry
    start: int
    end: int
    text: str


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Token:
    norm: str
    start: int
    end: int
    letters: str  # the letters as written, for acronym case checks
    shout: bool  # on a line written without lower-case letters (a headline in capitals)
    joined: bool  # only spaces, hyphens or a possessive since the previous token


# An abbreviation ("U.S.", "U.N") is one token; otherwise words with inner apostrophes ("Da'esh").
_TOKEN = re.compile(r"[^\W\d_](?:\.[^\W\d_])+\.?|\w+(?:['’ʼ`]\w+)*")
_POSSESSIVE = re.compile(r"['’ʼ`]s$", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")
_LINE = re.compile(r"[^\n]*\n?")
# What may stand between two words of one name: "Islamic State", "IS-Libya", "Haftar's forces";
# not a comma or a bracket ("Islamic State (IS) group" is "IS" alone, then "group"), nor a dash
# with spaces around it, which separates ("TOWN, Nigeria - Gunmen attacked": the dateline ends).
_JOIN = re.compile(r"(?:['’ʼ`]s?)?(?:\s+|[-‐–/])?")
_ARTICLE = {"el": "al"}


def _fold(text: str) -> str:
    """Lower case without diacritics, so "Medellín" and "Medellin" are one word."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    prev_end = 0
    for line in _LINE.finditer(text):
        shout = not any(c.islower() for c in line.group())
        for m in _TOKEN.finditer(line.group()):
            word = _POSSESSIVE.sub("", m.group())
            norm = _NOT_WORD.sub("", _fold(word))
            if not norm:
                continue
            start = line.start() + m.start()
            letters = "".join(c for c in word if c.isalpha())
            joined = _JOIN.fullmatch(text, prev_end, start) is not None
            prev_end = start + len(word)
            out.append(_Token(_ARTICLE.get(norm, norm), start, prev_end, letters, shout, joined))
    return out


def _is_acronym(letters: str) -> bool:
    return any(c.isupper() for c in letters[1:]) or (len(letters) == 1 and letters.isupper())


def _case_ok(alias_letters: str, token: _Token) -> bool:
    """Whether a token may stand for an alias word: acronyms keep their case in the text."""
    if not _is_acronym(alias_letters):
        return True
    written = token.letters
    if alias_letters.isupper():
        if len(alias_letters) <= 3:
            return written.isupper() and not token.shout
        return not written.islower()
    return written == alias_letters or (len(written) > 3 and written.isupper())


def _key(alias: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An alias as normalised words, and its words' letters as written (for the case check)."""
    toks = _tokens(alias)
    return tuple(t.norm for t in toks), tuple(t.letters for t in toks)


V = TypeVar("V")


@dataclass
class _Trie(Generic[V]):
    """Token sequences -> values; `match` gives the longest one starting at a token."""

    root: dict = field(default_factory=dict)

    def add(self, alias: str, value: V) -> None:
        words, letters = _key(alias)
        if not words:
            return
        variants = [(words, letters)]
        if words[0] == "al" and len(words) > 1 and len(words[1]) >= 4:
            variants.append((words[1:], letters[1:]))  # "al-Qaeda" is also written "Qaeda"
        for ws, ls in variants:
            node = self.root
            for w in ws:
                node = node.setdefault(w, {})
            # A later value for the same words wins, so a user's file overrides the shipped one.
            node[None] = [(l, v) for l, v in node.get(None, []) if l != ls] + [(ls, value)]

    def match(self, tokens: list[_Token], i: int,
              accept: Callable[[V], bool] = lambda v: True) -> tuple[int, V] | None:
        node, ends = self.root, []
        for j in range(i, len(tokens)):
            if j > i and not tokens[j].joined:
                break
            node = node.get(tokens[j].norm)
            if node is None:
                break
            if None in node:
                ends.append((j + 1, node[None]))
        for end, candidates in reversed(ends):
            for letters, value in reversed(candidates):
                if accept(value) and all(_case_ok(l, t) for l, t in zip(letters, tokens[i:end])):
                    return end, value
        return None


# ---------------------------------------------------------------- entries and templates


@dataclass(frozen=True)
class _Template:
    """An unnamed kind of actor, named after a country: "Military Forces of {the_country}"."""

    kind: str
    actor_type: int
    name: str
    unknown: str
    source: str


@dataclass(frozen=True)
class _Trigger:
    template: _Template
    group: str | None = None
    country: str | None = None  # a group's own country, e.g. Coptic Christians -> EG
    qualified_only: bool = False  # "forces" names an actor only after "Libyan", "US", ...


@dataclass(frozen=True)
class _Country:
    code: str
    name: str  # ACLED spelling: "Libya", "Democratic Republic of Congo"
    the_name: str  # with the article where English uses one: "the United States"


def _fail(where: str, reason: str) -> ValueError:
    return ValueError(f"{where}: {reason}")


def _entry(raw: Mapping[str, Any], where: str) -> ActorEntry:
    """Validate one actor record (shipped YAML, user YAML or user CSV row)."""
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(where, "missing name")
    try:
        actor_type = int(str(raw.get("actor_type")).strip())
    except ValueError:
        raise _fail(where, f"actor_type {raw.get('actor_type')!r} is not a number 1-8") from None
    if not 1 <= actor_type <= 8:
        raise _fail(where, f"actor_type {actor_type} is not an ACLED inter code 1-8")
    aliases = raw.get("aliases") or []
    if isinstance(aliases, str):
        aliases = aliases.split("|")
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise _fail(where, "aliases must be a list of strings")
    kind = raw.get("kind") or ("state_forces" if actor_type == 1 else "armed_group")
    if kind not in KINDS:
        raise _fail(where, f"kind {kind!r} is not one of {', '.join(KINDS)}")
    country = raw.get("country") or None
    if country is not None and pycountry.countries.get(alpha_2=str(country).upper()) is None:
        raise _fail(where, f"country {country!r} is not an ISO 3166 alpha-2 code")
    return ActorEntry(
        name=name.strip(),
        actor_type=actor_type,
        aliases=tuple(a.strip() for a in aliases if a.strip()),
        kind=kind,
        country=str(country).upper() if country else None,
        parent=raw.get("parent") or None,
        source=raw.get("source") or None,
    )


def _read_user_file(path: Path) -> list[ActorEntry]:
    """A user's actors: CSV (name,actor_type,aliases with `|` between aliases) or YAML `groups:`."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = {"name", "actor_type", "aliases"} - set(reader.fieldnames or ())
            if missing:
                raise _fail(str(path), f"missing column(s) {', '.join(sorted(missing))}")
            return [_entry(row, f"{path}: row {reader.line_num}") for row in reader]
    if suffix in (".yaml", ".yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        groups = data.get("groups") if isinstance(data, dict) else None
        if not isinstance(groups, list):
            raise _fail(str(path), "expected a `groups:` list of actors")
        return [_entry(g if isinstance(g, dict) else {}, f"{path}: row {n}")
                for n, g in enumerate(groups, 1)]
    raise _fail(str(path), "an actors file must be .csv, .yaml or .yml")


def _countries(overrides: Mapping[str, Mapping[str, Any]]) -> dict[str, _Country]:
    out = {}
    for c in pycountry.countries:
        spec = overrides.get(c.alpha_2, {})
        name = spec.get("name") or getattr(c, "common_name", None) or c.name
        out[c.alpha_2] = _Country(c.alpha_2, name, f"the {name}" if spec.get("the") else name)
    return out


def _country_words(code: str, country: _Country, spec: Mapping[str, Any]) -> Iterable[str]:
    """Every word that names a country before a generic noun: "Libyan", "Libya('s)", "U.S."."""
    c = pycountry.countries.get(alpha_2=code)
    names = {c.name, getattr(c, "common_name", None), getattr(c, "official_name", None), country.name}
    return [n for n in names if n] + list(spec.get("demonyms") or []) + list(spec.get("aliases") or [])


# ---------------------------------------------------------------- the knowledge base


class ActorKB:
    """Named and generated actors, and the tries that find them in text."""

    def __init__(self, entries: Iterable[ActorEntry], data: Mapping[str, Any]) -> None:
        specs: Mapping[str, Mapping[str, Any]] = data.get("countries") or {}
        self._countries = _countries(specs)
        self._entries: dict[str, ActorEntry] = {}
        self._named: _Trie[ActorEntry] = _Trie()
        self._qualifiers: _Trie[str] = _Trie()
        self._generic: _Trie[_Trigger] = _Trie()
        self._heads: _Trie[bool] = _Trie()
        self._resolved: dict[tuple[_Template, str | None, str | None], ActorEntry] = {}
        self._templates: dict[str, _Template] = {}
        self._bare: set[str] = set()

        for spec in data.get("generic") or []:
            self._add_template(spec)
        for code, country in self._countries.items():
            spec = specs.get(code, {})
            for word in _country_words(code, country, spec):
                self._qualifiers.add(word, code)
            for template in self._templates.values():
                self._add(self._generate(template, country))
            for kind in STATE_KINDS:
                aliases = tuple(spec.get("military" if kind == "state_forces" else "police") or ())
                if aliases:
                    base = self._generate(self._templates[kind], country)
                    self._add(replace(base, aliases=aliases, source=spec.get("source") or base.source))
        for entry in entries:  # named actors last, so a user's entry replaces a shipped or generated one
            self._add(entry)
        for head in data.get("heads") or []:
            self._heads.add(head, True)

    def _add_template(self, spec: Mapping[str, Any]) -> None:
        template = _Template(spec["kind"], int(spec["actor_type"]), spec["name"], spec["unknown"],
                             spec["source"])
        self._templates[template.kind] = template
        for word in [*(spec.get("triggers") or []), *(spec.get("bare") or [])]:
            self._generic.add(word, _Trigger(template))
        self._bare.update(" ".join(_fold(word).split()) for word in spec.get("bare") or [])
        for word in spec.get("qualified") or []:
            self._generic.add(word, _Trigger(template, qualified_only=True))
        for group in spec.get("groups") or []:
            trigger = _Trigger(template, group=group["group"], country=group.get("country"))
            for word in group["aliases"]:
                self._generic.add(word, trigger)

    def is_bare(self, text: str) -> bool:
        """Whether a mention is a bare noun for people ("five people", "a woman"): a victim that
        tells nothing of the sides."""
        return " ".join(_fold(text).split()) in self._bare

    def _add(self, entry: ActorEntry) -> None:
        """Add an actor; one with a known name overrides the fields it sets and keeps the
        known aliases, which then lead to the new entry."""
        old = self._entries.get(entry.name)
        if old is not None:
            changes = {k: v for k, v in vars(entry).items() if v is not None}
            changes["aliases"] = tuple(dict.fromkeys(entry.aliases + old.aliases))
            entry = replace(old, **changes)
        self._entries[entry.name] = entry
        for alias in (entry.name, *entry.aliases):
            self._named.add(alias, entry)

    @staticmethod
    def _generate(template: _Template, country: _Country) -> ActorEntry:
        name = template.name.format(country=country.name, the_country=country.the_name)
        return ActorEntry(name, template.actor_type, kind=template.kind, country=country.code,
                          source=template.source)

    @classmethod
    def load(cls, extra: Path | None = None) -> ActorKB:
        """The shipped actors plus, when given, a user's CSV or YAML file of their own."""
        data = data_yaml("actors.yaml")
        entries = [_entry(g, f"actors.yaml: group {g.get('name')!r}") for g in data["groups"]]
        if extra is not None:
            entries += _read_user_file(Path(extra))
        return cls(entries, data)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self._entries.values())

    def get(self, name: str) -> ActorEntry | None:
        return self._entries.get(name)

    def resolve(self, kind: str, country: str | None = None, group: str | None = None) -> ActorEntry:
        """The generated actor of a kind ("state_forces", "civilians", ...) for a country, or the
        country-less one ("Unidentified Armed Group") when the country is not known."""
        return self._resolve(_Trigger(self._templates[kind], group=group), country)

    def _resolve(self, trigger: _Trigger, country: str | None) -> ActorEntry:
        template = trigger.template
        country = country.upper() if country else None
        key = (template, country, trigger.group)
        if key not in self._resolved:
            known = self._countries.get(country or "")
            if known is None:
                base = ActorEntry(template.unknown, template.actor_type, kind=template.kind,
                                  source=template.source)
            else:
                base = self._entries[template.name.format(country=known.name,
                                                          the_country=known.the_name)]
            self._resolved[key] = replace(base, group=trigger.group) if trigger.group else base
        return self._resolved[key]

    def find(self, text: str, offset: int = 0, country: str | None = None) -> list[ActorMention]:
        """Actor mentions in `text`, longest first, left to right, never overlapping.

        `country` (ISO alpha-2, e.g. the article's country) names the country of generic words
        such as "troops", "police" or "gunmen"; a demonym in the text ("Nigerian troops") wins.
        Offsets are those of `text` plus `offset`.
        """
        tokens = _tokens(text)
        out: list[ActorMention] = []
        i = 0
        while i < len(tokens):
            found = None if self._negated(tokens, i) else self._match_at(tokens, i, country)
            if found is None:
                i += 1
                continue
            end, entry = found
            if entry.kind in ARMED_KINDS and end < len(tokens) and tokens[end].joined:
                head = self._heads.match(tokens, end)
                end = head[0] if head else end
            start, stop = tokens[i].start, tokens[end - 1].end
            out.append(ActorMention(entry, start + offset, stop + offset, text[start:stop]))
            i = end
        return out

    @staticmethod
    def _negated(tokens: list[_Token], i: int) -> bool:
        """Whether token i follows "anti-"/"counter-": "anti-IS coalition" is not about IS."""
        return i > 0 and tokens[i - 1].norm in NEGATING and tokens[i].start - tokens[i - 1].end <= 1

    def _match_at(self, tokens: list[_Token], i: int,
                  country: str | None) -> tuple[int, ActorEntry] | None:
        """The longest actor starting at token i; on equal length a named actor beats a
        country-qualified generic one, which beats a bare generic word."""
        best: tuple[int, ActorEntry] | None = self._named.match(tokens, i)
        qualifier = self._qualifiers.match(tokens, i)
        if qualifier is not None and qualifier[0] < len(tokens) and tokens[qualifier[0]].joined:
            generic = self._generic.match(tokens, qualifier[0])
            if generic is not None and (best is None or generic[0] > best[0]):
                best = (generic[0], self._resolve(generic[1], qualifier[1]))
        bare = self._generic.match(tokens, i, lambda t: not t.qualified_only)
        if bare is not None and (best is None or bare[0] > best[0]):
            best = (bare[0], self._resolve(bare[1], bare[1].country or country))
        return best


@cache
def get_kb() -> ActorKB:
    """The knowledge base, built once per process, with the user's `actors_file` when set."""
    return ActorKB.load(get_settings().actors_file)
