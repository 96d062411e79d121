"""Queries over the social graph shared by every feature (visibility, fan-out, notifications)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    delete,
    exists,
    func,
    or_,
    select,
    union,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.sql import insert_ignoring_duplicates
from townsquare.models import Account, Block, Follow, FollowRequest, Mute, Notification
from townsquare.models.base import as_utc, utcnow


async def is_following(session: AsyncSession, account_id: int, target_id: int) -> bool:
    found = await session.execute(
        select(
            exists().where(Follow.account_id == account_id, Follow.target_account_id == target_id)
        )
    )
    return bool(found.scalar())


async def blocked_either_way(session: AsyncSession, a: int, b: int) -> bool:
    """Whether ``a`` blocks ``b`` or ``b`` blocks ``a``."""
    found = await session.execute(
        select(
            exists().where(
                or_(
                    and_(Block.account_id == a, Block.target_account_id == b),
                    and_(Block.account_id == b, Block.target_account_id == a),
                )
            )
        )
    )
    return bool(found.scalar())


async def blocks(session: AsyncSession, account_id: int, target_id: int) -> bool:
    """Whether ``account_id`` blocks ``target_id``."""
    found = await session.execute(
        select(exists().where(Block.account_id == account_id, Block.target_account_id == target_id))
    )
    return bool(found.scalar())


async def active_mute(session: AsyncSession, account_id: int, target_id: int) -> Mute | None:
    """The unexpired mute of ``target_id`` by ``account_id``, if any."""
    mute = (
        await session.execute(
            select(Mute).where(Mute.account_id == account_id, Mute.target_account_id == target_id)
        )
    ).scalar_one_or_none()
    if mute is None:
        return None
    if mute.expires_at is not None:
        expires = as_utc(mute.expires_at)
        if expires is not None and expires <= utcnow():
            return None
    return mute


async def following_among(
    session: AsyncSession, account_id: int, target_ids: Iterable[int]
) -> set[int]:
    """Which of ``target_ids`` ``account_id`` follows."""
    wanted = set(target_ids)
    if not wanted:
        return set()
    rows = await session.execute(
        select(Follow.target_account_id).where(
            Follow.account_id == account_id, Follow.target_account_id.in_(wanted)
        )
    )
    return set(rows.scalars())


# -- Who a viewer should not see: shared by timelines, notifications, search and lists. --


def active_mute_condition() -> ColumnElement[bool]:
    """SQL condition true for mutes that have not expired (``expires_at`` null or future)."""
    return or_(Mute.expires_at.is_(None), Mute.expires_at > utcnow())


def muted_ids_query(viewer_id: int) -> Select[Any]:
    """A subquery-ready select of the account ids ``viewer_id`` mutes (active mutes only)."""
    return select(Mute.target_account_id).where(
        Mute.account_id == viewer_id, active_mute_condition()
    )


def blocked_or_blocking_query(viewer_id: int) -> CompoundSelect:
    """A subquery-ready select of ids ``viewer_id`` blocks or is blocked by."""
    return union(
        select(Block.target_account_id).where(Block.account_id == viewer_id),
        select(Block.account_id).where(Block.target_account_id == viewer_id),
    )


def excluded_ids_query(viewer_id: int) -> CompoundSelect:
    """Ids whose content ``viewer_id`` should not see: blocked either way, or muted."""
    return union(
        select(Block.target_account_id).where(Block.account_id == viewer_id),
        select(Block.account_id).where(Block.target_account_id == viewer_id),
        muted_ids_query(viewer_id),
    )


async def muted_ids(session: AsyncSession, viewer_id: int) -> set[int]:
    """The accounts ``viewer_id`` currently mutes (expired mutes are left out)."""
    return set((await session.execute(muted_ids_query(viewer_id))).scalars())


async def blocked_or_blocking_ids(session: AsyncSession, viewer_id: int) -> set[int]:
    """The accounts ``viewer_id`` blocks, together with those that block ``viewer_id``."""
    return set((await session.execute(blocked_or_blocking_query(viewer_id))).scalars())


async def follow_request_count(session: AsyncSession, account_id: int) -> int:
    """How many follow requests wait for ``account_id``'s answer."""
    found = await session.execute(
        select(func.count())
        .select_from(FollowRequest)
        .where(FollowRequest.target_account_id == account_id)
    )
    return int(found.scalar_one())


# -- Writes. Each reports whether it changed anything, so callers keep counters exact. --


async def insert_link(
    session: AsyncSession,
    model: type[Follow] | type[FollowRequest],
    follower_id: int,
    target_id: int,
    *,
    show_reblogs: bool,
    notify: bool,
) -> bool:
    """Create a follow or a follow request; ``False`` when it already existed (even under a
    concurrent insert)."""
    inserted = await session.execute(
        insert_ignoring_duplicates(session, model)
        .values(
            account_id=follower_id,
            target_account_id=target_id,
            show_reblogs=show_reblogs,
            notify=notify,
        )
        .returning(model.id)
    )
    return inserted.first() is not None


