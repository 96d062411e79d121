"""Declared automation: a bot names the account that runs it ("managed by"), and the named
account confirms, declines or later removes the claim. Only a confirmed manager is shown:
otherwise any bot could borrow a reputable account's name."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts import repository as accounts_repo
from townsquare.kit.errors import NotFound, Unprocessable
from townsquare.models import Account
from townsquare.models.base import utcnow
from townsquare.settings import Settings

MAX_MANAGED_LISTED = 200


def _local_username(acct: str, settings: Settings) -> str:
    """``user`` or ``user@<this server>``; 422 for another server's account."""
    username, _, domain = acct.strip().lstrip("@").partition("@")
    if not username:
        raise Unprocessable(
            "Validation failed: managed_by must be an account (user or user@domain)"
        )
    if domain and domain.lower() != settings.domain.lower():
        raise Unprocessable(
            f"Validation failed: managed_by must be an account on this server ({settings.domain})"
        )
    return username


def _clear(bot: Account) -> None:
    bot.managed_by_id = None
    bot.managed_by_username = None
    bot.managed_by_confirmed_at = None


async def name_manager(
    session: AsyncSession, settings: Settings, bot: Account, acct: str
) -> Account:
    """The bot names its manager; the claim waits for the manager's confirmation."""
    if not bot.bot:
        raise Unprocessable(
            "Validation failed: only accounts marked as bots (bot=true) can name a manager"
        )
    manager = await accounts_repo.by_username(session, _local_username(acct, settings))
    if manager is None or manager.suspended_at is not None:
        raise NotFound(f"There is no account {acct.strip()!r} on this server")
    if manager.id == bot.id:
        raise Unprocessable("Validation failed: an account cannot be its own manager")
    if bot.managed_by_id != manager.id:
        bot.managed_by_id = manager.id
        bot.managed_by_username = manager.username
        bot.managed_by_confirmed_at = None
        bot.updated_at = utcnow()
    return manager


def withdraw(bot: Account) -> None:
    """The bot stops naming a manager (confirmed or not)."""
    _clear(bot)
    bot.updated_at = utcnow()


async def _bot_naming(session: AsyncSession, manager: Account, bot_id: int) -> Account:
    bot = await accounts_repo.get(session, bot_id)
    if bot is None or bot.managed_by_id != manager.id:
        raise NotFound("This account does not name you as its manager")
    return bot


async def confirm(session: AsyncSession, manager: Account, bot_id: int) -> Account:
    """The named manager confirms: from now on the bot's profile shows it."""
    bot = await _bot_naming(session, manager, bot_id)
    if bot.managed_by_confirmed_at is None:
        bot.managed_by_confirmed_at = utcnow()
        bot.updated_at = utcnow()
    return bot


async def decline(session: AsyncSession, manager: Account, bot_id: int) -> Account:
    """The named manager refuses a pending claim."""
    bot = await _bot_naming(session, manager, bot_id)
    if bot.managed_by_confirmed_at is not None:
        raise Unprocessable(
            "You already confirmed managing this account; remove it instead (DELETE)"
        )
    withdraw(bot)
    return bot


async def remove(session: AsyncSession, manager: Account, bot_id: int) -> Account:
    """The manager stops managing a bot (confirmed or pending): the profile no longer says so."""
    bot = await _bot_naming(session, manager, bot_id)
    withdraw(bot)
    return bot


async def bots_naming(session: AsyncSession, manager_id: int) -> list[Account]:
    """The accounts that name ``manager_id`` as their manager, pending or confirmed."""
    rows = await session.execute(
        select(Account)
        .where(Account.managed_by_id == manager_id)
        .order_by(Account.id)
        .limit(MAX_MANAGED_LISTED)
    )
    return list(rows.scalars())


def confirmed_manager(account: Account, settings: Settings) -> dict[str, Any] | None:
    """The manager as the Account entity's ``managed_by`` shows it (a mention-shaped
    reference), or ``None``: nothing is shown until the manager confirmed, nor for an
    account that is no longer a bot."""
    if not (account.bot and account.managed_by_id and account.managed_by_confirmed_at):
        return None
    username = account.managed_by_username or ""
    return {
        "id": str(account.managed_by_id),
        "username": username,
        "acct": username,
        "url": f"{settings.base_url}/@{username}",
    }
