"""Fusion benchmarks: `bench gvc`, `bench fusion`."""

from __future__ import annotations

import typer


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Add this module's commands to the command line."""
