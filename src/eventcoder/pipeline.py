"""The library API: articles in, events out, one stage after another.

    read -> clean -> prefilter -> split -> detect -> NER -> fill slots + geocode -> events

Every stage is a plain function on typed records (schema.py); `Pipeline` holds them so any one
can be swapped (a notebook can pass its own detector). A failure in one article becomes an
ItemError for that article and the batch goes on.

The article's title is read only for its lead event (the first violent one told as news): the
figures and the town the body does not tell (fill.with_headline, _placed_by_headline).

The cheap stages decide what the costly ones see (prefilter.py): an article without a trigger word
is not parsed, and NER runs only for articles in which detection found an event. A large batch is
spread over `n_process` worker processes, each loading the model and data once; results come back
in input order. (A stream is read up to 128 articles ahead before the first result, to decide
whether workers pay off.)
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, islice
from typing import Any, TypeVar

from spacy.tokens import Doc

from . import clean as clean_stage
from . import detect as detect_stage
from . import fill as fill_stage
from . import geocode, nlp
from . import prefilter as prefilter_stage
from .ingest import read_inputs
from .schema import Article, CleanArticle, Event, ItemError, Location
from .settings import get_settings
from .slots.people import find_people

try:
    import resource
except ImportError:  # not on Windows: worker memory is then not reported
    resource = None  # type: ignore[assignment]

# Worker processes pay off only for a long batch: starting them (imports, then the model and data in
# each) costs about what coding 100 news articles in one process does. A batch shorter than this
# many chunks (128 articles with the default batch size) stays in this process.
POOL_MIN_CHUNKS = 16
CHUNKS_AHEAD = 2  # chunks queued per worker, so none waits while the oldest result is handed on
ENV_PREFIX = "EVENTCODER_"  # the caller's settings (settings.py) travel to the workers

Item = Article | ItemError
T = TypeVar("T")


@dataclass
class ArticleEvents:
    """The events of one article, with the article they came from."""

    article: Article
    events: list[Event]


Result = ArticleEvents | ItemError
Output = list[Event] | ItemError  # what a worker sends back for one item


@dataclass
class RunStats:
    """Where a run's time went and what the prefilter spared, summed over processes."""

    seconds: Counter[str] = field(default_factory=Counter)  # per stage
    cpu_seconds: float = 0.0  # CPU time of the processes coding the articles (what others sharing the cores do not change)
    articles: Counter[str] = field(default_factory=Counter)  # "cleaned", "parsed", "recognized"
    worker_peak_kb: dict[int, int] = field(default_factory=dict)  # peak RSS of each worker process

    def add(self, other: RunStats) -> None:
        self.seconds.update(other.seconds)
        self.cpu_seconds += other.cpu_seconds
        self.articles.update(other.articles)
        for pid, kb in other.worker_peak_kb.items():
            self.worker_peak_kb[pid] = max(kb, self.worker_peak_kb.get(pid, 0))


