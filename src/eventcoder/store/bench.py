"""`eventcoder bench run`: `run` (extract, fuse, store) against extraction alone on the same articles.

Each repeat times the pipeline alone and then `run` into a new database, in alternating order so a
machine others share penalises neither; figures are medians. The run also records this process's
resident memory after each tenth of the articles (flat: the store streams, it holds no event list),
and times a second `run` of the same input into the same database (everything unchanged).
"""

from __future__ import annotations

import os
import statistics
from dataclasses import asdict
import tempfile
import time
from pathlib import Path
from typing import Any

from ..bench.speed import read_corpus
from ..pipeline import Pipeline
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


def _extract_seconds(articles: list[Article]) -> float:
    started = time.perf_counter()
    for _ in Pipeline().run(articles):
        pass
    return time.perf_counter() - started


def _run(articles: list[Article], db: Path) -> tuple[float, Run, list[float | None]]:
    """Seconds for a `run` into `db`, the finished Run, and memory after each tenth of the articles."""
    tenth = max(1, len(articles) // 10)
    memory: list[float | None] = []
    done = 0

    def on_article() -> None:
        nonlocal done
        done += 1
        if done % tenth == 0:
            memory.append(_rss_mb())

    with Store(db) as store:
        job = Run(store)
        started = time.perf_counter()
        job.feed(articles, on_article=on_article)
        return time.perf_counter() - started, job, memory


def bench_run(path: Path | None = None, limit: int | None = None, repeat: int = 3) -> dict[str, Any]:
    """The JSON summary `eventcoder bench run` prints."""
    articles, unreadable = read_corpus(path, limit)
    extract_runs: list[float] = []
    run_runs: list[float] = []
    store_cpu: list[float] = []
    with tempfile.TemporaryDirectory(prefix="eventcoder-run-") as tmp:
        for i in range(repeat):
            db = Path(tmp) / f"run{i}.db"
            if i % 2:
                seconds, job, memory = _run(articles, db)
                extract_runs.append(_extract_seconds(articles))
            else:
                extract_runs.append(_extract_seconds(articles))
                seconds, job, memory = _run(articles, db)
            run_runs.append(seconds)
            store_cpu.append(job.store_cpu_seconds)
        rerun_seconds, rerun, _ = _run(articles, db)
        with Store(db) as store:
            events = store.query_events(EventQuery(include_wrong=True), limit=1)[0]
        db_mb = round(sum(p.stat().st_size for p in Path(tmp).glob(f"{db.name}*")) / MB, 1)
    overheads = [r / e - 1 for r, e in zip(run_runs, extract_runs)]
    return {
        "corpus": str(path) if path else "generated from the annotated fixtures (bench speed's corpus)",
        "articles": len(articles),
        "unreadable_items": unreadable,
        "repeats": repeat,
        "extract_seconds": round(statistics.median(extract_runs), 2),
        "run_seconds": round(statistics.median(run_runs), 2),
        "run_overhead": round(statistics.median(overheads), 3),  # 0.05: run takes 5 % longer than extract
        "run_overhead_each_repeat": [round(o, 3) for o in overheads],
        # the store's own work, in CPU time (on a shared machine the wall-clock overhead also
        # counts the store waiting for the CPU behind the pipeline's workers and others)
        "store_cpu_seconds": round(statistics.median(store_cpu), 2),
        "store_cpu_ms_per_article": round(1000 * statistics.median(store_cpu) / max(len(articles), 1), 2),
        "extract_ms_per_article": round(1000 * statistics.median(extract_runs) / max(len(articles), 1), 1),
        "stored": {**asdict(job.totals), "skipped": job.skipped, "fused_events": events, "database_mb": db_mb},
        "rss_mb_after_each_tenth": memory,
        "rerun_seconds": round(rerun_seconds, 2),
        "rerun_unchanged": rerun.totals.unchanged,
    }
