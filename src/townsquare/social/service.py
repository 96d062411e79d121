"""Social graph rules: follow, unfollow, follow requests, blocks and mutes.

Every action is idempotent: doing it twice leaves the same state as doing it once, and
counters move only when a row was really inserted or deleted. Services never commit;
the endpoint's transaction does, so a failure leaves nothing half-written.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import NotFound, Unprocessable
from townsquare.models import Account, Follow, FollowRequest
from townsquare.models.base import utcnow
from townsquare.notifications.service import notify as send_notification
from townsquare.settings import Settings
from townsquare.social import policy, repository
from townsquare.timelines import fanout

# Mutes can last up to ten years; 0 means until unmuted.
MAX_MUTE_SECONDS = 10 * 365 * 24 * 3600


async def follow(
    session: AsyncSession,
    settings: Settings,
    actor: Account,
    target: Account,
    *,
    reblogs: bool | None = None,
    notify: bool | None = None,
) -> None:
    """Follow ``target``, or ask to when it is locked; re-following updates the options.

    ``None`` options keep the current value (a new follow shows reblogs and does not notify).
    """
    await policy.ensure_may_follow(session, actor.id, target)
    for model, exists in (
        (Follow, repository.is_following),
        (FollowRequest, repository.has_follow_request),
    ):
        if await exists(session, actor.id, target.id):
            await repository.update_follow_options(
                session, model, actor.id, target.id, show_reblogs=reblogs, notify=notify
            )
            return
    show_reblogs = True if reblogs is None else reblogs
    if target.locked:
        asked = await repository.insert_link(
            session,
            FollowRequest,
            actor.id,
            target.id,
            show_reblogs=show_reblogs,
            notify=bool(notify),
        )
        if asked:
            await send_notification(
                session, recipient_id=target.id, from_account_id=actor.id, type="follow_request"
            )
        return
    started = await _start_follow(
        session, settings, actor.id, target, show_reblogs=show_reblogs, notify=bool(notify)
    )
    if started:
        await send_notification(
            session, recipient_id=target.id, from_account_id=actor.id, type="follow"
        )


async def unfollow(session: AsyncSession, actor: Account, target: Account) -> None:
    """Stop following ``target``, or withdraw a pending request to follow it."""
    await _end_follow(session, actor.id, target.id)
    await _withdraw_request(session, actor.id, target.id)


async def remove_from_followers(session: AsyncSession, actor: Account, target: Account) -> None:
    """Make ``target`` stop following ``actor``."""
    await _end_follow(session, target.id, actor.id)


async def authorize_request(
    session: AsyncSession, settings: Settings, actor: Account, requester_id: int
) -> None:
    """Accept ``requester_id``'s request to follow ``actor``; 404 when there is none."""
    taken = await _withdraw_request(session, requester_id, actor.id)
    if taken is None:
        raise NotFound()
    show_reblogs, notify = taken
    # Mastodon sends no notification here: the requester simply becomes a follower.
    await _start_follow(
        session, settings, requester_id, actor, show_reblogs=show_reblogs, notify=notify
    )


async def accept_all_requests(session: AsyncSession, settings: Settings, actor: Account) -> None:
    """Accept every pending request (an account that unlocks stops vetting followers)."""
    for requester_id in await repository.pending_requester_ids(session, actor.id):
        await authorize_request(session, settings, actor, requester_id)


async def reject_request(session: AsyncSession, actor: Account, requester_id: int) -> None:
    """Refuse ``requester_id``'s request to follow ``actor``; 404 when there is none."""
    if await _withdraw_request(session, requester_id, actor.id) is None:
        raise NotFound()


async def block(session: AsyncSession, actor: Account, target: Account) -> None:
    """Block ``target``: follows and requests end both ways, its notifications go."""
    policy.ensure_not_self(actor.id, target.id)
    for source, destination in ((actor.id, target.id), (target.id, actor.id)):
        await _end_follow(session, source, destination)
        await _withdraw_request(session, source, destination)
    await repository.insert_block(session, actor.id, target.id)
    await repository.delete_notifications(session, actor.id, target.id, types=None)


async def unblock(session: AsyncSession, actor: Account, target: Account) -> None:
    await repository.delete_block(session, actor.id, target.id)


async def mute(
    session: AsyncSession,
    actor: Account,
    target: Account,
    *,
    notifications: bool = True,
    duration: int = 0,
) -> None:
    """Mute ``target`` for ``duration`` seconds (0: until unmuted); muting again updates it."""
    policy.ensure_not_self(actor.id, target.id)
    if not 0 <= duration <= MAX_MUTE_SECONDS:
        raise Unprocessable(f"Validation failed: duration must be between 0 and {MAX_MUTE_SECONDS}")
    expires_at = utcnow() + timedelta(seconds=duration) if duration else None
    await repository.save_mute(
        session, actor.id, target.id, hide_notifications=notifications, expires_at=expires_at
    )


async def unmute(session: AsyncSession, actor: Account, target: Account) -> None:
    await repository.delete_mute(session, actor.id, target.id)


async def _start_follow(
    session: AsyncSession,
    settings: Settings,
    follower_id: int,
    target: Account,
    *,
    show_reblogs: bool,
    notify: bool,
) -> bool:
    """Create the follow with its counters and home backfill; ``False`` if it existed."""
    created = await repository.insert_link(
        session, Follow, follower_id, target.id, show_reblogs=show_reblogs, notify=notify
    )
    if created:
        await repository.adjust_follow_counts(session, follower_id, target.id, +1)
        await fanout.on_follow(session, settings, follower_id, target)
    return created


async def _end_follow(session: AsyncSession, follower_id: int, target_id: int) -> None:
    """Delete the follow with its counters, home entries and ``follow`` notification."""
    if not await repository.delete_follow(session, follower_id, target_id):
        return
    await repository.adjust_follow_counts(session, follower_id, target_id, -1)
    await fanout.on_unfollow(session, follower_id, target_id)
    await repository.delete_notifications(session, target_id, follower_id, types=["follow"])


async def _withdraw_request(
    session: AsyncSession, follower_id: int, target_id: int
) -> tuple[bool, bool] | None:
    """Delete a pending request and its notification; its ``(show_reblogs, notify)``."""
    taken = await repository.take_follow_request(session, follower_id, target_id)
    if taken is not None:
        await repository.delete_notifications(
            session, target_id, follower_id, types=["follow_request"]
        )
    return taken
