"""Subcommands beyond `extract`, one module per area; each has `register(app, bench_app)`."""