async def update_follow_options(
    session: AsyncSession, model: type[Follow] | type[FollowRequest], follower_id: int,
    target_id: int, *, show_reblogs: bool | None, notify: bool | None,
) -> None:  # fmt: skip
    """Change ``show_reblogs`` / ``notify`` of a follow or a request; ``None`` keeps a value."""
    values = {
        name: value
        for name, value in (("show_reblogs", show_reblogs), ("notify", notify))
        if value is not None
    }
    if not values:
        return
    await session.execute(
        update(model)
        .where(model.account_id == follower_id, model.target_account_id == target_id)
        .values(**values)
    )


async def delete_follow(session: AsyncSession, follower_id: int, target_id: int) -> bool:
    """Remove the follow; ``False`` when there was none."""
    deleted = await session.execute(
        delete(Follow)
        .where(Follow.account_id == follower_id, Follow.target_account_id == target_id)
        .returning(Follow.id)
    )
    return deleted.first() is not None


async def adjust_follow_counts(
    session: AsyncSession, follower_id: int, target_id: int, delta: int
) -> None:
    """Add ``delta`` to the follower's following_count and the target's followers_count.

    ``x = x + delta`` in SQL, so concurrent follows never lose an update; rows are
    updated in id order so that two opposite follows cannot deadlock on PostgreSQL.
    """
    columns = {follower_id: Account.following_count, target_id: Account.followers_count}
    for account_id in sorted(columns):
        column = columns[account_id]
        await session.execute(
            update(Account).where(Account.id == account_id).values({column: column + delta})
        )


async def has_follow_request(session: AsyncSession, follower_id: int, target_id: int) -> bool:
    found = await session.execute(
        select(
            exists().where(
                FollowRequest.account_id == follower_id,
                FollowRequest.target_account_id == target_id,
            )
        )
    )
    return bool(found.scalar())


async def take_follow_request(
    session: AsyncSession, follower_id: int, target_id: int
) -> tuple[bool, bool] | None:
    """Delete a pending request and return its ``(show_reblogs, notify)``, or ``None``."""
    deleted = await session.execute(
        delete(FollowRequest)
        .where(
            FollowRequest.account_id == follower_id,
            FollowRequest.target_account_id == target_id,
        )
        .returning(FollowRequest.show_reblogs, FollowRequest.notify)
    )
    row = deleted.first()
    return (bool(row[0]), bool(row[1])) if row else None


async def insert_block(session: AsyncSession, account_id: int, target_id: int) -> bool:
    inserted = await session.execute(
        insert_ignoring_duplicates(session, Block)
        .values(account_id=account_id, target_account_id=target_id)
        .returning(Block.id)
    )
    return inserted.first() is not None


async def delete_block(session: AsyncSession, account_id: int, target_id: int) -> None:
    await session.execute(
        delete(Block).where(Block.account_id == account_id, Block.target_account_id == target_id)
    )


async def save_mute(
    session: AsyncSession,
    account_id: int,
    target_id: int,
    *,
    hide_notifications: bool,
    expires_at: datetime | None,
) -> None:
    """Create the mute, or update an existing (possibly expired) one in place."""
    values = {"hide_notifications": hide_notifications, "expires_at": expires_at}
    inserted = await session.execute(
        insert_ignoring_duplicates(session, Mute)
        .values(account_id=account_id, target_account_id=target_id, **values)
        .returning(Mute.id)
    )
    if inserted.first() is None:
        await session.execute(
            update(Mute)
            .where(Mute.account_id == account_id, Mute.target_account_id == target_id)
            .values(**values)
        )


async def delete_mute(session: AsyncSession, account_id: int, target_id: int) -> None:
    await session.execute(
        delete(Mute).where(Mute.account_id == account_id, Mute.target_account_id == target_id)
    )


async def delete_notifications(
    session: AsyncSession, recipient_id: int, from_account_id: int, types: Iterable[str] | None
) -> None:
    """Delete what ``from_account_id`` notified ``recipient_id`` of (``types``, or all)."""
    query = delete(Notification).where(
        Notification.account_id == recipient_id, Notification.from_account_id == from_account_id
    )
    if types is not None:
        query = query.where(Notification.type.in_(list(types)))
    await session.execute(query)


async def pending_requester_ids(session: AsyncSession, target_id: int) -> list[int]:
    """Accounts waiting for ``target_id`` to accept their follow request, oldest first."""
    rows = await session.execute(
        select(FollowRequest.account_id)
        .where(FollowRequest.target_account_id == target_id)
        .order_by(FollowRequest.id)
    )
    return list(rows.scalars())
