"""``townsquare demo``: plan, load with a progress bar, and tell the user how to log in."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from townsquare.db import Database
from townsquare.demo.bulk import Progress as Advance
from townsquare.demo.bulk import has_accounts
from townsquare.demo.generator import DEMO_USERNAME
from townsquare.demo.loader import DemoSummary, demo_email, load_demo, plan_demo
from townsquare.settings import Settings

console = Console(highlight=False, soft_wrap=True)


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description:<14}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


async def run_demo(
    settings: Settings, if_empty: bool, accounts: int, posts: int, password: str, seed: int
) -> bool:
    """Create the demo community; ``False`` when ``if_empty`` and accounts already exist."""
    db = Database(settings)
    try:
        async with db.session() as session:
            if if_empty and await has_accounts(session):
                console.print("The database already has accounts: no demo data added.")
                return False
            started = time.monotonic()
            plan = plan_demo(settings, accounts, posts, seed)
            with _progress() as bars:

                def start_step(description: str, total: int) -> Advance:
                    task = bars.add_task(description, total=max(total, 1))
                    if total == 0:
                        bars.advance(task, 1)
                    return lambda n: bars.advance(task, n)

                summary = await load_demo(session, settings, plan, password, start_step)
                await session.commit()
            _print_summary(summary, time.monotonic() - started)
            return True
    finally:
        await db.dispose()


def _print_summary(summary: DemoSummary, seconds: float) -> None:
    console.print(
        f"Created {summary.accounts} accounts, {summary.follows} follows, "
        f"{summary.statuses} posts, {summary.favourites} favourites and "
        f"{summary.notifications} notifications in {seconds:.1f} s."
    )


def print_login(settings: Settings, password: str, created: bool) -> None:
    """Where the instance is and how to log in to the demo account."""
    hint = "" if created else " (if the demo data was made with it)"
    console.print(
        f"Open [bold]{settings.base_url}/[/bold] in a browser, or point any Mastodon app "
        "or library at it."
    )
    console.print(
        f"Demo login: username [bold]{DEMO_USERNAME}[/bold] "
        f"(email {demo_email(DEMO_USERNAME)}), password [bold]{password}[/bold]{hint}"
    )
