"""Queries over the social graph shared by every feature (visibility, fan-out, notifications)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.models import Block, Follow, Mute
from townsquare.models.base import utcnow


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
        from townsquare.models.base import as_utc

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
