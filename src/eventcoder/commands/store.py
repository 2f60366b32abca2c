"""Store commands: `run` (extract, fuse, store) and `export`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import InputsArg, PublishedOpt, output_option, parse_date

DbOpt = Annotated[Path, typer.Option("--db", help="The store: an SQLite file (created when absent).")]
StoredDbOpt = Annotated[Path, typer.Option("--db", help="The store: an SQLite file written by `run`.")]
QuietOpt = Annotated[bool, typer.Option("-q", "--quiet", help="No progress bar and no summary line.")]
ExportOutputOpt = output_option("Write here (default, or '-': stdout; parquet needs a file).")


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"
    acled = "acled"
    parquet = "parquet"


def _open_store(db: Path):
    """The store at `db`, or a one-line error and exit status 2 when the file cannot be one."""
    from sqlalchemy.exc import DatabaseError

    from ..store import Store, StoreError

    try:
        return Store(db)
    except (StoreError, DatabaseError, OSError) as exc:
        reason = exc.orig if isinstance(exc, DatabaseError) else exc
        typer.echo(f"eventcoder: cannot use {db} as a store: {reason}", err=True)
        raise typer.Exit(2)


def _progress(quiet: bool):
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, highlight=False)
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        MofNCompleteColumn(),
        TextColumn("articles"),
        TimeElapsedColumn(),
        console=console,
        disable=quiet or not console.is_terminal,
        transient=True,
    )


def run(
    inputs: InputsArg,
    db: DbOpt,
    published: PublishedOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Extract, fuse and store: each new article's events join the incidents already in the database.

    Articles are committed a few at a time: an interrupted run keeps what it stored and the next run resumes.
    Articles already stored with the same content are skipped: running twice changes nothing.
    """
    from sqlalchemy.exc import OperationalError

    from ..ingest import read_inputs
    from ..store.run import Run

    store = _open_store(db)
    with store, _progress(quiet) as progress:
        task = progress.add_task("storing", total=None)
        job = Run(store)

        def say(line: str) -> None:
            progress.console.print(line, markup=False, soft_wrap=True)

        try:
            job.feed(
                read_inputs(inputs, published=published),
                on_error=lambda error: say(error.line()),
                on_article=lambda: progress.advance(task),
            )
        except OperationalError as exc:
            say(f"eventcoder: database error, stopping: {exc.orig}; {job.summary()}")
            raise typer.Exit(1)
        except KeyboardInterrupt:
            say(f"eventcoder: interrupted; {job.summary()}; run again to resume")
            raise typer.Exit(130)
    if not quiet:
        typer.echo(f"eventcoder: {job.summary()}", err=True)
    if job.skipped:
        raise typer.Exit(1)


def export(
    db: StoredDbOpt,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="jsonl (the shape of `extract`), csv, geojson, acled (ACLED's columns) or parquet.")] = ExportFormat.jsonl,
    output: ExportOutputOpt = None,
    since: Annotated[Optional[str], typer.Option(help="Events ending on or after this day (YYYY-MM-DD).", callback=parse_date)] = None,
    until: Annotated[Optional[str], typer.Option(help="Events starting on or before this day (YYYY-MM-DD).", callback=parse_date)] = None,
    country: Annotated[Optional[str], typer.Option(help="ISO 3166 alpha-2 country code.")] = None,
    event_type: Annotated[Optional[str], typer.Option("--type", help="ACLED event type, e.g. 'Battles'.")] = None,
    sub_event_type: Annotated[Optional[str], typer.Option("--sub-type", help="ACLED sub-event type, e.g. 'Air/drone strike'.")] = None,
    scope: Annotated[Optional[str], typer.Option(help="Only this scope: political violence, terrorism, criminal, unknown.")] = None,
    all_scopes: Annotated[bool, typer.Option("--all-scopes", help="acled: also events outside ACLED's scope (criminal).")] = False,
    include_wrong: Annotated[bool, typer.Option("--include-wrong", help="Also events an analyst marked wrong (status 'wrong').")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Write the fused events of a store, with the analysts' corrections, in one of five formats."""
    from ..store import EventQuery
    from ..store.export import NON_ACLED_SCOPES
    from ..store.export import export as write
    from ..store.outlets import OutletFileError, get_lexicon

    if not db.exists():
        typer.echo(f"eventcoder: no store at {db}", err=True)
        raise typer.Exit(2)
    if fmt is ExportFormat.parquet and output is None:
        typer.echo("eventcoder: --format parquet writes a binary file: give -o PATH", err=True)
        raise typer.Exit(2)
    if fmt is ExportFormat.acled:
        try:
            get_lexicon()  # the outlets giving `source_scale`: a bad user file is a usage error
        except OutletFileError as exc:
            typer.echo(f"eventcoder: {exc}", err=True)
            raise typer.Exit(2)
    query = EventQuery(
        since=since,
        until=until,
        country=country,
        event_type=event_type,
        sub_event_type=sub_event_type,
        scope=scope,
        include_wrong=include_wrong,
        exclude_scopes=NON_ACLED_SCOPES if fmt is ExportFormat.acled and not all_scopes else (),
    )
    store = _open_store(db)
    with store:
        written = write(store, store.iter_events(query), fmt.value, output)
    if not quiet:
        typer.echo(f"eventcoder: {written} events written", err=True)


def bench_run(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Articles to time, read in turn (default: bench speed's corpus generated from the annotated fixtures).",
        exists=True, dir_okay=False, show_default=False)] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Only the first N articles of the corpus.")] = None,
    repeat: Annotated[int, typer.Option("--repeat", min=1, help="Runs of each measurement; the median is reported.")] = 3,
    articles: Annotated[Optional[int], typer.Option("--articles", min=1, help=(
        "Time this many articles, cycling through the corpus: copies get ids <id>~k and a marker "
        "line, so each is a new article (it fuses with its original)."))] = None,
    slices: Annotated[int, typer.Option("--slices", min=1, help=(
        "Time extract and run slice by slice, alternating which goes first, into one growing "
        "database; shows whether storing slows as the database grows."))] = 1,
) -> None:
    """Time `run` (extract, fuse, store) against extraction alone; print one JSON summary."""
    import json

    from ..store.bench import bench_run as measure

    try:
        summary = measure(paths, limit, repeat, articles, slices)
    except (FileNotFoundError, ValueError) as exc:
        typer.echo(f"eventcoder: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(json.dumps(summary))


def bench_copies(
    stored: Annotated[int, typer.Option("--stored", min=1, help="Articles in the database the lookups search.")] = 10_000,
    lookups: Annotated[int, typer.Option("--lookups", min=1, help="Lookups to time.")] = 300,
) -> None:
    """Time the store's near-copy lookup against a database of --stored articles with random fingerprints; print one JSON summary."""
    import json

    from ..store.bench import near_copy_lookup

    typer.echo(json.dumps(near_copy_lookup(stored, lookups)))


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Add this module's commands to the command line."""
    app.command()(run)
    app.command()(export)
    bench_app.command("run")(bench_run)
    bench_app.command("copies")(bench_copies)
