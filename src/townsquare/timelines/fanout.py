"""Fan-out on write into home timelines, for every author below the fan-out threshold.

One set-based ``INSERT ... SELECT`` per post: the database copies the follower list,
Python never loops over followers. Authors above ``settings.fanout_threshold`` followers
are skipped here and merged in at read time, so a post by an account with millions of
followers costs no more than anyone else's.
"""

from __future__ import annotations

from sqlalchemy import delete, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.sql import insert_ignoring_duplicates
from townsquare.models import Account, Follow, HomeFeedEntry, Status
from townsquare.settings import Settings

BACKFILL_ON_FOLLOW = 40


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
    """Put a new status (or reblog) into the home timelines that should show it."""
    recipients = {author.id}
    if status.visibility == "direct":
        recipients.update(mentioned_ids)
    await _insert_entries(session, status.id, author.id, recipients)
    if status.visibility == "direct" or is_big_author(author, settings):
        return
    followers = select(Follow.account_id, literal(status.id), literal(author.id)).where(
        Follow.target_account_id == author.id, Follow.account_id != author.id
    )
    if status.reblog_of_id is not None:
        followers = followers.where(Follow.show_reblogs.is_(True))
    reply_to = status.in_reply_to_account_id
    if reply_to is not None and reply_to != author.id:
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


async def _insert_entries(
    session: AsyncSession, status_id: int, author_id: int, account_ids: set[int]
) -> None:
    if not account_ids:
        return
    await session.execute(
        insert_ignoring_duplicates(session, HomeFeedEntry),
        [{"account_id": a, "status_id": status_id, "author_id": author_id} for a in account_ids],
    )


async def remove_status(session: AsyncSession, status_id: int) -> None:
    """Take a deleted status out of every home timeline."""
    await session.execute(delete(HomeFeedEntry).where(HomeFeedEntry.status_id == status_id))


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
