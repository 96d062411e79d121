"""Fan-out on write into home timelines, for every author below the fan-out threshold.

A post writes its author's own entry (and a direct message's recipients') at once, and
queues the followers' entries in ``pending_fanouts``; the fan-out job (``deliver_pending``)
writes them in batches, one set-based ``INSERT ... SELECT`` per status, many statuses per
transaction, and Python never loops over followers. Until then home timelines merge
pending statuses in at read time, so followers see a post as soon as it is acknowledged
and the post itself costs a handful of rows, however many followers its author has.
Authors above ``settings.fanout_threshold`` followers are never fanned out: their posts
are merged in at read time.
"""

from __future__ import annotations

from sqlalchemy import bindparam, delete, insert, literal, or_, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.db import Database
from townsquare.kit.prepared_writes import PreparedWrite
from townsquare.kit.sql import insert_ignoring, insert_ignoring_duplicates
from townsquare.models import Account, Follow, HomeFeedEntry, Mention, PendingFanout, Status
from townsquare.settings import Settings

BACKFILL_ON_FOLLOW = 40
# Statuses delivered per transaction by the fan-out job.
DELIVERY_BATCH = 200


# A post's own writes run on the driver (``kit.prepared_writes``): posting is the hot path.
_HOME_ENTRY = PreparedWrite(
    lambda dialect: insert_ignoring(dialect, HomeFeedEntry).values(
        account_id=bindparam("account_id"),
        status_id=bindparam("status_id"),
        author_id=bindparam("author_id"),
    )
)
_QUEUED = PreparedWrite(insert(PendingFanout).values(status_id=bindparam("status_id")))


def is_big_author(account: Account, settings: Settings) -> bool:
    """Whether this author's posts are merged at read time instead of fanned out."""
    return account.followers_count > settings.fanout_threshold


async def fan_out(
    session: AsyncSession,
    settings: Settings,
    status: Status,
    author: Account,
    mentioned_ids: list[int],
) -> None:
    """Put a new status (or reblog) into its author's home now; queue its followers'."""
    recipients = {author.id}
    if status.visibility == "direct":
        recipients.update(mentioned_ids)
    await _HOME_ENTRY.run_many(
        session,
        [{"account_id": a, "status_id": status.id, "author_id": author.id} for a in recipients],
    )
    if status.visibility == "direct" or is_big_author(author, settings):
        return
    await _QUEUED.run(session, {"status_id": status.id})


async def _deliver(session: AsyncSession, status: Status) -> None:
    """Write one status's entries into its author's followers' home timelines."""
    author_id = status.account_id
    followers = select(Follow.account_id, literal(status.id), literal(author_id)).where(
        Follow.target_account_id == author_id, Follow.account_id != author_id
    )
    if status.reblog_of_id is not None:
        followers = followers.where(Follow.show_reblogs.is_(True))
    reply_to = status.in_reply_to_account_id
    if reply_to is not None and reply_to != author_id:
        # As in Mastodon: a reply reaches a follower's home only if it is addressed to them
        # or they follow both sides.
        followers_of_other = select(Follow.account_id).where(Follow.target_account_id == reply_to)
        followers = followers.where(
            or_(Follow.account_id == reply_to, Follow.account_id.in_(followers_of_other))
        )
    await session.execute(
        insert_ignoring_duplicates(session, HomeFeedEntry).from_select(
            ["account_id", "status_id", "author_id"], followers
        )
    )


async def deliver_pending(session: AsyncSession, limit: int = DELIVERY_BATCH) -> int:
    """Deliver up to ``limit`` queued statuses, oldest first; how many were delivered.

    Safe to run in several processes at once: entries are inserted ignoring duplicates
    and a delivered status leaves the queue in the same transaction.
    """
    queued = select(PendingFanout.status_id).order_by(PendingFanout.status_id).limit(limit)
    ids = list((await session.execute(queued)).scalars())
    if not ids:
        return 0
    rows = await session.execute(select(Status).where(Status.id.in_(ids)).order_by(Status.id))
    for status in rows.scalars():
        await _deliver(session, status)
    await session.execute(delete(PendingFanout).where(PendingFanout.status_id.in_(ids)))
    return len(ids)


async def deliver_all(db: Database, _settings: Settings) -> None:
    """The fan-out job: empty the queue, one short write transaction per batch."""
    while True:
        async with db.writer("POST", "job: fan-out"), db.session() as session:
            delivered = await deliver_pending(session)
            await session.commit()
        if delivered < DELIVERY_BATCH:
            return


async def remove_status(session: AsyncSession, status: Status) -> None:
    """Take a deleted status out of the home timelines it was delivered to.

    The entries are found through the primary key: the author, the followers and the
    mentioned accounts. An entry missed here (someone who has unfollowed since) points at
    a status that no longer exists, and timelines join statuses, so it is never shown.
    """
    readers = union(
        select(Follow.account_id).where(Follow.target_account_id == status.account_id),
        select(Mention.account_id).where(Mention.status_id == status.id),
        select(literal(status.account_id)),
    )
    await session.execute(
        delete(HomeFeedEntry).where(
            HomeFeedEntry.account_id.in_(readers), HomeFeedEntry.status_id == status.id
        )
    )


async def on_follow(
    session: AsyncSession, settings: Settings, follower_id: int, target: Account
) -> None:
    """Backfill the newly followed account's recent posts into the follower's home.

    Call it after the follow row exists: its ``show_reblogs`` decides whether the
    followed account's reblogs come along.
    """
    if is_big_author(target, settings):
        return
    recent = (
        select(Status.id)
        .where(
            Status.account_id == target.id,
            Status.visibility.in_(("public", "unlisted", "private")),
            Status.in_reply_to_account_id.is_(None) | (Status.in_reply_to_account_id == target.id),
        )
        .order_by(Status.id.desc())
        .limit(BACKFILL_ON_FOLLOW)
    )
    if not await _shows_reblogs(session, follower_id, target.id):
        recent = recent.where(Status.reblog_of_id.is_(None))
    ids = list((await session.execute(recent)).scalars())
    await _insert_entries_for(session, follower_id, target.id, ids)


async def _shows_reblogs(session: AsyncSession, follower_id: int, target_id: int) -> bool:
    """The follow's ``show_reblogs`` (True when there is no follow row yet)."""
    found = await session.execute(
        select(Follow.show_reblogs).where(
            Follow.account_id == follower_id, Follow.target_account_id == target_id
        )
    )
    value = found.scalar_one_or_none()
    return True if value is None else bool(value)


async def _insert_entries_for(
    session: AsyncSession, account_id: int, author_id: int, status_ids: list[int]
) -> None:
    if not status_ids:
        return
    await session.execute(
        insert_ignoring_duplicates(session, HomeFeedEntry),
        [{"account_id": account_id, "status_id": s, "author_id": author_id} for s in status_ids],
    )


async def on_unfollow(session: AsyncSession, follower_id: int, target_id: int) -> None:
    """Remove what the unfollowed account put into the follower's home."""
    await session.execute(
        delete(HomeFeedEntry).where(
            HomeFeedEntry.account_id == follower_id, HomeFeedEntry.author_id == target_id
        )
    )
