"""Who may follow, block or mute whom, and who may see an account's follow lists.

Queries for "who should this viewer not see" live in ``social.repository``
(``muted_ids``, ``blocked_or_blocking_ids`` and their subquery forms); they are
re-exported here so that other features can ask the policy module alone.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import Forbidden, NotFound
from townsquare.models import Account
from townsquare.social import repository
from townsquare.social.repository import (
    blocked_or_blocking_ids,
    blocked_or_blocking_query,
    excluded_ids_query,
    muted_ids,
    muted_ids_query,
)

__all__ = [
    "NOT_ALLOWED",
    "blocked_or_blocking_ids",
    "blocked_or_blocking_query",
    "ensure_may_follow",
    "ensure_not_self",
    "excluded_ids_query",
    "hides_follow_lists_from",
    "muted_ids",
    "muted_ids_query",
]

NOT_ALLOWED = "This action is not allowed"


async def ensure_may_follow(session: AsyncSession, actor_id: int, target: Account) -> None:
    """Raise unless ``actor_id`` may follow ``target``.

    As in Mastodon: following oneself or a suspended account is a 404 (the follow is not
    possible), following across a block in either direction is a 403.
    """
    if target.id == actor_id or target.suspended_at is not None:
        raise NotFound()
    if await repository.blocked_either_way(session, actor_id, target.id):
        raise Forbidden(NOT_ALLOWED)


def ensure_not_self(actor_id: int, target_id: int) -> None:
    """Blocking or muting oneself is refused: it would hide one's own posts from oneself."""
    if actor_id == target_id:
        raise Forbidden(NOT_ALLOWED)


async def hides_follow_lists_from(
    session: AsyncSession, owner: Account, viewer_id: int | None
) -> bool:
    """Whether ``owner``'s followers and following lists show as empty to the viewer.

    They do when the owner is suspended, hides them (``hide_collections``) from everyone
    but themselves, or blocks the viewer (Mastodon's rules).
    """
    if owner.suspended_at is not None:
        return True
    if owner.hide_collections and owner.id != viewer_id:
        return True
    return viewer_id is not None and await repository.blocks(session, owner.id, viewer_id)
