"""Geoparsing accuracy on the LGL corpus (local-news toponyms tagged with GeoNames ids).

Scores are per gold toponym, as in the geoparsing literature: a toponym counts as correct when the
predicted point is within 161 km (100 miles) of the gold one. End to end, a gold toponym with no
overlapping predicted span counts as wrong (infinite error); detection precision says how many
predicted spans overlap a gold one, recall how many gold toponyms a predicted span overlaps.
"""

from __future__ import annotations

import math
import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .batch import ner_parser
from .gazetteer import Gazetteer, get_gazetteer
from .relative import haversine_km
from .resolve import GeoDocument, geoparse_batch

WITHIN_KM = 161.0


@dataclass
class GoldToponym:
    start: int
    end: int
    lat: float
    lon: float
    geonameid: int


@dataclass
class LglArticle:
    text: str
    source: str | None  # the news site: its articles inform each other (resolve.SourceContext)
    gold: list[GoldToponym]


def read_lgl(path: Path | str) -> list[LglArticle]:
    """The articles and their gold toponyms; toponyms the corpus left untagged are not scored."""
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        gold = []
        for top in article.iter("toponym"):
            tag = top.find("gaztag")
            if tag is None or tag.findtext("lat") is None:
                continue
            gold.append(GoldToponym(int(top.findtext("start") or 0), int(top.findtext("end") or 0),
                                    float(tag.findtext("lat") or 0), float(tag.findtext("lon") or 0),
                                    int(tag.get("geonameid") or 0)))
        articles.append(LglArticle(article.findtext("text") or "", article.findtext("domain"), gold))
    return articles


@dataclass
class _Tally:
    """Running counts for one mode."""

    errors: list[float] = field(default_factory=list)
    exact: int = 0
    predicted: int = 0
    predicted_on_gold: int = 0

    def add(self, gold: list[GoldToponym], output: list[dict[str, Any]]) -> None:
        self.predicted += len(output)
        self.predicted_on_gold += sum(any(o["start"] < g.end and g.start < o["end"] for g in gold) for o in output)
        for g in gold:
            hit = next((o for o in output if o["start"] < g.end and g.start < o["end"] and o["lat"] is not None), None)
            if hit is None:
                self.errors.append(math.inf)
                continue
            self.errors.append(haversine_km(g.lat, g.lon, hit["lat"], hit["lon"]))
            self.exact += hit["geonames_id"] == g.geonameid

    def summary(self, detection: bool) -> dict[str, Any]:
        total = len(self.errors)
        median = statistics.median(self.errors) if self.errors else None
        result: dict[str, Any] = {
            "toponyms": total,
            "accuracy_161km": round(sum(e <= WITHIN_KM for e in self.errors) / total, 4) if total else 0.0,
            "median_error_km": None if median is None or math.isinf(median) else round(median, 1),
            "geonames_id_match": round(self.exact / total, 4) if total else 0.0,
        }
        if detection:
            result["precision"] = round(self.predicted_on_gold / self.predicted, 4) if self.predicted else None
            result["recall"] = round(sum(not math.isinf(e) for e in self.errors) / total, 4) if total else 0.0
        return result


def bench_lgl(path: Path | str, end_to_end: bool = True, gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    """Accuracy within 161 km, median error and GeoNames-id match rate, with the gold spans and
    (when `end_to_end`) finding the toponyms itself, with spaCy NER when a model is installed.
    Articles are resolved as one batch, so those of one news site inform each other."""
    gaz = gazetteer or get_gazetteer()
    articles = read_lgl(path)
    result: dict[str, Any] = {"corpus": str(path), "articles": len(articles)}
    started = time.perf_counter()
    outputs = geoparse_batch([GeoDocument(a.text, [(g.start, g.end) for g in a.gold], None, a.source)
                              for a in articles], gaz)
    result["gold_spans"] = {**_score(articles, outputs).summary(detection=False),
                            "seconds": round(time.perf_counter() - started, 1)}
    if end_to_end:
        started = time.perf_counter()
        parser = ner_parser()
        docs = list(parser(a.text for a in articles)) if parser else [None] * len(articles)
        outputs = geoparse_batch([GeoDocument(a.text, None, doc, a.source) for a, doc in zip(articles, docs)], gaz)
        result["end_to_end"] = {**_score(articles, outputs).summary(detection=True), "ner": parser is not None,
                                "seconds": round(time.perf_counter() - started, 1)}
    return result


def _score(articles: list[LglArticle], outputs: list[list[dict[str, Any]]]) -> _Tally:
    tally = _Tally()
    for article, output in zip(articles, outputs):
        tally.add(article.gold, output)
    return tally
