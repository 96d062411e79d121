"""SQL fragments shared by timeline and notification queries: who is hidden, what is visible.

Each fragment is a correlated ``EXISTS`` probe on a unique or primary-key index, so a
query can apply it row by row while it walks an ordered index range and stop as soon
as the page is full: the cost does not depend on how many accounts a viewer follows,
mutes or blocks.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, ColumnElement, and_, bindparam, exists, or_

from townsquare.models import Block, Follow, Mention, Mute

# Visibilities a stranger may see, and those a follower may see.
OPEN_VISIBILITIES = ("public", "unlisted")
FOLLOWER_VISIBILITIES = ("public", "unlisted", "private")

# Named parameters for cached statements: run them with ``{"viewer_id": ..., "now": ...}``.
VIEWER = bindparam("viewer_id", type_=BigInteger)
NOW = bindparam("now", type_=Mute.__table__.c.expires_at.type)


def active_mute(viewer_id: Any, account_ids: list[Any], now: Any) -> ColumnElement[bool]:
    """The viewer mutes one of ``account_ids`` (columns or values) and the mute has not expired."""
    return exists().where(
        Mute.account_id == viewer_id,
        Mute.target_account_id.in_(account_ids),
        or_(Mute.expires_at.is_(None), Mute.expires_at > now),
    )


def notification_mute(viewer_id: Any, account_id: Any, now: Any) -> ColumnElement[bool]:
    """The viewer mutes ``account_id`` with notifications hidden, and the mute is active."""
    return exists().where(
        Mute.account_id == viewer_id,
        Mute.target_account_id == account_id,
        Mute.hide_notifications.is_(True),
        or_(Mute.expires_at.is_(None), Mute.expires_at > now),
    )


def viewer_blocks(viewer_id: Any, account_ids: list[Any]) -> ColumnElement[bool]:
    """The viewer blocks one of ``account_ids``."""
    return exists().where(Block.account_id == viewer_id, Block.target_account_id.in_(account_ids))


def blocks_viewer(viewer_id: Any, account_ids: list[Any]) -> ColumnElement[bool]:
    """One of ``account_ids`` blocks the viewer."""
    return exists().where(Block.account_id.in_(account_ids), Block.target_account_id == viewer_id)


def hidden_accounts(viewer_id: Any, account_ids: list[Any], now: Any) -> ColumnElement[bool]:
    """Statuses by any of ``account_ids`` must not reach the viewer (mute or block either way)."""
    return or_(
        active_mute(viewer_id, account_ids, now),
        viewer_blocks(viewer_id, account_ids),
        blocks_viewer(viewer_id, account_ids),
    )


def follows(viewer_id: Any, account_id: Any) -> ColumnElement[bool]:
    return exists().where(Follow.account_id == viewer_id, Follow.target_account_id == account_id)


def mentions(viewer_id: Any, status_id: Any) -> ColumnElement[bool]:
    return exists().where(Mention.status_id == status_id, Mention.account_id == viewer_id)


def visible_to(viewer_id: Any, status: Any) -> ColumnElement[bool]:
    """The viewer may see the status row ``status`` (a table or alias with status columns).

    Public and unlisted to anyone, private to followers, anything to its author and to
    the accounts it mentions; nothing when its author blocks the viewer.
    """
    c = status.c if hasattr(status, "c") else status
    return and_(
        or_(
            c.visibility.in_(OPEN_VISIBILITIES),
            c.account_id == viewer_id,
            and_(c.visibility == "private", follows(viewer_id, c.account_id)),
            mentions(viewer_id, c.id),
        ),
        ~exists().where(Block.account_id == c.account_id, Block.target_account_id == viewer_id),
    )


def not_reply_to_others(status: Any) -> ColumnElement[bool]:
    """Not a reply, or a reply to oneself (a thread), as Mastodon's ``without_replies``."""
    c = status.c if hasattr(status, "c") else status
    return or_(c.in_reply_to_id.is_(None), c.in_reply_to_account_id == c.account_id)
