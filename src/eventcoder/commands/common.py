"""Options and helpers shared by the subcommands."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer


def parse_date(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD")


InputsArg = Annotated[
    list[str], typer.Argument(help="Files (.jsonl, .txt, .html, feeds), directories, or '-' for standard input.")
]
PublishedOpt = Annotated[
    Optional[str],
    typer.Option("--published", help="Publication date YYYY-MM-DD for articles that carry none.", callback=parse_date),
]


def output_path(value: Optional[Path]) -> Optional[Path]:
    """'-' is standard output (None); a file whose folder is missing is a usage error before any work."""
    if value is None or str(value) == "-":
        return None
    if value.is_dir():
        raise typer.BadParameter(f"{value} is a directory, not a file")
    if not value.parent.is_dir():
        raise typer.BadParameter(f"no folder {value.parent} to write {value.name} in")
    return value


def output_option(help_text: str):
    """The -o/--output option of the commands that write a file or, by default or with '-', stdout."""
    return Annotated[Optional[Path], typer.Option("-o", "--output", help=help_text, callback=output_path)]


JsonLinesOutputOpt = output_option("Write JSON lines here (default, or '-': stdout).")
