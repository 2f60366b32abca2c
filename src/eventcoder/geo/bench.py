"""Geoparsing accuracy on the LGL corpus (local-news toponyms tagged with GeoNames ids).

Scores are per gold toponym, as in the geoparsing literature: a toponym counts as correct when the
predicted point is within 161 km (100 miles) of the gold one. End to end, a gold toponym with no
overlapping predicted span counts as wrong, and precision says how many predicted spans are gold.
"""

from __future__ import annotations

import statistics
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from .gazetteer import Gazetteer, get_gazetteer
from .relative import haversine_km
from .resolve import geoparse

WITHIN_KM = 161.0


def _articles(path: Path) -> list[tuple[str, list[dict[str, Any]]]]:
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        gold = []
        for top in article.iter("toponym"):
            tag = top.find("gaztag")
            if tag is None or tag.findtext("lat") is None:
                continue  # untagged in the corpus: nothing to score against
            gold.append({"start": int(top.findtext("start") or 0), "end": int(top.findtext("end") or 0),
                         "lat": float(tag.findtext("lat") or 0), "lon": float(tag.findtext("lon") or 0),
                         "id": int(tag.get("geonameid") or 0)})
        articles.append((article.findtext("text") or "", gold))
    return articles


def bench_lgl(path: Path | str, gold_spans: bool, gazetteer: Gazetteer | None = None,
              doc_parser: Any = None) -> dict[str, Any]:
    """Accuracy within 161 km, median error and GeoNames-id match rate, with or without gold spans.

    `doc_parser` (text -> spaCy Doc) adds NER entities end to end; without it only the gazetteer
    and context rules find toponyms.
    """
    gaz = gazetteer or get_gazetteer()
    started = time.perf_counter()
    errors: list[float] = []
    gold_total = exact = within = predicted = predicted_on_gold = 0
    for text, gold in _articles(Path(path)):
        gold_total += len(gold)
        if gold_spans:
            output = geoparse(text, [(g["start"], g["end"]) for g in gold], gazetteer=gaz)
        else:
            output = geoparse(text, doc=doc_parser(text) if doc_parser else None, gazetteer=gaz)
        predicted += len(output)
        predicted_on_gold += sum(any(o["start"] < g["end"] and g["start"] < o["end"] for g in gold) for o in output)
        for g in gold:
            hit = next((o for o in output if o["start"] < g["end"] and g["start"] < o["end"]
                        and o["lat"] is not None), None)
            if hit is None:
                errors.append(float("inf"))
                continue
            error = haversine_km(g["lat"], g["lon"], hit["lat"], hit["lon"])
            errors.append(error)
            within += error <= WITHIN_KM
            exact += hit["geonames_id"] == g["id"]
    return {"gold_spans": gold_spans, "toponyms": gold_total,
            "accuracy_161km": within / gold_total if gold_total else 0.0,
            "median_error_km": statistics.median(errors) if errors else None,
            "geonames_id_match": exact / gold_total if gold_total else 0.0,
            "precision_spans": predicted_on_gold / predicted if predicted else None,
            "seconds": round(time.perf_counter() - started, 1)}
