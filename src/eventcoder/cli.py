"""The command line: a thin layer over the library API (pipeline.py).

Exit status: 0 all went well; 1 some items were skipped (each named on stderr); 2 usage error.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .commands import bench, fusion, geo, muc4, store, web
from .commands.common import InputsArg, JsonLinesOutputOpt, PublishedOpt
from .pipeline import ArticleEvents, extract_paths
from .schema import Event, ItemError


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    muc4 = "muc4"


app = typer.Typer(
    help="Turn news about political violence into a clean, geocoded event dataset.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"eventcoder {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = None,
) -> None:
    """eventcoder: every violent event in your articles, as one coded, geocoded record with evidence."""


@app.command()
def extract(
    inputs: InputsArg,
    output: JsonLinesOutputOpt = None,
    published: PublishedOpt = None,
    table: Annotated[bool, typer.Option("--table", help="Also print a readable table of the events (on stderr when the JSON goes to stdout).")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No summary line.")] = False,
    format: Annotated[OutputFormat, typer.Option("--format", help="jsonl: one event per line; muc4: one line of MUC-4 templates per document (CONTRACT.md).")] = OutputFormat.jsonl,
    model: muc4.ModelOpt = None,
) -> None:
    """Extract events from articles, one JSON object per event per line (events of single articles).

    With --format muc4: MUC-4 documents in, one line of templates per document out (--model DIR
    for a model made by `eventcoder train muc4`, else the rules mapping).
    """
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    skipped = articles = events = 0
    rows = []
    if format is OutputFormat.muc4:
        try:
            articles, skipped = muc4.write_templates(inputs, out, model)
        finally:
            if output:
                out.close()
        if not quiet:
            typer.echo(f"eventcoder: MUC-4 templates for {articles} documents, {skipped} skipped", err=True)
        raise typer.Exit(1 if skipped else 0)
    try:
        for result in extract_paths(inputs, published=published):
            if isinstance(result, ItemError):
                skipped += 1
                typer.echo(result.line(), err=True)
                continue
            articles += 1
            for event in result.events:
                events += 1
                out.write(event.to_json() + "\n")
                rows.append((result, event))
            out.flush()
    finally:
        if output:
            out.close()
    if table:
        _print_table(rows, to_stderr=output is None)
    if not quiet:
        typer.echo(f"eventcoder: {events} events from {articles} articles, {skipped} skipped", err=True)
    if skipped:
        raise typer.Exit(1)


def _print_table(rows: list[tuple[ArticleEvents, Event]], to_stderr: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Events", show_lines=False)
    for column in ("article", "date", "type", "place", "actors", "killed", "bg"):
        table.add_column(column, overflow="fold")
    for result, event in rows:
        killed = event.fatalities.best if event.fatalities else None
        table.add_row(
            result.article.id[:18],
            str(event.date.start or ""),
            event.sub_event_type,
            event.location.name or "",
            "; ".join(f"{a.role[0]}:{a.name}" for a in event.actors),
            "" if killed is None else str(killed),
            "yes" if event.background else "",
        )
    Console(stderr=to_stderr, width=max(Console().width, 140)).print(table)


bench_app = typer.Typer(help="Measure accuracy and speed; each benchmark prints one JSON summary.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")
for _module in (geo, store, fusion, bench, muc4, web):
    _module.register(app, bench_app)


if __name__ == "__main__":
    app()
