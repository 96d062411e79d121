"""Batch queries about statuses, used to render them without N+1 queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.models import (
    Account,
    Bookmark,
    Favourite,
    Mention,
    OAuthApp,
    Status,
    StatusPin,
    StatusTag,
    Tag,
)


async def get(session: AsyncSession, status_id: int) -> Status | None:
    return await session.get(Status, status_id)


async def get_many(session: AsyncSession, ids: Iterable[int]) -> dict[int, Status]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await session.execute(select(Status).where(Status.id.in_(wanted)))
    return {s.id: s for s in rows.scalars()}


async def mentions_for(session: AsyncSession, ids: Iterable[int]) -> dict[int, list[Account]]:
    """Mentioned accounts per status id."""
    wanted = set(ids)
    result: dict[int, list[Account]] = defaultdict(list)
    if not wanted:
        return result
    rows = await session.execute(
        select(Mention.status_id, Account)
        .join(Account, Account.id == Mention.account_id)
        .where(Mention.status_id.in_(wanted))
        .order_by(Mention.status_id, Account.id)
    )
    for status_id, account in rows:
        result[status_id].append(account)
    return result


async def tags_for(session: AsyncSession, ids: Iterable[int]) -> dict[int, list[Tag]]:
    """Hashtags per status id."""
    wanted = set(ids)
    result: dict[int, list[Tag]] = defaultdict(list)
    if not wanted:
        return result
    rows = await session.execute(
        select(StatusTag.status_id, Tag)
        .join(Tag, Tag.id == StatusTag.tag_id)
        .where(StatusTag.status_id.in_(wanted))
        .order_by(StatusTag.status_id, Tag.name)
    )
    for status_id, tag in rows:
        result[status_id].append(tag)
    return result


async def _ids_with(session: AsyncSession, model: type, viewer_id: int, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    rows = await session.execute(
        select(model.status_id).where(model.account_id == viewer_id, model.status_id.in_(ids))  # type: ignore[attr-defined]
    )
    return set(rows.scalars())


async def favourited_ids(session: AsyncSession, viewer_id: int, ids: Iterable[int]) -> set[int]:
    return await _ids_with(session, Favourite, viewer_id, set(ids))


async def bookmarked_ids(session: AsyncSession, viewer_id: int, ids: Iterable[int]) -> set[int]:
    return await _ids_with(session, Bookmark, viewer_id, set(ids))


async def pinned_ids(session: AsyncSession, viewer_id: int, ids: Iterable[int]) -> set[int]:
    return await _ids_with(session, StatusPin, viewer_id, set(ids))


async def reblogged_ids(session: AsyncSession, viewer_id: int, ids: Iterable[int]) -> set[int]:
    """Which of ``ids`` the viewer has reblogged."""
    wanted = set(ids)
    if not wanted:
        return set()
    rows = await session.execute(
        select(Status.reblog_of_id).where(
            Status.account_id == viewer_id, Status.reblog_of_id.in_(wanted)
        )
    )
    return {i for i in rows.scalars() if i is not None}


async def apps_for(session: AsyncSession, app_ids: Iterable[int]) -> dict[int, OAuthApp]:
    wanted = set(app_ids)
    if not wanted:
        return {}
    rows = await session.execute(select(OAuthApp).where(OAuthApp.id.in_(wanted)))
    return {a.id: a for a in rows.scalars()}
