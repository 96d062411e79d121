"""``townsquare integrity state-media sync``: reconcile the state-affiliated labels with the
data file now (the server also does it at every start)."""

from __future__ import annotations

import asyncio
import logging

import typer
from sqlalchemy.exc import IntegrityError

from townsquare.db import Database
from townsquare.integrity.state_media import StateMediaFileError, SyncReport, file_path, sync
from townsquare.settings import Settings

log = logging.getLogger("townsquare.integrity")

state_media_cli = typer.Typer(
    help="State-affiliated media: the published data file and its labels.", no_args_is_help=True
)


async def sync_database(db: Database, settings: Settings) -> SyncReport:
    """Reconcile in one transaction, committed; the report."""
    async with db.writer("POST"), db.session() as session:
        report = await sync(session, settings)
        await session.commit()
        return report


async def sync_at_startup(db: Database, settings: Settings) -> None:
    """The server's start: reconcile, and log (never stop the start on) a bad data file.
    Worker processes start together: one that loses the race to insert a label finds it
    there on its second pass."""
    if not settings.state_media_sync_at_startup:
        return
    for attempt in (1, 2):
        try:
            report = await sync_database(db, settings)
        except StateMediaFileError as error:
            log.error("state-affiliated media not synced: %s", error)
            return
        except IntegrityError:
            if attempt == 2:
                raise
            continue
        log.info("state-affiliated media: %s", report.summary())
        return


@state_media_cli.command("sync")
def sync_command() -> None:
    """Label the listed accounts, update changed entries, lift removed ones; print a summary."""
    settings = Settings()

    async def run() -> SyncReport:
        db = Database(settings)
        try:
            return await sync_database(db, settings)
        finally:
            await db.dispose()

    try:
        report = asyncio.run(run())
    except StateMediaFileError as error:
        typer.echo(f"cannot sync: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{file_path(settings)}: {report.summary()}")
    changes = (("labelled", report.added), ("updated", report.changed), ("lifted", report.removed))
    for title, accts in changes:
        for acct in accts:
            typer.echo(f"  {title}: {acct}")
