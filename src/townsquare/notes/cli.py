"""``townsquare notes``: score the instance's notes now, or score public TSV files."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import typer

from townsquare.settings import Settings

notes_cli = typer.Typer(help="Community notes: scoring by hand.", no_args_is_help=True)


@notes_cli.command("score")
def score() -> None:
    """Score every note now (what the periodic job does), with a progress display."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from townsquare.db import Database
    from townsquare.notes.job import run_scoring

    labels = {
        "load": "loading ratings: {done:,}",
        "fit": "fitting the model: iteration {done}",
        "write": "writing scores",
    }

    async def run() -> None:
        settings = Settings()
        db = Database(settings)
        columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
        try:
            with Progress(*columns) as progress:
                task = progress.add_task("starting", total=None)

                def report(stage: str, done: int, _total: int | None) -> None:
                    progress.update(task, description=labels[stage].format(done=done))

                summary = await run_scoring(db, settings, report)
        finally:
            await db.dispose()
        run = summary.run
        typer.echo(
            f"scored {summary.notes:,} notes from {summary.ratings:,} ratings "
            f"({run.ratings_used:,} in the fit, {run.iterations} iterations) in "
            f"{summary.seconds:.1f} s; {summary.status_changes} status change(s)"
        )

    asyncio.run(run())


@notes_cli.command("score-tsv")
def score_tsv(
    notes: Path = typer.Option(..., "--notes", help="Notes file (public download format)."),
    ratings: Path = typer.Option(..., "--ratings", help="Ratings file (public format)."),
    out: Path = typer.Option(..., "--out", help="Where to write the scored notes (TSV)."),
) -> None:
    """Score public Community Notes files without touching the database."""
    from townsquare.notes import scoring, tsv

    started = time.perf_counter()
    try:
        note_ids = tsv.read_notes(notes)
        read = tsv.read_ratings(ratings)
    except (OSError, tsv.TsvFormatError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    scores = scoring.score(note_ids, read.note_ids, read.rater_ids, read.values)
    written = tsv.write_scores(out, scores)
    counts = {name: int((scores.note_statuses == i).sum()) for i, name in enumerate(tsv.STATUSES)}
    typer.echo(
        f"wrote {written:,} notes to {out} ({read.values.size:,} ratings, "
        f"{scores.ratings_used:,} in the fit) in {time.perf_counter() - started:.1f} s: "
        + ", ".join(f"{n} {name}" for name, n in counts.items())
    )
