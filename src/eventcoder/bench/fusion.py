"""Fusion benchmarks: does one real incident end as one fused event, and are its fields right?

Two data sets, one scorer:
- the Gun Violence Corpus (../shared/data/gvc: news articles about US shooting incidents, each
  article labelled with its incident and the incident's date, killed and injured);
- the team's own near-miss set (tests/fixtures/fusion: short reports of the same incidents by
  several outlets, plus look-alikes that are other incidents: same town days apart, same day in
  another town).

A document's cluster is the fused event of its main event: the first violent event the article
reports as news (not background), else its first violent event (a follow-up on charges is about
the shooting it recalls), else its first news event, else its first event.
An article with no event is a cluster of its own. Scores: B-cubed precision/recall/F1 and
pairwise precision/recall over documents; per gold incident, the fused event most of its
documents land in is compared with the incident's date, killed, injured, state and town.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

from .. import fill, fuse, syndication
from ..pipeline import ArticleEvents, extract_articles
from ..schema import Article, Event, ItemError


@dataclass
class GoldDoc:
    """One article of a benchmark, with the incident it reports."""

    article: Article
    incident: str
    split: str | None = None
    date: date | None = None
    killed: int | None = None
    injured: int | None = None
    state: str | None = None  # first-level area (a US state)
    city: str | None = None  # town, or county when the archive names no town


def load_gvc(path: str | Path, split: str | None = None) -> list[GoldDoc]:
    """The GVC articles (optionally one split: train, dev, test) with their incidents' fields."""
    docs = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if split and row.get("split_bugert2021") != split:
                continue
            incident = row["incident"]
            article = Article(id=row["doc_id"], text=row["text"], title=row.get("title"),
                              published=date.fromisoformat(row["dct"]) if row.get("dct") else None, url=row.get("url"))
            docs.append(GoldDoc(article=article, incident=str(row["gvc_incident_id"]), split=row.get("split_bugert2021"),
                                date=date.fromisoformat(incident["date_iso"]), killed=incident.get("num_killed"),
                                injured=incident.get("num_injured"), state=incident.get("state"),
                                city=incident.get("city_or_county")))
    return docs


def load_fixture(folder: str | Path) -> list[GoldDoc]:
    """The near-miss set: articles.jsonl (id, text, published, ...) and gold.json
    ({"incidents": {doc_id: incident}})."""
    folder = Path(folder)
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["incidents"]
    docs = []
    for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            article = Article.model_validate(json.loads(line))
            docs.append(GoldDoc(article=article, incident=gold[article.id]))
    return docs


def read_events(path: str | Path) -> dict[str, list[Event]]:
    """Events from `eventcoder extract -o` output, by article: reuse one extraction while tuning."""
    by_doc: dict[str, list[Event]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            event = Event.model_validate_json(line)
            by_doc.setdefault(event.doc_ids[0], []).append(event)
    return by_doc


def extracted(docs: list[GoldDoc], cached: dict[str, list[Event]] | None = None) -> Iterator[ArticleEvents]:
    """Each article with its events: from the cache when given, else from the pipeline."""
    if cached is not None:
        for doc in docs:
            yield ArticleEvents(article=doc.article, events=cached.get(doc.article.id, []))
        return
    for result in extract_articles(doc.article for doc in docs):
        if isinstance(result, ItemError):
            raise ValueError(result.line())
        yield result


def main_event(events: list[Event]) -> Event | None:
    """The event an article is about (see the module docstring)."""
    news = [e for e in events if not e.background]
    return fill.lead(events) or next(iter(news + events), None)


def fuse_in_memory(results: Iterable[ArticleEvents]) -> dict[str, Event]:
    """Fuse with fuse.cluster; returns each article's main mention's fused event."""
    index = syndication.Index()
    mentions, mains = [], {}
    for result in results:
        article = result.article
        original = index.original(article.id, syndication.fingerprint(article.text))
        for event in result.events:
            mentions.append(fuse.Mention(event=event, doc_id=article.id, published=article.published, original_doc_id=original))
        main = main_event(result.events)
        if main is not None:
            mains[article.id] = id(main)
    fused_of = {id(m.event): event for event, members in fuse.cluster_members(mentions) for m in members}
    return {doc_id: fused_of[key] for doc_id, key in mains.items()}


def fuse_in_store(results: Iterable[ArticleEvents]) -> dict[str, Event]:
    """Fuse through the real store (a temporary SQLite file), as `eventcoder run` does."""
    from ..store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        mains = {}
        for result in results:
            store.ingest(result)
            main = main_event(result.events)
            if main is not None:
                mains[result.article.id] = main.id
        fused_of = {}
        for event in store.iter_events(_all_events()):
            for source in store.event_sources(event.id):
                fused_of[(source.article.doc_id, source.mention.id)] = event
        store.close()
    return {doc_id: fused_of[(doc_id, mention_id)] for doc_id, mention_id in mains.items() if (doc_id, mention_id) in fused_of}


def _all_events():
    from ..store import EventQuery

    return EventQuery(include_wrong=True)


def score(docs: list[GoldDoc], fused: dict[str, Event]) -> dict:
    """Clustering and per-incident field scores (see the module docstring)."""
    system = {d.article.id: fused[d.article.id].id if d.article.id in fused else f"alone:{d.article.id}" for d in docs}
    gold = {d.article.id: d.incident for d in docs}
    summary: dict = {"documents": len(docs), "incidents": len(set(gold.values())), "events": len(set(system.values()))}
    summary.update(bcubed(system, gold))
    summary.update(pairwise(system, gold))
    with_fields = [d for d in docs if d.date is not None]
    if with_fields:
        summary.update(incident_fields(with_fields, fused))
    return summary


def bcubed(system: dict[str, str], gold: dict[str, str]) -> dict:
    """B-cubed precision, recall and F1 of a document clustering (Bagga & Baldwin 1998)."""
    by_system, by_gold = Counter(system.values()), Counter(gold.values())
    both = Counter((system[d], gold[d]) for d in gold)
    precision = sum(both[(system[d], gold[d])] / by_system[system[d]] for d in gold) / len(gold)
    recall = sum(both[(system[d], gold[d])] / by_gold[gold[d]] for d in gold) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"bcubed_precision": round(precision, 3), "bcubed_recall": round(recall, 3), "bcubed_f1": round(f1, 3)}


