"""Creating notifications. Every feature calls ``notify``; it applies the recipient's wishes."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.models import Notification
from townsquare.models.notification import NOTIFICATION_TYPES
from townsquare.social import repository as social


async def notify(
    session: AsyncSession,
    *,
    recipient_id: int,
    from_account_id: int,
    type: str,
    status_id: int | None = None,
) -> Notification | None:
    """Record a notification unless it is to oneself, or the recipient blocks or mutes the sender.

    Returns the notification, or ``None`` when none was made.
    """
    if type not in NOTIFICATION_TYPES:
        raise ValueError(f"unknown notification type {type!r}")
    if recipient_id == from_account_id and type not in ("poll", "moderation_warning"):
        return None
    if recipient_id != from_account_id:
        if await social.blocks(session, recipient_id, from_account_id):
            return None
        mute = await social.active_mute(session, recipient_id, from_account_id)
        if mute is not None and mute.hide_notifications:
            return None
    notification = Notification(
        account_id=recipient_id, from_account_id=from_account_id, type=type, status_id=status_id
    )
    session.add(notification)
    return notification
