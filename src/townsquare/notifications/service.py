"""Notifications: every feature calls ``notify``, which applies the recipient's wishes;
the recipient lists, reads, dismisses and clears them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import NotFound
from townsquare.kit.paging import PageRequest
from townsquare.models import Account, Notification
from townsquare.models.base import utcnow
from townsquare.models.notification import NOTIFICATION_TYPES
from townsquare.notifications import repository as repo
from townsquare.social import repository as social
from townsquare.statuses import repository as statuses_repo

# Types an account receives about its own doing (its poll ended, its tip jar changed).
SELF_NOTIFICATIONS = ("poll", "moderation_warning", "townsquare.tip_jar_changed")


async def notify(
    session: AsyncSession,
    *,
    recipient_id: int,
    from_account_id: int,
    type: str,
    status_id: int | None = None,
) -> Notification | None:
    """Record a notification unless it is to oneself, the recipient blocks or mutes the sender,
    or the recipient muted the thread of the status it is about.

    Returns the notification, or ``None`` when none was made.
    """
    if type not in NOTIFICATION_TYPES:
        raise ValueError(f"unknown notification type {type!r}")
    if recipient_id == from_account_id and type not in SELF_NOTIFICATIONS:
        return None
    if recipient_id != from_account_id:
        if await social.blocks(session, recipient_id, from_account_id):
            return None
        mute = await social.active_mute(session, recipient_id, from_account_id)
        if mute is not None and mute.hide_notifications:
            return None
    if status_id is not None and await statuses_repo.conversation_muted(
        session, recipient_id, status_id
    ):
        return None
    notification = Notification(
        account_id=recipient_id, from_account_id=from_account_id, type=type, status_id=status_id
    )
    session.add(notification)
    return notification


async def list_for(
    session: AsyncSession,
    viewer: Account,
    page: PageRequest,
    *,
    types: Sequence[str] = (),
    exclude_types: Sequence[str] = (),
    from_account_id: int | None = None,
) -> list[Notification]:
    """A page of the viewer's notifications, newest first.

    As in Mastodon, unknown names in ``types`` match nothing (so only unknown types give
    an empty page) and unknown names in ``exclude_types`` exclude nothing.
    """
    wanted_types = None
    if types:
        wanted_types = [t for t in types if t in NOTIFICATION_TYPES]
        if not wanted_types:
            return []
    wanted = repo.NotificationFilter(
        types=wanted_types,
        exclude_types=[t for t in exclude_types if t in NOTIFICATION_TYPES],
        from_account_id=from_account_id,
    )
    return await repo.page(session, viewer.id, wanted, page, utcnow())


async def get_for(session: AsyncSession, viewer: Account, notification_id: int) -> Notification:
    """One of the viewer's notifications; 404 for another's, or one they may no longer see."""
    notification = await repo.get_visible(session, viewer.id, notification_id, utcnow())
    if notification is None:
        raise NotFound()
    return notification


async def dismiss(session: AsyncSession, viewer: Account, notification_id: int) -> None:
    """Delete one of the viewer's notifications; 404 when it is not theirs."""
    if not await repo.delete_one(session, viewer.id, notification_id):
        raise NotFound()


async def clear(session: AsyncSession, viewer: Account) -> None:
    """Delete all of the viewer's notifications."""
    await repo.delete_all(session, viewer.id)
