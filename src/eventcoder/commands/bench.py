"""Benchmarks of the whole pipeline: `bench speed`, `bench seeds`, `bench annotated`."""

from __future__ import annotations

import typer


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Add this module's commands to the command line."""
