"""Reblogs, favourites, bookmarks, pins and muted threads.

Doing a thing twice, or undoing it twice, is harmless.

Every function takes a status the caller already found visible (``service.find_target``).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import Unprocessable
from townsquare.models import Account, Bookmark, Favourite, Status, StatusPin
from townsquare.models.base import utcnow
from townsquare.notifications.service import notify
from townsquare.settings import Settings
from townsquare.statuses import policy, repository, service, writes
from townsquare.timelines import fanout

REBLOG_VISIBILITIES = ("public", "unlisted", "private")


async def reblog(
    session: AsyncSession, settings: Settings, viewer: Account, status: Status, visibility: str
) -> Status:
    """Reblog ``status``; the existing reblog when the viewer already reblogged it."""
    if visibility not in REBLOG_VISIBILITIES:
        raise Unprocessable("Validation failed: Visibility is not included in the list")
    policy.ensure_can_reblog(viewer, status)
    existing = await repository.reblog_of(session, viewer.id, status.id)
    if existing is not None:
        return existing
    if status.visibility == "private":  # a self-boost of a private post stays private
        visibility = "private"
    reblog_id = await writes.insert_reblog(
        session,
        {"account_id": viewer.id, "reblog_of_id": status.id, "visibility": visibility},
    )
    if reblog_id is None:  # a concurrent request reblogged it first
        found = await repository.reblog_of(session, viewer.id, status.id)
        assert found is not None
        return found
    await writes.adjust_status_counter(session, status.id, Status.reblogs_count, 1)
    await writes.adjust_statuses_count(session, viewer.id, 1, posted_at=utcnow())
    created = await repository.get(session, reblog_id)
    assert created is not None
    await fanout.fan_out(session, settings, created, viewer, [])
    await notify(
        session,
        recipient_id=status.account_id,
        from_account_id=viewer.id,
        type="reblog",
        status_id=status.id,
    )
    return created


async def unreblog(session: AsyncSession, viewer: Account, status: Status) -> None:
    """Undo the viewer's reblog of ``status``, if there is one."""
    existing = await repository.reblog_of(session, viewer.id, status.id)
    if existing is not None:
        await service.delete(session, existing)


async def favourite(session: AsyncSession, viewer: Account, status: Status) -> None:
    if await writes.insert_interaction(session, Favourite, viewer.id, status.id):
        await writes.adjust_status_counter(session, status.id, Status.favourites_count, 1)
        await notify(
            session,
            recipient_id=status.account_id,
            from_account_id=viewer.id,
            type="favourite",
            status_id=status.id,
        )


async def unfavourite(session: AsyncSession, viewer: Account, status: Status) -> None:
    if await writes.delete_interaction(session, Favourite, viewer.id, status.id):
        await writes.adjust_status_counter(session, status.id, Status.favourites_count, -1)
        await writes.delete_notification(
            session,
            recipient_id=status.account_id,
            from_account_id=viewer.id,
            type="favourite",
            status_id=status.id,
        )


async def bookmark(session: AsyncSession, viewer: Account, status: Status) -> None:
    await writes.insert_interaction(session, Bookmark, viewer.id, status.id)


async def unbookmark(session: AsyncSession, viewer: Account, status: Status) -> None:
    await writes.delete_interaction(session, Bookmark, viewer.id, status.id)


async def mute_conversation(session: AsyncSession, viewer: Account, status: Status) -> None:
    """Hear nothing more from the status's thread: no notifications from it."""
    await writes.mute_conversation(session, viewer.id, status.conversation_id or status.id)


async def unmute_conversation(session: AsyncSession, viewer: Account, status: Status) -> None:
    await writes.unmute_conversation(session, viewer.id, status.conversation_id or status.id)


async def pin(session: AsyncSession, viewer: Account, status: Status) -> None:
    """Pin one of the viewer's own statuses (at most five)."""
    if status.id in await repository.pinned_ids(session, viewer.id, [status.id]):
        return
    await writes.lock_account(session, viewer.id)  # two racing pins cannot both pass the limit
    await policy.ensure_can_pin(session, viewer, status)
    await writes.insert_interaction(session, StatusPin, viewer.id, status.id)


async def unpin(session: AsyncSession, viewer: Account, status: Status) -> None:
    await writes.delete_interaction(session, StatusPin, viewer.id, status.id)
