"""Options and helpers shared by the subcommands."""

from __future__ import annotations

from datetime import date
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
