"""Who may see a status, and who may reblog or pin it.

A status the viewer may not see does not exist for them: every verb answers 404.
The author always sees their own statuses. Otherwise a block in either direction hides
it; public and unlisted statuses are open to anyone, private ones to followers and
mentioned accounts, direct ones to mentioned accounts only.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import Forbidden, Unprocessable
from townsquare.models import Account, Status
from townsquare.social import repository as social
from townsquare.statuses import repository

OPEN = frozenset({"public", "unlisted"})
NOT_ALLOWED = "This action is not allowed"
MAX_PINS = 5


async def can_view(session: AsyncSession, viewer: Account | None, status: Status) -> bool:
    """Whether ``viewer`` (``None``: anonymous) may see ``status``."""
    return status.id in await visible_ids(session, viewer, [status])


async def visible_ids(
    session: AsyncSession, viewer: Account | None, statuses: Sequence[Status]
) -> set[int]:
    """The ids of ``statuses`` the viewer may see: at most three queries, whatever the count."""
    if viewer is None:
        return {s.id for s in statuses if s.visibility in OPEN}
    others = [s for s in statuses if s.account_id != viewer.id]
    blocked = await repository.blocked_either_way_among(
        session, viewer.id, {s.account_id for s in others}
    )
    restricted = [s for s in others if s.visibility not in OPEN and s.account_id not in blocked]
    mentioned = await repository.mentioned_among(session, viewer.id, [s.id for s in restricted])
    followed = await social.following_among(
        session, viewer.id, {s.account_id for s in restricted if s.visibility == "private"}
    )
    visible = {s.id for s in statuses if s.account_id == viewer.id}
    for status in others:
        if status.account_id in blocked:
            continue
        if (
            status.visibility in OPEN
            or status.id in mentioned
            or (status.visibility == "private" and status.account_id in followed)
        ):
            visible.add(status.id)
    return visible


def ensure_can_reblog(viewer: Account, status: Status) -> None:
    """403 for direct statuses, and for private ones unless they are the viewer's own."""
    if status.visibility == "direct" or (
        status.visibility == "private" and status.account_id != viewer.id
    ):
        raise Forbidden(NOT_ALLOWED)


async def ensure_can_pin(session: AsyncSession, viewer: Account, status: Status) -> None:
    """Mastodon's pin rules, with its messages: own, not a boost, not direct, at most five."""
    if status.reblog_of_id is not None:
        raise Unprocessable("Validation failed: A boost cannot be pinned")
    if status.account_id != viewer.id:
        raise Unprocessable("Validation failed: Someone else's post cannot be pinned")
    if status.visibility == "direct":
        raise Unprocessable(
            "Validation failed: Posts that are only visible to mentioned users cannot be pinned"
        )
    if await repository.pin_count(session, viewer.id) >= MAX_PINS:
        raise Unprocessable(
            "Validation failed: You have already pinned the maximum number of posts"
        )
