"""The memdb command line: each command opens a MemoryDB, calls one method, prints."""

from __future__ import annotations

from pathlib import Path

import typer

from memdb.errors import MemdbError

app = typer.Typer(help="memdb: time-aware conversation memory for chatbots.", no_args_is_help=True,
                  pretty_exceptions_enable=False)


@app.command()
def demo(
    path: Path = typer.Option(Path("memdb-demo"), "--path", help="Data folder (SQLite + FAISS index)."),
    k: int = typer.Option(3, help="Hits shown per question."),
) -> None:
    """Ingest the sample conversation and run example questions with score breakdowns."""
    from memdb.demo import run_demo

    run_demo(path, say=typer.echo, k=k)


@app.callback()
def _root() -> None:
    """memdb: time-aware conversation memory for chatbots."""


def main() -> None:
    try:
        app()
    except MemdbError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise SystemExit(2) from exc