@dataclass
class Pipeline:
    """The stages, any of which can be swapped; `stats` says where the time of its runs went."""

    cleaner: Callable[[Article], CleanArticle | ItemError] = clean_stage.clean
    parser: Callable[[Iterable[str]], Iterator[Doc]] = nlp.split  # nlp.parse gives entities for every article
    detector: Callable[[CleanArticle, Doc], list[detect_stage.EventMention]] = detect_stage.detect
    # None parses every article: needed with a detector that does not start from the trigger lexicon.
    prefilter: Callable[[str], bool] | None = prefilter_stage.may_hold_event
    recognizer: Callable[[list[Doc]], list[Doc]] = nlp.recognize
    stats: RunStats = field(default_factory=RunStats, repr=False, compare=False)

    def run(self, items: Iterable[Item]) -> Iterator[Result]:
        """Process a stream of articles; bad items pass through as ItemErrors, in order."""
        settings = get_settings()
        chunks = _chunks(items, settings.batch_size)
        head = list(islice(chunks, POOL_MIN_CHUNKS))
        if settings.n_process > 1 and len(head) == POOL_MIN_CHUNKS and self._importable():
            yield from _Workers(self, settings.n_process).run(chain(head, chunks))
            return
        for chunk in chain(head, chunks):
            yield from self.run_chunk(chunk)

    def run_chunk(self, chunk: list[Item]) -> list[Result]:
        """Clean, filter, parse, detect, recognize and code one batch, in this process, in order."""
        cpu_start = time.process_time()
        try:
            return self._run_chunk(chunk)
        finally:
            self.stats.cpu_seconds += time.process_time() - cpu_start

    def _run_chunk(self, chunk: list[Item]) -> list[Result]:
        with self._timed("clean"):
            results: list[Result | CleanArticle] = [self._clean(item) for item in chunk]
        self.stats.articles["cleaned"] += sum(isinstance(r, CleanArticle) for r in results)
        with self._timed("prefilter"):
            for i, item in enumerate(results):
                if isinstance(item, CleanArticle) and self.prefilter and not self.prefilter(item.body_text):
                    results[i] = ArticleEvents(article=item.article, events=[])
        todo = [i for i, r in enumerate(results) if isinstance(r, CleanArticle)]
        self.stats.articles["parsed"] += len(todo)
        with self._timed("parse"):
            docs = self._batch(self.parser, [results[i].body_text for i in todo], [results[i] for i in todo], "parsing")
        found: dict[int, tuple[Doc, list[detect_stage.EventMention]]] = {}
        for i, doc in zip(todo, docs):
            clean = results[i]
            assert isinstance(clean, CleanArticle)
            if isinstance(doc, ItemError):
                results[i] = doc
                continue
            with self._timed("detect"):
                try:
                    mentions = self.detector(clean, doc)
                except Exception as exc:  # one bad article must not stop the batch
                    results[i] = ItemError(item=_name(clean.article), reason=f"extraction failed: {exc!r}")
                    continue
            if mentions:
                found[i] = (doc, mentions)
            else:
                results[i] = ArticleEvents(article=clean.article, events=[])
        self.stats.articles["recognized"] += len(found)
        with self._timed("ner"):
            recognized = self._batch(self.recognizer, [d for d, _ in found.values()], [results[i] for i in found], "NER")
        for (i, (_, mentions)), doc in zip(found.items(), recognized):
            clean = results[i]
            assert isinstance(clean, CleanArticle)
            results[i] = doc if isinstance(doc, ItemError) else self._code(clean, doc, mentions)
        return results  # type: ignore[return-value]

    def _clean(self, item: Item) -> CleanArticle | ItemError:
        if isinstance(item, ItemError):
            return item
        if len(item.text.encode("utf-8")) > get_settings().max_article_bytes:
            return ItemError(item=_name(item), reason="article larger than max_article_bytes")
        try:
            return self.cleaner(item)
        except Exception as exc:  # one bad article must not stop the batch
            return ItemError(item=_name(item), reason=f"cleaning failed: {exc!r}")

    def _batch(self, stage: Callable[[list[T]], Iterable[Doc]], inputs: list[T], articles: list, what: str) -> list[Doc | ItemError]:
        """A batched stage; when the batch fails, again one by one, so only the bad article is lost."""
        try:
            return list(stage(inputs))
        except Exception:
            pass
        out: list[Doc | ItemError] = []
        for one, clean in zip(inputs, articles):
            try:
                out.extend(stage([one]))
            except Exception as exc:
                out.append(ItemError(item=_name(clean.article), reason=f"{what} failed: {exc!r}"))
        return out

    def _code(self, clean: CleanArticle, doc: Doc, mentions: list[detect_stage.EventMention]) -> Result:
        try:
            with self._timed("geocode"):
                places = geocode.ArticlePlaces.build(clean.body_text, doc, clean.article.title)
                located: dict[int, Location] = {}
                for mention in mentions:
                    located[id(mention)] = _place_of(mention, places, located)
            with self._timed("fill"):
                ctx = fill_stage.ArticleContext.build(clean, mentions, places.country)
                filled = [fill_stage.fill(m, ctx, located[id(m)]) for m in mentions]
                filled = fill_stage.with_people(filled, mentions, find_people(doc, clean.body_text), ctx)
                filled = _placed_by_headline(filled, mentions, ctx, places)
                events = fill_stage.with_headline(fill_stage.distinct_ids(filled), clean)
        except Exception as exc:
            return ItemError(item=_name(clean.article), reason=f"extraction failed: {exc!r}")
        return ArticleEvents(article=clean.article, events=events)

    @contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stats.seconds[stage] += time.perf_counter() - start

    def _importable(self) -> bool:
        """Whether a worker process can rebuild this pipeline: every stage a module-level function
        of an importable module (not a lambda, a local function or a notebook's own function)."""
        stages = (self.cleaner, self.parser, self.detector, self.prefilter, self.recognizer)
        return all(
            stage is None
            or (getattr(stage, "__module__", "__main__") != "__main__" and "<" not in getattr(stage, "__qualname__", "<"))
            for stage in stages
        )


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Workers:
    """Worker processes coding chunks of a batch, a few chunks ahead; results in input order.

    The input is read here, in the caller's thread. A worker that dies (killed, out of memory)
    breaks the pool: it is started again and the oldest pending chunk is retried alone, so only
    the chunk that kills a worker on its own is reported as failed. Workers that cannot start at
    all (a script that starts a batch without the `if __name__ == "__main__":` guard) leave the
    whole batch to this process.
    """

    def __init__(self, pipeline: Pipeline, n_process: int) -> None:
        self.pipeline = pipeline
        self.n_process = n_process
        self.pending: deque[tuple[list[Item], Future | None]] = deque()
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if self.context.get_start_method() == "forkserver":
            self.context.set_forkserver_preload([__name__])  # imported once, before workers are forked
        self.started = self.context.Value("i", 0)  # workers that got ready, ever
        self.executor: ProcessPoolExecutor | None = self._start()

    def _start(self) -> ProcessPoolExecutor:
        env = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
        return ProcessPoolExecutor(self.n_process, mp_context=self.context, initializer=_start_worker,
                                   initargs=(self.pipeline, env, self.started))

    def run(self, chunks: Iterable[list[Item]]) -> Iterator[Result]:
        try:
            for chunk in chunks:
                self.pending.append((chunk, self._submit(chunk)))
                while self.pending and (len(self.pending) > CHUNKS_AHEAD * self.n_process or _ready(self.pending[0][1])):
                    yield from self._collect()
            while self.pending:
                yield from self._collect()
        finally:
            # all done: wait for the pool's manager thread, else it may close its wake-up pipe while
            # the interpreter's exit handler writes to it (a "Bad file descriptor" traceback at exit)
            self._stop(wait=not self.pending)

    def _collect(self) -> Iterator[Result]:
        chunk, future = self.pending.popleft()
        if future is None:
            outputs, stats = self._here(chunk)
        else:
            try:
                outputs, stats = future.result()
            except BrokenProcessPool:
                if self.executor is not None and self.started.value:
                    outputs, stats = self._retry_alone(chunk)
                else:  # the workers never got ready
                    self._stop()
                    outputs, stats = self._here(chunk)
        self.pipeline.stats.add(stats)
        for item, output in zip(chunk, outputs):
            yield output if isinstance(output, ItemError) else ArticleEvents(article=item, events=output)

    def _retry_alone(self, chunk: list[Item]) -> tuple[list[Output], RunStats]:
        self._stop()
        self.executor = self._start()
        try:
            return self._submit(chunk).result()  # type: ignore[union-attr]
        except BrokenProcessPool as exc:
            self._stop()
            self.executor = self._start()
            reason = f"a worker process died on this batch: {exc}"
            return [item if isinstance(item, ItemError) else ItemError(item=_name(item), reason=reason) for item in chunk], RunStats()
        finally:
            self.pending = deque((c, self._submit(c)) for c, _ in self.pending)

    def _here(self, chunk: list[Item]) -> tuple[list[Output], RunStats]:
        return _outputs(self.pipeline.run_chunk(chunk)), RunStats()  # counted in the pipeline's own stats

    def _submit(self, chunk: list[Item]) -> Future | None:
        """The chunk's future in the workers; None when they are gone and it is to be run here."""
        if self.executor is None:
            return None
        try:
            return self.executor.submit(_work, chunk)
        except BrokenProcessPool as exc:  # broke since the last result: handled like a failed result
            future: Future = Future()
            future.set_exception(exc)
            return future

    def _stop(self, wait: bool = False) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=wait, cancel_futures=True)
            self.executor = None


