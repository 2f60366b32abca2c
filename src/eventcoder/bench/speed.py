"""`eventcoder bench speed`: the whole pipeline against bare spaCy NER over the same texts.

Every repeat times bare NER (tokenizer + the NER components of the configured model, one process,
after loading) and then the full pipeline (reading the file, cleaning, the prefilter, parsing,
detection, NER, geocoding and slot filling; after loading, but the start-up of worker processes,
with their own loading, included) back to back, so their ratio
compares like with like on a machine others share; figures are medians over repeats. Corpus sizes
for `scales` are slices of the corpus (with 1,4,16: a sixteenth, a quarter and all of it), so the
largest is the corpus itself and time per word shows whether time grows linearly.

The same run measures what the prefilter costs: the events of the pipeline without it (NER on every
article, every article coded) against those with it.
"""

from __future__ import annotations

import json
import multiprocessing
import statistics
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .. import nlp
from ..ingest import read_inputs
from ..pipeline import WARM_UP, ArticleEvents, Pipeline, RunStats
from ..schema import Article, Event, ItemError

try:
    import resource
except ImportError:  # not on Windows: peak memory is then not reported
    resource = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[3]
FIXTURE_ARTICLES = ROOT / "tests" / "fixtures" / "annotated" / "articles.jsonl"
GENERATED_ROUNDS = 8  # the generated corpus: each fixture article joined with 8 different others
MB = 1024


def generated_corpus(source: Path = FIXTURE_ARTICLES, rounds: int = GENERATED_ROUNDS) -> list[Article]:
    """Distinct two-story articles made from the project's own annotated fixtures."""
    articles = [a for a in read_inputs([str(source)]) if isinstance(a, Article)]
    if not articles:
        raise FileNotFoundError(f"no articles in {source}: give a corpus PATH")
    out = []
    for round_ in range(1, rounds + 1):
        for i, first in enumerate(articles):
            second = articles[(i + round_) % len(articles)]
            out.append(Article(id=f"generated-{round_}-{i}", title=first.title, published=first.published,
                               text=f"{first.text}\n\n{second.text}"))
    return out


def read_corpus(path: Path | None, limit: int | None) -> tuple[list[Article], int]:
    """The articles to time (at most `limit`) and how many input items were unreadable."""
    if path is None:
        articles, bad = generated_corpus(), 0
    else:
        items = list(read_inputs([str(path)]))
        articles = [a for a in items if isinstance(a, Article)]
        bad = len(items) - len(articles)
    return articles[:limit] if limit else articles, bad


def words(articles: Iterable[Article]) -> int:
    return sum(len(a.text.split()) for a in articles)


def bench_speed(path: Path | None = None, limit: int | None = None, repeat: int = 3,
                scales: tuple[int, ...] = (1, 4, 16)) -> dict[str, Any]:
    """Time the pipeline and bare NER; the JSON summary `eventcoder bench speed` prints."""
    articles, unreadable = read_corpus(path, limit)
    top = max(scales)
    with tempfile.TemporaryDirectory(prefix="eventcoder-speed-") as tmp:
        files = {}
        for scale in sorted(set(scales)):
            subset = articles[: max(1, round(len(articles) * scale / top))]
            files[scale] = (_write_jsonl(Path(tmp) / f"x{scale}.jsonl", subset), len(subset), words(subset))
        texts = [a.text for a in articles]
        Pipeline().run_chunk([WARM_UP])  # load model and data here first, as each worker does when it starts
        bare_runs, scale_runs = [], {scale: [] for scale in files}
        last: tuple[float, list[ArticleEvents | ItemError], RunStats] | None = None
        for _ in range(repeat):
            bare_runs.append(_bare_ner_in_a_process(texts))
            for scale, (file, _, _) in files.items():
                last = _timed_run(Pipeline(), file)
                scale_runs[scale].append(last[0])
        assert last is not None
        _, filtered, stats = last
        unfiltered_seconds, unfiltered, _ = _timed_run(Pipeline(prefilter=None, parser=nlp.parse), files[top][0])

    seconds = statistics.median(scale_runs[top])
    bare_seconds = statistics.median(s for s, _, _ in bare_runs)
    n_words = words(articles)
    ratios = [bare / pipe for (bare, _, _), pipe in zip(bare_runs, scale_runs[top])]
    return {
        "corpus": str(path) if path else f"generated from {FIXTURE_ARTICLES.relative_to(ROOT)}",
        "articles": len(articles),
        "words": n_words,
        "unreadable_items": unreadable,
        "repeats": repeat,
        "pipeline_seconds": round(seconds, 2),
        "articles_per_second": round(len(articles) / seconds, 1),
        "words_per_second": round(n_words / seconds),
        "bare_ner_seconds": round(bare_seconds, 2),
        "bare_ner_words_per_second": round(n_words / bare_seconds),
        "speed_vs_bare_ner": round(statistics.median(ratios), 2),  # >= 1.0: the pipeline is as fast
        "speed_vs_bare_ner_each_repeat": [round(r, 2) for r in ratios],
        "cpu_seconds": {"pipeline": round(stats.cpu_seconds, 2), "bare_ner": round(bare_runs[-1][1], 2),
                        "pipeline_over_bare_ner": round(stats.cpu_seconds / bare_runs[-1][1], 2)},
        "peak_rss_mb": _peak_memory(stats, bare_runs),
        "stage_seconds": {stage: round(s, 2) for stage, s in stats.seconds.most_common()},
        "scales": [
            {"scale": scale, "articles": n, "words": w, "seconds": round(statistics.median(scale_runs[scale]), 2),
             "ms_per_1000_words": round(1000 * 1000 * statistics.median(scale_runs[scale]) / max(w, 1), 1)}
            for scale, (_, n, w) in files.items()
        ],
        "prefilter": {
            "articles_cleaned": stats.articles["cleaned"],
            "articles_without_trigger_words": stats.articles["cleaned"] - stats.articles["parsed"],
            "articles_with_ner": stats.articles["recognized"],
            "seconds_without_prefilter": round(unfiltered_seconds, 2),
            **prefilter_cost(filtered, unfiltered),
        },
    }


