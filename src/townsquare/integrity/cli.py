"""``townsquare integrity scan``: run the detectors now, with a progress bar and a summary."""

from __future__ import annotations

import asyncio

import typer

integrity_cli = typer.Typer(
    help="Integrity: detected automation and coordinated campaigns.", no_args_is_help=True
)

STAGES = {
    "load": "loading posts",
    "detect": "running the detectors",
    "write": "writing campaigns and labels",
}


def _summary_lines(summary: object) -> list[str]:
    from townsquare.integrity.scan import ScanSummary

    assert isinstance(summary, ScanSummary)
    seconds = summary.seconds
    c, a, k = summary.campaigns, summary.automation, summary.coordination
    return [
        f"scanned {summary.posts:,} posts by {summary.accounts:,} accounts in "
        f"{sum(seconds.values()):.1f} s ({summary.posts_per_second:,.0f} posts/s; load "
        f"{seconds['load']:.1f} s, detect {seconds['detect']:.1f} s, "
        f"write {seconds['write']:.1f} s)",
        f"automation: {summary.flagged_accounts} account(s) flagged; labels applied {a.applied}, "
        f"lifted {a.lifted}, overruled by people {a.overruled}",
        f"coordination: {summary.campaigns_found} campaign(s) ({c.created} new, {c.updated} "
        f"updated, {c.dissolved} dissolved); post labels applied {k.applied}, lifted "
        f"{k.lifted}, overruled by people {k.overruled}",
    ]


@integrity_cli.command("scan")
def scan() -> None:
    """Scan the recent window now (what the periodic job does) and print what changed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from townsquare.db import Database
    from townsquare.integrity.scan import run_scan
    from townsquare.settings import Settings

    async def run() -> object:
        settings = Settings()
        db = Database(settings)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        try:
            with Progress(*columns) as progress:
                task = progress.add_task("starting", total=None)

                def report(stage: str, done: int, total: int | None) -> None:
                    progress.update(task, description=STAGES[stage], completed=done, total=total)

                return await run_scan(db, settings, report)
        finally:
            await db.dispose()

    for line in _summary_lines(asyncio.run(run())):
        typer.echo(line)
