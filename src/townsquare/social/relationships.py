"""The viewer's relationship to other accounts, in a constant number of queries.

Five small indexed queries answer for any number of accounts: which exist, the follows
and follow requests in both directions, the blocks in both directions, and the
viewer's active mutes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.models import Account, Block, Follow, FollowRequest, Mute
from townsquare.models.base import as_utc
from townsquare.social.repository import active_mute_condition


@dataclass
class Relationship:
    """How the viewer relates to account ``id`` (Mastodon's Relationship entity, as data)."""

    id: int
    following: bool = False
    showing_reblogs: bool = False
    notifying: bool = False
    followed_by: bool = False
    blocking: bool = False
    blocked_by: bool = False
    muting: bool = False
    muting_notifications: bool = False
    muting_expires_at: datetime | None = None
    requested: bool = False
    requested_by: bool = False


async def relationships(
    session: AsyncSession, viewer_id: int, ids: Iterable[int], *, with_suspended: bool = True
) -> list[Relationship]:
    """Relationships to ``ids`` in the order asked, skipping unknown (and suspended) accounts."""
    wanted = list(dict.fromkeys(ids))
    existing = await _existing_ids(session, wanted, with_suspended)
    found = {i: Relationship(id=i) for i in wanted if i in existing}
    if not found:
        return []
    await _apply_follows(session, viewer_id, found)
    await _apply_requests(session, viewer_id, found)
    await _apply_blocks(session, viewer_id, found)
    await _apply_mutes(session, viewer_id, found)
    return list(found.values())


async def relationship(session: AsyncSession, viewer_id: int, account_id: int) -> Relationship:
    """The relationship to one account (an empty one when the account does not exist)."""
    found = await relationships(session, viewer_id, [account_id])
    return found[0] if found else Relationship(id=account_id)


async def _existing_ids(session: AsyncSession, ids: list[int], with_suspended: bool) -> set[int]:
    if not ids:
        return set()
    query = select(Account.id).where(Account.id.in_(ids))
    if not with_suspended:
        query = query.where(Account.suspended_at.is_(None))
    return set((await session.execute(query)).scalars())


def _both_ways(
    model: type[Follow] | type[FollowRequest] | type[Block], viewer_id: int, ids: Iterable[int]
) -> ColumnElement[bool]:
    """Rows from the viewer to any of ``ids``, or from any of ``ids`` to the viewer."""
    others = list(ids)
    return or_(
        and_(model.account_id == viewer_id, model.target_account_id.in_(others)),
        and_(model.target_account_id == viewer_id, model.account_id.in_(others)),
    )


async def _apply_follows(
    session: AsyncSession, viewer_id: int, found: dict[int, Relationship]
) -> None:
    rows = await session.execute(
        select(Follow.account_id, Follow.target_account_id, Follow.show_reblogs, Follow.notify)
        .where(_both_ways(Follow, viewer_id, found))
    )  # fmt: skip
    for source, target, reblogs, notify in rows:
        if source == viewer_id and target in found:
            rel = found[target]
            rel.following, rel.showing_reblogs, rel.notifying = True, reblogs, notify
        if target == viewer_id and source in found:
            found[source].followed_by = True


async def _apply_requests(
    session: AsyncSession, viewer_id: int, found: dict[int, Relationship]
) -> None:
    rows = await session.execute(
        select(
            FollowRequest.account_id,
            FollowRequest.target_account_id,
            FollowRequest.show_reblogs,
            FollowRequest.notify,
        ).where(_both_ways(FollowRequest, viewer_id, found))
    )
    for source, target, reblogs, notify in rows:
        if source == viewer_id and target in found:
            rel = found[target]
            # As in Mastodon, a pending request already shows the options it asked for.
            rel.requested, rel.showing_reblogs, rel.notifying = True, reblogs, notify
        if target == viewer_id and source in found:
            found[source].requested_by = True


async def _apply_blocks(
    session: AsyncSession, viewer_id: int, found: dict[int, Relationship]
) -> None:
    rows = await session.execute(
        select(Block.account_id, Block.target_account_id).where(_both_ways(Block, viewer_id, found))
    )
    for source, target in rows:
        if source == viewer_id and target in found:
            found[target].blocking = True
        if target == viewer_id and source in found:
            found[source].blocked_by = True


async def _apply_mutes(
    session: AsyncSession, viewer_id: int, found: dict[int, Relationship]
) -> None:
    rows = await session.execute(
        select(Mute.target_account_id, Mute.hide_notifications, Mute.expires_at).where(
            Mute.account_id == viewer_id,
            Mute.target_account_id.in_(list(found)),
            active_mute_condition(),
        )
    )
    for target, hide_notifications, expires_at in rows:
        rel = found[target]
        rel.muting, rel.muting_notifications = True, hide_notifications
        rel.muting_expires_at = as_utc(expires_at)
