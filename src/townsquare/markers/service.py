"""Read-marker rules: which timelines have markers, and saving them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.markers import repository
from townsquare.models import Account, Marker
from townsquare.models.marker import MARKER_TIMELINES


async def get(
    session: AsyncSession, viewer: Account, timelines: Sequence[str]
) -> dict[str, Marker]:
    """The viewer's markers for the known timelines among ``timelines`` (others are ignored)."""
    wanted = [t for t in dict.fromkeys(timelines) if t in MARKER_TIMELINES]
    return await repository.for_account(session, viewer.id, wanted)


async def save(
    session: AsyncSession, viewer: Account, positions: Mapping[str, int]
) -> dict[str, Marker]:
    """Save the given ``{timeline: last_read_id}`` positions and return those markers."""
    for timeline, last_read_id in positions.items():
        await repository.save(session, viewer.id, timeline, last_read_id)
    await session.flush()
    markers = await repository.for_account(session, viewer.id, list(positions))
    for marker in markers.values():
        await session.refresh(marker)  # the version moved in SQL
    return markers


async def last_read_notification(session: AsyncSession, viewer: Account) -> int | None:
    """The id of the last notification the viewer has read, if an app saved it."""
    markers = await repository.for_account(session, viewer.id, ["notifications"])
    marker = markers.get("notifications")
    return marker.last_read_id if marker else None
