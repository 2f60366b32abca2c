"""The web app: `serve`, and its load check `bench serve`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

TOKEN_ENV = "EVENTCODER_WEB_TOKEN"


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Add this module's commands to the command line."""

    @app.command()
    def serve(
        db: Annotated[Path, typer.Option("--db", help="The event database written by `eventcoder run`.")],
        host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback needs --token for review.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.", min=0, max=65535)] = 8000,
        token: Annotated[
            Optional[str],
            typer.Option(envvar=TOKEN_ENV, help=f"Review token: when set, every review change must present it (also from ${TOKEN_ENV})."),
        ] = None,
        tiles: Annotated[
            Optional[str],
            typer.Option(help="Map tile URL template ('' for none); default: the tile_url setting (EVENTCODER_TILE_URL)."),
        ] = None,
    ) -> None:
        """Serve the web app and its JSON API over a database: map, timeline, events with evidence, review."""
        import uvicorn

        from ..settings import get_settings
        from ..store import Store
        from ..web import WebConfig, create_app
        from ..web.config import is_loopback

        if not db.is_file():
            typer.echo(f"eventcoder: no database at {db} (create one with: eventcoder run ARTICLES --db {db})", err=True)
            raise typer.Exit(2)
        settings = get_settings()
        config = WebConfig(
            tile_url=settings.tile_url if tiles is None else tiles,
            tile_attribution=settings.tile_attribution,
            token=token or None,
            loopback_only=is_loopback(host),
        )
        if config.review_mode == "disabled":
            typer.echo(f"eventcoder: {host} is reachable beyond this machine and no --token is set: review is disabled", err=True)
        shown_host = f"[{host}]" if ":" in host else host
        typer.echo(f"eventcoder: serving {db} on http://{shown_host}:{port}/ (Ctrl-C stops)", err=True)
        uvicorn.run(create_app(Store(db), config), host=host, port=port, log_level="warning")

    @bench_app.command("serve")
    def bench_serve(
        events: Annotated[int, typer.Option(help="Synthetic events in the temporary store.", min=1)] = 100_000,
        requests: Annotated[int, typer.Option(help="Measured requests (after 20 warm-up ones).", min=1, max=100_000)] = 500,
        max_seconds: Annotated[float, typer.Option(help="Stop the request loop after this long.", min=1)] = 300.0,
        db: Annotated[
            Optional[Path], typer.Option("--db", help="Keep the store here (filled on first use, reused after) instead of a temporary one.")
        ] = None,
    ) -> None:
        """Load check: filtered /api/events pages against `serve` over N synthetic events; p50/p95 latency as JSON."""
        from ..bench.serve_load import bench_serve as run

        typer.echo(json.dumps(run(events, requests, max_seconds, db), indent=2))
