"""The ``townsquare`` command: serve, migrate, worker, demo, create-user."""

from __future__ import annotations

import asyncio
import os

import typer

from townsquare.feeds.cli import algorithm
from townsquare.integrity.cli import integrity_cli
from townsquare.integrity.state_media_cli import state_media_cli
from townsquare.moderation.cli import log_cli, moderation_cli
from townsquare.notes.cli import notes_cli
from townsquare.polls.cli import polls_cli
from townsquare.settings import Settings

cli = typer.Typer(help="townsquare: a public square people can trust.", no_args_is_help=True)
cli.add_typer(algorithm, name="algorithm")  # townsquare.feeds: hash and replay
cli.add_typer(notes_cli, name="notes")
cli.add_typer(polls_cli, name="polls")  # townsquare polls verify URL
cli.add_typer(moderation_cli, name="moderation")  # issue 6: queue, act, reverse
cli.add_typer(log_cli, name="log")  # issue 6: townsquare log verify URL-or-file
# Issue 7: integrity — `townsquare integrity scan` and `townsquare integrity state-media sync`.
integrity_cli.add_typer(state_media_cli, name="state-media")
cli.add_typer(integrity_cli, name="integrity")


@cli.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(
        int(os.environ.get("TOWNSQUARE_WORKERS", "1")), help="Worker processes."
    ),
    migrate_first: bool = typer.Option(True, "--migrate/--no-migrate", help="Migrate first."),
) -> None:
    """Start the HTTP server (granian, ASGI) with settings from TOWNSQUARE_* variables."""
    from granian import Granian
    from granian.constants import Interfaces

    settings = Settings()
    if migrate_first:
        from townsquare.migrate import upgrade

        upgrade(settings)
    typer.echo(f"townsquare is listening on http://{host}:{port}/")
    Granian(
        "townsquare.app:asgi",
        factory=True,
        interface=Interfaces.ASGI,
        address=host,
        port=port,
        workers=workers,
        log_access=False,
    ).serve()


@cli.command()
def migrate() -> None:
    """Apply database migrations (creates the SQLite file under the data folder if needed)."""
    from townsquare.migrate import upgrade

    settings = Settings()
    upgrade(settings)
    typer.echo(f"database is up to date ({settings.resolved_database_url.split('@')[-1]})")


@cli.command()
def worker(
    once: bool = typer.Option(False, "--once", help="Run every job once, then exit."),
) -> None:
    """Run the periodic jobs (for deployments that set TOWNSQUARE_RUN_JOBS=false on web)."""
    from townsquare.db import Database
    from townsquare.worker.jobs import all_jobs
    from townsquare.worker.runner import JobRunner

    async def run() -> None:
        settings = Settings()
        db = Database(settings)
        runner = JobRunner(db, settings, all_jobs())
        try:
            while True:
                ran = await runner.run_due()
                if once:
                    typer.echo(f"ran {len(ran)} job(s): {', '.join(ran) or 'none due'}")
                    return
                await asyncio.sleep(settings.job_poll_seconds)
        finally:
            await db.dispose()

    asyncio.run(run())


DEMO_PASSWORD = "townsquare-demo"


@cli.command()
def demo(
    if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing if accounts exist."),
    accounts: int = typer.Option(120, min=2, max=100_000, help="Accounts to create."),
    posts: int = typer.Option(1500, min=0, max=1_000_000, help="Posts to create (about)."),
    password: str = typer.Option(DEMO_PASSWORD, help="Password of the demo login."),
    seed: int = typer.Option(2026, help="Random seed: the same seed gives the same community."),
) -> None:
    """Fill the database with demo accounts, follows, posts, favourites and boosts."""
    from townsquare.accounts.service import validate_password
    from townsquare.demo.runner import print_login, run_demo
    from townsquare.kit.errors import ApiError

    try:
        validate_password(password)
    except ApiError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    settings = Settings()
    created = asyncio.run(run_demo(settings, if_empty, accounts, posts, password, seed))
    print_login(settings, password, created)


@cli.command("create-user")
def create_user(
    username: str = typer.Argument(..., help="Username (letters, digits, underscore)."),
    email: str = typer.Option(..., help="Login email."),
    password: str = typer.Option(..., prompt=True, hide_input=True, help="Password."),
    role: str = typer.Option("user", help="user, moderator or admin."),
) -> None:
    """Create a local account."""
    from townsquare.accounts import service as accounts
    from townsquare.db import Database
    from townsquare.kit.errors import ApiError

    async def run() -> None:
        db = Database(Settings())
        try:
            async with db.session() as session:
                account, _ = await accounts.register(
                    session, username=username, email=email, password=password, role=role
                )
                await session.commit()
                typer.echo(f"created @{account.username} (id {account.id})")
        finally:
            await db.dispose()

    try:
        asyncio.run(run())
    except ApiError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
