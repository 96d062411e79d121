"""Queries for accounts and users."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.prepared import Prepared, models_by_id
from townsquare.kit.sql import in_ids
from townsquare.models import Account, Follow, FollowRequest, User


async def get(session: AsyncSession, account_id: int) -> Account | None:
    return await session.get(Account, account_id)


# Built once: rendering any page of statuses or accounts runs it.
_BY_IDS = select(Account).where(in_ids(Account.id, "ids"))
_READ_BY_IDS = Prepared(_BY_IDS)


async def get_many(session: AsyncSession, ids: Iterable[int]) -> dict[int, Account]:
    """Accounts by id, one query, in the session (changes to them are saved)."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = await session.execute(_BY_IDS, {"ids": wanted})
    return {a.id: a for a in rows.scalars()}


async def read_many(session: AsyncSession, ids: Iterable[int]) -> dict[int, Account]:
    """Accounts by id, one query, as detached read-only copies (``kit.prepared``): for
    rendering, several times cheaper than ``get_many``; nothing written to them is saved."""
    return await models_by_id(session, _READ_BY_IDS, Account, ids)


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


async def follow_requests_count(session: AsyncSession, account_id: int) -> int:
    """How many follow requests ``account_id`` has waiting."""
    found = await session.execute(
        select(func.count())
        .select_from(FollowRequest)
        .where(FollowRequest.target_account_id == account_id)
    )
    return int(found.scalar() or 0)


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


async def search(
    session: AsyncSession,
    query: str,
    *,
    limit: int,
    offset: int = 0,
    followed_by: int | None = None,
) -> list[Account]:
    """Active accounts whose username or a word of whose display name starts with ``query``.

    An exact username comes first, then the most followed. ``followed_by`` restricts the
    search to the accounts that account follows.
    """
    lowered = query.lower()
    prefix = _like_prefix(lowered)
    display_name = func.lower(Account.display_name)
    statement = select(Account).where(
        Account.suspended_at.is_(None),
        or_(
            Account.username_lower.like(prefix, escape="\\"),
            display_name.like(prefix, escape="\\"),
            display_name.like("% " + prefix, escape="\\"),
        ),
    )
    if followed_by is not None:
        followed = select(Follow.target_account_id).where(Follow.account_id == followed_by)
        statement = statement.where(Account.id.in_(followed))
    statement = (
        statement.order_by(
            case((Account.username_lower == lowered, 0), else_=1),
            Account.followers_count.desc(),
            Account.id,
        )
        .offset(offset)
        .limit(limit)
    )
    return list((await session.execute(statement)).scalars())
