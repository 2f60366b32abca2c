"""Geoparsing and gazetteer commands: `geoparse`, `gazetteer load|info`, `bench geo`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..schema import ItemError
from .common import JsonLinesOutputOpt

gazetteer_app = typer.Typer(help="The offline gazetteer: import GeoNames dumps, show what it holds.",
                            no_args_is_help=True)


def geoparse(
    inputs: Annotated[list[str], typer.Argument(help="JSON-lines files of {id, text, spans?}, directories, or '-'.")],
    output: JsonLinesOutputOpt = None,
    ner: Annotated[bool, typer.Option("--ner/--no-ner", help="Use spaCy entities as one toponym source (lines without spans).")] = True,
) -> None:
    """Find and resolve the place names of each line: {"id", "toponyms": [...]} per input line.

    Lines with "spans" ([[start, end], ...]) get exactly those spans resolved; others have their
    place names found first.
    """
    from ..geo.batch import geoparse_articles
    from ..ingest.readers import read_inputs

    out = output.open("w", encoding="utf-8") if output else sys.stdout
    skipped = done = 0
    try:
        for result in geoparse_articles(read_inputs(inputs), use_ner=ner):
            if isinstance(result, ItemError):
                skipped += 1
                typer.echo(result.line(), err=True)
                continue
            done += 1
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    typer.echo(f"eventcoder: {done} documents geoparsed, {skipped} skipped", err=True)
    if skipped:
        raise typer.Exit(1)


@gazetteer_app.command("load")
def gazetteer_load(
    paths: Annotated[list[Path], typer.Argument(help="GeoNames dumps (allCountries.zip, LY.zip, cities500.zip, or their .txt) "
                                                     "and optionally admin1CodesASCII.txt.", exists=True, dir_okay=False)],
    admin1: Annotated[Optional[Path], typer.Option("--admin1", help="admin1CodesASCII.txt, if not among PATHS.",
                                                   exists=True, dir_okay=False)] = None,
) -> None:
    """Import GeoNames dumps into the gazetteer (villages, bases, airports, oil fields...).

    Malformed lines are reported with their line number and skipped. The gazetteer is replaced
    only when the import is complete, so an interrupted load leaves the previous one usable.
    """
    from ..geo.gazetteer import build_stats, gazetteer_path, load_dump

    codes = [p for p in paths if p.name.lower().startswith("admin1codes")]
    if len(codes) + (admin1 is not None) > 1:
        raise typer.BadParameter("give one admin1CodesASCII.txt")
    dumps = [p for p in paths if p not in codes]
    if not dumps:
        raise typer.BadParameter("no GeoNames dump among PATHS")
    result = load_dump(dumps, admin1 or (codes[0] if codes else None))
    for error in result.errors:
        typer.echo(error.line(), err=True)
    stats = build_stats(gazetteer_path())
    typer.echo(f"eventcoder: {result.added} places imported, {len(result.errors)} lines skipped; "
               f"gazetteer now holds {stats['places']} places", err=True)
    if result.errors:
        raise typer.Exit(1)


@gazetteer_app.command("info")
def gazetteer_info() -> None:
    """Print where the gazetteer is and what it holds, as JSON (builds it first if needed)."""
    from ..geo.gazetteer import Gazetteer, build_stats

    gazetteer = Gazetteer.load()
    typer.echo(json.dumps({"path": str(gazetteer.path), **build_stats(gazetteer.path)}, indent=1))


def bench_geo(
    path: Annotated[Path, typer.Argument(help="An LGL-format corpus (lgl.xml).", exists=True, dir_okay=False)],
    gold_only: Annotated[bool, typer.Option("--gold-spans-only", help="Skip the end-to-end run.")] = False,
) -> None:
    """Geoparsing accuracy on an LGL-format corpus: within 161 km, median error, GeoNames-id match,
    with the gold spans and end to end (with toponym detection precision and recall)."""
    from ..geo.bench import bench_lgl

    typer.echo(json.dumps(bench_lgl(path, end_to_end=not gold_only), indent=1))


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Add this module's commands to the command line."""
    app.command("geoparse")(geoparse)
    app.add_typer(gazetteer_app, name="gazetteer")
    bench_app.command("geo")(bench_geo)