def prefilter_cost(filtered: Iterable[ArticleEvents | ItemError],
                   unfiltered: Iterable[ArticleEvents | ItemError]) -> dict[str, Any]:
    """Events the pipeline without the prefilter finds that the one with it does not ("lost"), and
    events both find but code differently ("changed"), matched by article and event id."""
    with_filter = _events_by_key(filtered)
    without = _events_by_key(unfiltered)
    lost = sum(max(0, len(events) - len(with_filter.get(key, []))) for key, events in without.items())
    changed = sum(1 for key, events in without.items() if key in with_filter and with_filter[key] != events)
    total = sum(len(events) for events in without.values())
    return {"events_without_prefilter": total, "events_lost": lost, "events_changed": changed,
            "events_lost_share": round(lost / total, 4) if total else 0.0}


def _events_by_key(results: Iterable[ArticleEvents | ItemError]) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for result in results:
        if isinstance(result, ArticleEvents):
            for event in result.events:
                out.setdefault((result.article.id, event.id), []).append(event.to_json())
    return out


def _write_jsonl(path: Path, articles: list[Article]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for a in articles:
            out.write(json.dumps({"id": a.id, "text": a.text, "title": a.title,
                                  "published": a.published.isoformat() if a.published else None}) + "\n")
    return path


def _timed_run(pipeline: Pipeline, path: Path) -> tuple[float, list[ArticleEvents | ItemError], RunStats]:
    """Wall seconds to read and code a file, its results, and the stage times."""
    started = time.perf_counter()
    results = list(pipeline.run(_timed_reading(read_inputs([str(path)]), pipeline.stats)))
    return time.perf_counter() - started, results, pipeline.stats


def _timed_reading(items: Iterable[Article | ItemError], stats: RunStats) -> Iterator[Article | ItemError]:
    iterator = iter(items)
    while True:
        started = time.perf_counter()
        item = next(iterator, None)
        stats.seconds["read"] += time.perf_counter() - started
        if item is None:
            return
        yield item


def _bare_ner_in_a_process(texts: list[str]) -> tuple[float, float, int]:
    """Bare NER timed in a fresh process of its own, so neither run's memory or caches help the other."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as executor:
        return executor.submit(_bare_ner, texts).result()


def _bare_ner(texts: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds of tokenizer + NER over the texts after loading, and the peak RSS (KB)."""
    model = nlp.load()
    with model.select_pipes(disable=[nlp.SENTENCIZER]):
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in model.pipe(texts):
            pass
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    return seconds, cpu_seconds, _own_peak_kb()


def _own_peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource is not None else 0


def _peak_memory(stats: RunStats, bare_runs: list[tuple[float, float, int]]) -> dict[str, Any]:
    """Peak RSS of this process and of each pipeline worker; their sum bounds the pipeline's peak."""
    parent = _own_peak_kb() // MB
    workers = [kb // MB for kb in stats.worker_peak_kb.values()]
    return {"pipeline_total": parent + sum(workers), "this_process": parent, "workers": workers,
            "bare_ner": max(kb for _, _, kb in bare_runs) // MB}