def pairwise(system: dict[str, str], gold: dict[str, str]) -> dict:
    """Precision and recall of the "same incident" decision over all pairs of documents."""
    together = right = should = 0
    for a, b in combinations(sorted(gold), 2):
        same_system, same_gold = system[a] == system[b], gold[a] == gold[b]
        together += same_system
        should += same_gold
        right += same_system and same_gold
    return {
        "pairwise_precision": round(right / together, 3) if together else 1.0,
        "pairwise_recall": round(right / should, 3) if should else 1.0,
    }


def incident_fields(docs: list[GoldDoc], fused: dict[str, Event]) -> dict:
    """Per gold incident: its fused event (the one most of its documents land in) has the right
    day, killed and injured (a missing figure counts as 0), state (admin1) and town (the place's
    name is the incident's town or county, "X County" or "X")."""
    incidents: dict[str, list[GoldDoc]] = {}
    for doc in docs:
        incidents.setdefault(doc.incident, []).append(doc)
    right = Counter()
    wrong: list[dict] = []
    for incident, members in incidents.items():
        landed = Counter(fused[d.article.id].id for d in members if d.article.id in fused)
        gold = members[0]
        if not landed:
            wrong.append({"incident": incident, "missing": True})
            continue
        event_id = landed.most_common(1)[0][0]
        event = next(fused[d.article.id] for d in members if d.article.id in fused and fused[d.article.id].id == event_id)
        place = event.location
        got = {
            "date": event.date.start if event.date.precision == "day" else None,
            "killed": event.fatalities.best or 0 if event.fatalities else 0,
            "injured": event.injured.best or 0 if event.injured else 0,
            "state": place.admin1 if place else None,
            "town": _town(place.name if place else None, gold.city),
        }
        expected = {"date": gold.date, "killed": gold.killed, "injured": gold.injured, "state": gold.state, "town": gold.city}
        misses = {k: [str(got[k]), str(expected[k])] for k in got if got[k] != expected[k]}
        for k in got:
            right[k] += k not in misses
        if misses:
            wrong.append({"incident": incident, **misses})
    n = len(incidents)
    return {
        "date_right": round(right["date"] / n, 3),
        "killed_right": round(right["killed"] / n, 3),
        "injured_right": round(right["injured"] / n, 3),
        "state_right": round(right["state"] / n, 3),
        "town_right": round(right["town"] / n, 3),
        "field_errors": wrong,
    }


def _town(name: str | None, gold: str | None) -> str | None:
    """The gold town when the place names it, else the name. The archive writes "Chicago
    (Englewood)", "Marion (county)", "Saint Louis": either name in it counts, spelt loosely."""
    if name and gold:
        inside = re.fullmatch(r"(.*?)\s*\((.*)\)", gold)
        names = {inside[1], inside[2]} if inside else {gold}
        if _town_key(name) in {_town_key(n) for n in names}:
            return gold
    return name


def _town_key(name: str) -> str:
    key = re.sub(r"^the\s+|\s+(?:county|city)$", "", name.lower().strip())
    return re.sub(r"^st\.?\s+", "saint ", key)