_worker_pipeline: Pipeline | None = None  # set in each worker process by _start_worker


# Coded once by each worker as it starts, so that every model and table its stages use is loaded
# before the first real article (and not counted in its time).
WARM_UP = Article(id="warm-up", text="Gunmen killed two soldiers near Gao, Mali, on Monday, the army said.")


def _start_worker(pipeline: Pipeline, env: dict[str, str], started: Any) -> None:
    """A worker takes the caller's settings and pipeline and loads what it needs; Ctrl-C is for the caller."""
    global _worker_pipeline
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for key in [k for k in os.environ if k.startswith(ENV_PREFIX)]:
        del os.environ[key]
    os.environ.update(env)
    get_settings.cache_clear()
    pipeline.run_chunk([WARM_UP])
    _worker_pipeline = pipeline
    with started.get_lock():
        started.value += 1


def _work(chunk: list[Item]) -> tuple[list[Output], RunStats]:
    """One chunk in a worker: what it cost, and its events (the caller has the articles)."""
    pipeline = _worker_pipeline
    assert pipeline is not None
    pipeline.stats = RunStats()
    outputs = _outputs(pipeline.run_chunk(chunk))
    if resource is not None:
        pipeline.stats.worker_peak_kb[os.getpid()] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return outputs, pipeline.stats


