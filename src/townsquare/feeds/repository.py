"""Every query of the feeds package outside its stages: forks, choices, feedback, snapshots."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.ids import new_id
from townsquare.kit.paging import PageRequest
from townsquare.kit.prepared import Prepared
from townsquare.models import CustomFeed, FeedChoice, FeedFeedback, FeedSnapshot
from townsquare.oauth.viewer_facts import (
    UNKNOWN,
    forget_viewer_facts,
    register_viewer_fact,
    viewer_fact,
)
from townsquare.statuses import repository as statuses


async def custom_feed(session: AsyncSession, feed_id: int) -> CustomFeed | None:
    return await session.get(CustomFeed, feed_id)


async def custom_feeds(
    session: AsyncSession, viewer_id: int, page: PageRequest, include_public: bool
) -> list[CustomFeed]:
    """The viewer's forks (and, with ``include_public``, everyone's public ones)."""
    mine = CustomFeed.account_id == viewer_id
    condition = or_(mine, CustomFeed.public.is_(True)) if include_public else mine
    query = page.apply(select(CustomFeed).where(condition), CustomFeed.id)
    return page.finish((await session.execute(query)).scalars().all())


CHOSEN_FEED_FACT = "chosen_feed"
# For a request whose token did not read it: built once, run on the driver.
_CHOSEN_FEED = Prepared(
    select(FeedChoice.feed).where(FeedChoice.account_id == bindparam("account_id"))
)


def _chosen_feed_fact(account_id: Any) -> Any:
    return select(FeedChoice.feed).where(FeedChoice.account_id == account_id).scalar_subquery()


# Read with the bearer token, since every home timeline request asks.
register_viewer_fact(CHOSEN_FEED_FACT, _chosen_feed_fact)


async def chosen_feed(session: AsyncSession, account_id: int) -> str | None:
    """The feed the account's home serves (``None``: the chronological one)."""
    known = viewer_fact(account_id, CHOSEN_FEED_FACT)
    if known is not UNKNOWN:
        return None if known is None else str(known)
    rows = await _CHOSEN_FEED.rows(session, {"account_id": account_id})
    return str(rows[0][0]) if rows else None


async def set_choice(session: AsyncSession, account_id: int, feed: str, now: datetime) -> None:
    forget_viewer_facts()  # the chosen feed read with the token is out of date
    row = await session.get(FeedChoice, account_id)
    if row is None:
        session.add(FeedChoice(account_id=account_id, feed=feed, updated_at=now))
    else:
        row.feed, row.updated_at = feed, now


async def clear_choices_of(session: AsyncSession, feed_key: str, keep: int | None = None) -> None:
    """Send back to ``following`` everyone (but ``keep``) whose home serves ``feed_key``."""
    forget_viewer_facts()
    condition = FeedChoice.feed == feed_key
    if keep is not None:
        condition = condition & (FeedChoice.account_id != keep)
    await session.execute(delete(FeedChoice).where(condition))


async def set_feedback(
    session: AsyncSession, account_id: int, status_id: int, author_id: int, value: int
) -> None:
    row = await session.get(FeedFeedback, (account_id, status_id))
    if row is None:
        session.add(
            FeedFeedback(
                account_id=account_id, status_id=status_id, author_id=author_id, value=value
            )
        )
    else:
        row.value = value


async def remove_feedback(session: AsyncSession, account_id: int, status_id: int) -> None:
    await session.execute(
        delete(FeedFeedback).where(
            FeedFeedback.account_id == account_id, FeedFeedback.status_id == status_id
        )
    )


async def save_snapshot(session: AsyncSession, **fields: Any) -> int:
    """Store a ranked session and return its id (a Core insert: every first page of a
    ranked feed writes one, and the unit of work would cost several times the insert)."""
    snapshot_id = new_id()
    await session.execute(insert(FeedSnapshot).values(id=snapshot_id, **fields))
    return snapshot_id


async def snapshot(session: AsyncSession, snapshot_id: int) -> FeedSnapshot | None:
    return await session.get(FeedSnapshot, snapshot_id)


async def delete_snapshots_before(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(FeedSnapshot).where(FeedSnapshot.created_at < before))


async def statuses_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Any]:
    return await statuses.read_many(session, set(ids))
