"""One `run`: articles in, extracted by the pipeline, fused and stored.

Articles already stored with the same content are dropped before extraction, so rerunning an
input (or resuming an interrupted run) costs a key lookup per article, not a pass of the NLP.
Extracted articles are stored a few at a time (`Store.ingest_batch`: one commit per batch, a
savepoint per article) by a thread of their own, so storing overlaps extraction instead of
holding up the feeding of the pipeline's workers. A batch holds at most BATCH_ARTICLES and is
handed on once its first article is BATCH_SECONDS old. An interrupted run first stores what it
has extracted; the counts live on the object, so it can still say what it stored.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from queue import Queue

from ..pipeline import ArticleEvents, Pipeline
from ..schema import Article, ItemError
from .records import IngestStats
from .store import Store

BATCH_ARTICLES = 16
BATCH_SECONDS = 2.0
QUEUED_BATCHES = 4  # extraction waits when storing falls this far behind


def _ignore(*_args: object) -> None:
    return None


@dataclass
class Run:
    store: Store
    pipeline: Pipeline = field(default_factory=Pipeline)
    totals: IngestStats = field(default_factory=IngestStats)
    skipped: int = 0  # bad input items and articles that could not be stored
    store_cpu_seconds: float = 0.0  # CPU time the storing thread spent (bench run reports it)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def feed(
        self,
        items: Iterable[Article | ItemError],
        on_error: Callable[[ItemError], None] = _ignore,
        on_article: Callable[[], None] = _ignore,
    ) -> None:
        """Extract and store every new article; a bad item is passed to `on_error` and skipped.

        The callbacks may be called from the storing thread. A failing database (OperationalError:
        locked past the timeout, disk full) is raised: every later article would fail the same way.
        """
        batches: Queue[list[ArticleEvents] | None] = Queue(maxsize=QUEUED_BATCHES)
        failed: list[Exception] = []
        writer = threading.Thread(
            target=self._write, args=(batches, failed, on_error, on_article), name="eventcoder-store", daemon=True
        )
        writer.start()
        batch: list[ArticleEvents] = []
        since = 0.0
        try:
            for result in self.pipeline.run(self._new(items, on_article)):
                if failed:
                    break
                if isinstance(result, ItemError):
                    self._count(skipped=1)
                    on_error(result)
                    continue
                if not batch:
                    since = time.monotonic()
                batch.append(result)
                if len(batch) >= BATCH_ARTICLES or time.monotonic() - since >= BATCH_SECONDS:
                    batches.put(batch)
                    batch = []
        finally:  # on Ctrl-C too: what is extracted is stored before the run ends
            if batch:
                batches.put(batch)
            batches.put(None)
            writer.join()
        if failed:
            raise failed[0]
        self.store.refresh_statistics()  # a run can change the data's shape: keep the planner informed

    def _write(
        self,
        batches: Queue[list[ArticleEvents] | None],
        failed: list[Exception],
        on_error: Callable[[ItemError], None],
        on_article: Callable[[], None],
    ) -> None:
        """The storing thread: batches until the end marker; after a failure it only drains them."""
        while (batch := batches.get()) is not None:
            if failed:
                continue
            started = time.thread_time()
            try:
                outcomes = self.store.ingest_batch(batch)
            except Exception as exc:  # handed to the feeding thread, which raises it
                failed.append(exc)
                continue
            finally:
                self.store_cpu_seconds += time.thread_time() - started
            for outcome in outcomes:
                if isinstance(outcome, ItemError):
                    self._count(skipped=1)
                    on_error(outcome)
                else:
                    self._count(stats=outcome)
                on_article()

    def _new(self, items: Iterable[Article | ItemError], on_article: Callable[[], None]) -> Iterator[Article | ItemError]:
        for item in items:
            if isinstance(item, Article) and self.store.is_stored(item):
                self._count(stats=IngestStats(unchanged=1))
                on_article()
                continue
            yield item

    def _count(self, stats: IngestStats | None = None, skipped: int = 0) -> None:
        with self._lock:  # both threads count
            if stats is not None:
                self.totals.add(stats)
            self.skipped += skipped

    def summary(self) -> str:
        t = self.totals
        return (
            f"{t.articles} articles stored ({t.unchanged} unchanged, {t.replaced} replaced, "
            f"{t.syndicated} syndicated copies); {t.mentions} mentions: {t.new_events} new events, "
            f"{t.joined} joined known events; {self.skipped} skipped"
        )