def _outputs(results: list[Result]) -> list[Output]:
    return [r.events if isinstance(r, ArticleEvents) else r for r in results]


def _ready(future: Future | None) -> bool:
    return future is None or future.done()


# "in the same area", "there": the place of the event told just before.
SAME_PLACE = re.compile(r"\bin the same (?:area|place|town|village|city|region|district|location)\b", re.I)


def _place_of(
    mention: detect_stage.EventMention, places: geocode.ArticlePlaces, located: dict[int, Location]
) -> Location:
    location = places.locate(_clause_spans(mention))
    previous = located.get(id(mention.follows)) if mention.follows is not None else None
    if previous is not None and previous.lat is not None and location.precision in (None, "country", "region"):
        if any(SAME_PLACE.search(c.text) for c in mention.clauses):
            return previous
        if location.precision != "region" and location.country_code in (None, previous.country_code):
            return previous  # told right after an event, naming no place of its own: the same place
    if location.precision in (None, "country") and (dateline := places.dateline() or places.main_place()) is not None:
        return dateline  # "BAGHDAD - Teachers rallied in Tahrir Square": where the story was filed
    return location


def _placed_by_headline(
    events: list[Event], mentions: list[detect_stage.EventMention], ctx: fill_stage.ArticleContext,
    places: geocode.ArticlePlaces,
) -> list[Event]:
    """The article's events, its lead event filled again at the town its headline names when
    the body placed it no closer than a region (`_headline_place`)."""
    lead = fill_stage.lead(events)
    if lead is None:
        return events
    i = next(i for i, e in enumerate(events) if e is lead)
    place = _headline_place(ctx.clean.article.title, places, lead.location)
    if place is None:
        return events
    return [*events[:i], fill_stage.fill(mentions[i], ctx, place), *events[i + 1 :]]


def _headline_place(title: str | None, places: geocode.ArticlePlaces, location: Location) -> Location | None:
    """A lead event placed only in its country or region (or nowhere) takes the town its
    headline names, when the body names it too ("3-year-old shot in Sunman, Ind." over a body
    that tells the shooting in one sentence and the town in another): the body's own reading of
    the name, so the headline needs no parse of its own."""
    guessed = location.precision == "town" and location.geo_precision == 2  # the dateline's or the main place
    if not title or location.precision not in (None, "country", "region") and not guessed:
        return None
    named = []
    for r in places.toponyms:
        if r.place is None or r.place.is_area or r.toponym.kind == "area" or len(r.toponym.text) < 4:
            continue
        at = re.search(rf"\b{re.escape(r.toponym.text)}\b", title)
        if at is not None:
            named.append((at.start(), r.start, r))
    for _, _, r in sorted(named, key=lambda n: n[:2]):
        found = places.locate([(r.start, r.end)])
        if found.precision == "town" and location.country_code in (None, found.country_code):
            return found
    return None


def _clause_spans(mention: detect_stage.EventMention) -> list[tuple[int, int]]:
    return [(c.start, c.end) for c in mention.clauses]


def _name(article: Article) -> str:
    return article.origin or article.id


def extract_articles(items: Iterable[Item], pipeline: Pipeline | None = None) -> Iterator[Result]:
    return (pipeline or Pipeline()).run(items)


def extract_paths(paths: Iterable[str], published: date | None = None) -> Iterator[Result]:
    """Read files, directories or '-' and extract events from every article."""
    return extract_articles(read_inputs(paths, published=published))


def extract(
    text: str,
    published: date | str | None = None,
    id: str | None = None,
    title: str | None = None,
    source: str | None = None,
) -> list[Event]:
    """Events of one article text: the call a notebook makes."""
    if isinstance(published, str):
        published = date.fromisoformat(published)
    article = Article(
        id=id or Article.make_id(text), text=text, title=title, published=published, source=source
    )
    for result in extract_articles([article]):
        if isinstance(result, ItemError):
            raise ValueError(result.line())
        return result.events
    return []
