"""``townsquare moderation ...`` (the queue and actions, for moderators at a shell) and
``townsquare log verify`` (anyone: recompute the public log's hash chain)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import typer

moderation_cli = typer.Typer(
    help="Moderation: the report queue, actions, appeals.", no_args_is_help=True
)
log_cli = typer.Typer(help="The public transparency log.", no_args_is_help=True)


@log_cli.command("verify")
def verify(
    source: str = typer.Argument(
        "",
        help="An instance URL, its /api/townsquare/v1/transparency/log, or a file; "
        "empty: this instance's database.",
    ),
) -> None:
    """Recompute every hash of the chain; name the first entry that does not match (exit 1)."""
    from townsquare.moderation import chain
    from townsquare.moderation.verify import SourceError, verify_source

    try:
        verdict = verify_source(source) if source else _run(_verify_database)
    except SourceError as error:
        typer.echo(f"cannot verify: {error}", err=True)
        raise typer.Exit(2) from None
    assert isinstance(verdict, chain.Verdict)
    if not verdict.ok:
        typer.echo(f"MISMATCH at entry {verdict.first_bad_seq}: {verdict.problem}", err=True)
        typer.echo(f"{verdict.checked} entries verified before it", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {verdict.checked} entries, the chain is intact")


async def _verify_database(session: Any) -> Any:
    from townsquare.moderation import chain, log

    entries = [e async for e in log.stream(session)]
    return chain.verify(entries)


def _run(work: Callable[[Any], Awaitable[Any]], commit: bool = False) -> Any:
    from townsquare.db import Database
    from townsquare.settings import Settings

    async def main() -> Any:
        db = Database(Settings())
        try:
            async with db.session() as session:
                result = await work(session)
                if commit:
                    await session.commit()
                return result
        finally:
            await db.dispose()

    from townsquare.kit.errors import ApiError

    try:
        return asyncio.run(main())
    except ApiError as error:
        typer.echo(f"refused: {error.message}", err=True)
        raise typer.Exit(1) from None


async def _moderator(session: Any, username: str) -> Any:
    from sqlalchemy import select

    from townsquare.models import Account

    query = select(Account).where(Account.username_lower == username.lower())
    account = (await session.execute(query)).scalar_one_or_none()
    if account is None:
        raise typer.BadParameter(f"no account {username!r}")
    return account


@moderation_cli.command("queue")
def queue(as_: str = typer.Option(..., "--as", help="The moderator's username.")) -> None:
    """List open reports, newest first."""
    from townsquare.kit.paging import PageRequest
    from townsquare.moderation import reports

    async def work(session: Any) -> list[Any]:
        return await reports.queue(session, await _moderator(session, as_), PageRequest(limit=40))

    for report in _run(work):
        rules = ",".join(report.rule_ids) or "-"
        typer.echo(
            f"{report.id}\taccount {report.target_account_id}\t{report.category}\t"
            f"rules {rules}\tstatuses {','.join(report.status_ids) or '-'}\t{report.comment}"
        )


@moderation_cli.command("act")
def act(
    kind: str = typer.Argument(..., help="remove, label or suspend"),
    rule: str = typer.Option(..., help="The id of the published rule that allows it."),
    reason: str = typer.Option(..., help="Why, in a sentence the author will read."),
    as_: str = typer.Option(..., "--as", help="The moderator's username."),
    status: int | None = typer.Option(None, help="The status (remove, label)."),
    account: int | None = typer.Option(None, help="The account (suspend, label)."),
    label: str | None = typer.Option(None, help="The label's value (label)."),
    report: int | None = typer.Option(None, help="The report this resolves."),
) -> None:
    """Take an action under a rule; it is logged and the author notified."""
    from townsquare.moderation import service

    draft = service.ActionDraft(
        kind=kind,
        target_type="status" if status is not None else "account",
        target_id=status if status is not None else (account or 0),
        rule_id=rule,
        reason=reason,
        label=label,
        report_id=report,
    )

    async def work(session: Any) -> Any:
        return await service.act(session, await _moderator(session, as_), draft)

    action = _run(work, commit=True)
    typer.echo(f"action {action.id}: {kind} under rule {rule}, logged")


@moderation_cli.command("reverse")
def reverse(
    action_id: int = typer.Argument(...),
    reason: str = typer.Option(...),
    as_: str = typer.Option(..., "--as", help="The moderator's username."),
) -> None:
    """Reverse an action in force; the reversal is logged and the author notified."""
    from townsquare.moderation import service

    async def work(session: Any) -> Any:
        return await service.reverse(session, await _moderator(session, as_), action_id, reason)

    _run(work, commit=True)
    typer.echo(f"action {action_id} reversed, logged")
