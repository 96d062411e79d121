"""Queries for accounts and users."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.models import Account, User


async def get(session: AsyncSession, account_id: int) -> Account | None:
    return await session.get(Account, account_id)


async def get_many(session: AsyncSession, ids: Iterable[int]) -> dict[int, Account]:
    """Accounts by id, one query."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await session.execute(select(Account).where(Account.id.in_(wanted)))
    return {a.id: a for a in rows.scalars()}


async def by_username(session: AsyncSession, username: str) -> Account | None:
    return (
        await session.execute(select(Account).where(Account.username_lower == username.lower()))
    ).scalar_one_or_none()


async def by_usernames(session: AsyncSession, usernames: Iterable[str]) -> dict[str, Account]:
    """Accounts keyed by lower-cased username."""
    lowered = {u.lower() for u in usernames}
    if not lowered:
        return {}
    rows = await session.execute(select(Account).where(Account.username_lower.in_(lowered)))
    return {a.username_lower: a for a in rows.scalars()}


async def user_by_login(session: AsyncSession, login: str) -> tuple[User, Account] | None:
    """The user whose email or username is ``login``."""
    row = (
        await session.execute(
            select(User, Account)
            .join(Account, Account.id == User.account_id)
            .where(
                or_(
                    func.lower(User.email) == login.lower(), Account.username_lower == login.lower()
                )
            )
        )
    ).first()
    return (row[0], row[1]) if row else None


async def user_for_account(session: AsyncSession, account_id: int) -> User | None:
    return (
        await session.execute(select(User).where(User.account_id == account_id))
    ).scalar_one_or_none()


async def email_taken(session: AsyncSession, email: str) -> bool:
    found = await session.execute(select(User.id).where(func.lower(User.email) == email.lower()))
    return found.first() is not None
