"""`eventcoder bench run`: `run` (extract, fuse, store) against extraction alone on the same articles.

Each repeat times the pipeline alone and `run` into a new database. The articles go in slices
(`slices`, default one): each slice is extracted alone and then run into the growing database, or
the other way round, alternating, so the load of a machine others share falls on both alike and
the last slice's figures show whether storing slows as the database grows. Figures are medians
over the repeats. The run records this process's resident memory after each tenth of the
articles (flat: the store streams, it holds no event list), and times a second `run` of the same
input into the same database (everything unchanged).

`articles` scales a corpus up to that many by cycling through it: copy k of an article gets the id
`<id>~k` and a line `[copy k]` after its text, so it is a new article (another content hash) whose
events are those of its original. Copies are near-duplicates: the store marks them syndicated and
fusion joins their events to the original's, a load like a wire story picked up by many outlets.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..bench.speed import read_corpus
from ..pipeline import WARM_UP, Pipeline
from ..schema import Article
from .query import EventQuery
from .run import Run
from .store import Store

MB = 1024 * 1024


def _rss_mb() -> float | None:
    """This process's resident memory now (Linux), or None where /proc is absent."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return None
    return round(pages * os.sysconf("SC_PAGE_SIZE") / MB, 1)


def scaled(articles: list[Article], start: int, stop: int) -> Iterator[Article]:
    """Articles `start` to `stop` of the corpus cycled without end: the first pass as given, then
    copy k of each (id `<id>~k`, `[copy k]` after the text)."""
    for i in range(start, stop):
        article = articles[i % len(articles)]
        copy = i // len(articles)
        if copy:
            article = article.model_copy(update={"id": f"{article.id}~{copy}", "text": f"{article.text}\n\n[copy {copy}]"})
        yield article


def _extract_seconds(articles: Iterable[Article]) -> float:
    started = time.perf_counter()
    for _ in Pipeline().run(articles):
        pass
    return time.perf_counter() - started


@dataclass
class _Pass:
    """One repeat: every slice extracted alone and run into one growing database."""

    extract_seconds: list[float] = field(default_factory=list)  # per slice
    run_seconds: list[float] = field(default_factory=list)
    memory: list[float | None] = field(default_factory=list)  # after each tenth of the articles
    job: Run | None = None


