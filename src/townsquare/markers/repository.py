"""Queries for read markers."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.sql import insert_ignoring_duplicates
from townsquare.models import Marker
from townsquare.models.base import utcnow


async def for_account(
    session: AsyncSession, account_id: int, timelines: Sequence[str]
) -> dict[str, Marker]:
    """The account's markers for ``timelines``, by timeline name."""
    if not timelines:
        return {}
    rows = await session.execute(
        select(Marker).where(Marker.account_id == account_id, Marker.timeline.in_(timelines))
    )
    return {m.timeline: m for m in rows.scalars()}


async def save(session: AsyncSession, account_id: int, timeline: str, last_read_id: int) -> None:
    """Set a marker, bumping its version; two apps saving at once both land, in turn."""
    now = utcnow()
    inserted = await session.execute(
        insert_ignoring_duplicates(session, Marker)
        .values(
            account_id=account_id,
            timeline=timeline,
            last_read_id=last_read_id,
            version=0,
            updated_at=now,
        )
        .returning(Marker.version)
    )
    if inserted.first() is not None:
        return
    await session.execute(
        update(Marker)
        .where(Marker.account_id == account_id, Marker.timeline == timeline)
        .values(last_read_id=last_read_id, version=Marker.version + 1, updated_at=now)
    )