def _pass(articles: list[Article], bounds: list[tuple[int, int]], db: Path, repeat: int) -> _Pass:
    total = bounds[-1][1]
    tenth = max(1, total // 10)
    done = 0
    measured = _Pass()

    def on_article() -> None:
        nonlocal done
        done += 1
        if done % tenth == 0:
            measured.memory.append(_rss_mb())

    with Store(db) as store:
        measured.job = job = Run(store)
        for i, (start, stop) in enumerate(bounds):
            run_first = (repeat + i) % 2 == 1
            if not run_first:
                measured.extract_seconds.append(_extract_seconds(scaled(articles, start, stop)))
            started = time.perf_counter()
            job.feed(scaled(articles, start, stop), on_article=on_article)
            measured.run_seconds.append(time.perf_counter() - started)
            if run_first:
                measured.extract_seconds.append(_extract_seconds(scaled(articles, start, stop)))
    return measured


def _read(paths: list[Path], limit: int | None) -> tuple[list[Article], int]:
    """The corpus: the articles of every path in turn (none: bench speed's generated corpus)."""
    if not paths:
        return read_corpus(None, limit)
    articles: list[Article] = []
    unreadable = 0
    for path in paths:
        found, bad = read_corpus(path, None)
        articles += found
        unreadable += bad
    return (articles[:limit] if limit else articles), unreadable


def bench_run(
    paths: list[Path] | None = None,
    limit: int | None = None,
    repeat: int = 3,
    articles: int | None = None,
    slices: int = 1,
) -> dict[str, Any]:
    """The JSON summary `eventcoder bench run` prints."""
    corpus, unreadable = _read(paths or [], limit)
    if not corpus:
        raise ValueError("no readable article to time")
    total = articles or len(corpus)
    cuts = [round(total * k / slices) for k in range(slices + 1)]
    bounds = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    Pipeline().run_chunk([WARM_UP])  # load model and data here first, as each worker does when it starts
    load_before = os.getloadavg()
    passes: list[_Pass] = []
    with tempfile.TemporaryDirectory(prefix="eventcoder-run-") as tmp:
        for i in range(repeat):
            db = Path(tmp) / f"run{i}.db"
            passes.append(_pass(corpus, bounds, db, i))
        with Store(db) as store:
            rerun = Run(store)
            started = time.perf_counter()
            rerun.feed(scaled(corpus, 0, total))
            rerun_seconds = time.perf_counter() - started
            events = store.query_events(EventQuery(include_wrong=True), limit=1)[0]
        db_mb = round(sum(p.stat().st_size for p in Path(tmp).glob(f"{db.name}*")) / MB, 1)
    load_after = os.getloadavg()
    last = passes[-1]
    assert last.job is not None
    extract_runs = [sum(p.extract_seconds) for p in passes]
    run_runs = [sum(p.run_seconds) for p in passes]
    store_cpu = [p.job.store_cpu_seconds for p in passes if p.job]
    overheads = [r / e - 1 for r, e in zip(run_runs, extract_runs)]
    extract_seconds, run_seconds = statistics.median(extract_runs), statistics.median(run_runs)
    return {
        "corpus": [str(p) for p in paths] if paths else "generated from the annotated fixtures (bench speed's corpus)",
        "corpus_articles": len(corpus),
        "articles": total,  # more than corpus_articles: the corpus cycled, copies made distinct
        "unreadable_items": unreadable,
        "repeats": repeat,
        "slices": len(bounds),
        "load_average_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "extract_seconds": round(extract_seconds, 2),
        "run_seconds": round(run_seconds, 2),
        "extract_articles_per_second": round(total / extract_seconds, 2),
        "run_articles_per_second": round(total / run_seconds, 2),
        "run_overhead": round(statistics.median(overheads), 3),  # 0.05: run takes 5 % longer than extract
        "run_overhead_each_repeat": [round(o, 3) for o in overheads],
        # each slice (median over the repeats): is storing slower as the database grows?
        "each_slice": [
            {
                "articles": f"{start}-{stop}",
                "extract_seconds": round(statistics.median(p.extract_seconds[k] for p in passes), 2),
                "run_seconds": round(statistics.median(p.run_seconds[k] for p in passes), 2),
                "run_overhead": round(statistics.median(p.run_seconds[k] / p.extract_seconds[k] - 1 for p in passes), 3),
            }
            for k, (start, stop) in enumerate(bounds)
        ],
        # the store's own work, in CPU time (on a shared machine the wall-clock overhead also
        # counts the store waiting for the CPU behind the pipeline's workers and others)
        "store_cpu_seconds": round(statistics.median(store_cpu), 2),
        "store_cpu_ms_per_article": round(1000 * statistics.median(store_cpu) / total, 2),
        "extract_ms_per_article": round(1000 * extract_seconds / total, 1),
        "stored": {**asdict(last.job.totals), "skipped": last.job.skipped, "fused_events": events, "database_mb": db_mb},
        "rss_mb_after_each_tenth": last.memory,
        "rerun_seconds": round(rerun_seconds, 2),
        "rerun_unchanged": rerun.totals.unchanged,
    }


def near_copy_lookup(stored: int, lookups: int = 300, seed: int = 7) -> dict[str, Any]:
    """`eventcoder bench copies`: the store's near-copy lookup (`SAME_BANDS` over the probes of a
    new article's fingerprint) against a database of `stored` articles with random fingerprints:
    how many stored articles one lookup reads, and how long it takes. Random fingerprints are
    what unrelated articles look like to it (each bit a fair coin)."""
    import random

    from sqlalchemy import create_engine, insert

    from .. import syndication
    from . import tables
    from .store import SAME_BANDS

    rng = random.Random(seed)

    def signed() -> int:
        return rng.getrandbits(64) - (1 << 63)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "copies.db"
        Store(path).close()  # the store's own schema
        engine = create_engine(f"sqlite:///{path}")
        now = datetime.now(UTC)
        with engine.begin() as conn:
            for first in range(0, stored, 10_000):
                batch = [(f"a{i}", signed()) for i in range(first, min(first + 10_000, stored))]
                conn.execute(insert(tables.articles), [
                    {"doc_id": d, "content_hash": d, "text": "", "fingerprint": fp, "ingested_at": now} for d, fp in batch
                ])
                conn.execute(insert(tables.article_bands), [
                    {"band": key, "doc_id": d} for d, fp in batch for key in syndication.bands(fp)
                ])
        with engine.connect() as conn:
            read, start = 0, time.perf_counter()
            for _ in range(lookups):
                read += len(conn.execute(SAME_BANDS, {"bands": syndication.probes(signed())}).all())
            seconds = time.perf_counter() - start
        engine.dispose()
    return {
        "stored_articles": stored,
        "lookups": lookups,
        "articles_read_per_lookup": round(read / lookups, 1),
        "ms_per_lookup": round(seconds / lookups * 1000, 3),
        "bands": syndication.BANDS,
        "probes_per_lookup": len(syndication.probes(0)),
    }
