"""Out-of-network candidates: recent posts by accounts that the accounts you follow follow."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import Candidate, FeedQuery
from townsquare.feeds.sources.network import followed_ids
from townsquare.feeds.stage import Reads
from townsquare.models import Follow, Status

# How many friends-of-friends are looked at (bounded, so the cost is too).
SECOND_DEGREE_ACCOUNTS = 300


class FollowedByFollowingSource:
    """Public posts by accounts followed by the accounts you follow (friends of friends)."""

    # Its candidates may be reused for a short while (feeds.candidate_cache).
    out_of_network: ClassVar[bool] = True

    identifier: ClassVar[str] = "followed_by_following"
    description: ClassVar[str] = (
        "Recent public posts by accounts that the accounts you follow follow."
    )
    reads: ClassVar[Reads] = {
        "follows": ("id", "account_id", "target_account_id"),
        "statuses": ("id", "account_id", "visibility", "reblog_of_id", "in_reply_to_id"),
    }

    async def fetch(self, session: AsyncSession, query: FeedQuery) -> list[Candidate]:
        cutoff = query.cutoff_id(query.param("out_of_network_max_age_hours", 48))
        network = await followed_ids(session, query.viewer_id, size=50)
        second = (
            select(Follow.target_account_id)
            .where(Follow.account_id.in_(network), Follow.target_account_id != query.viewer_id)
            .limit(SECOND_DEGREE_ACCOUNTS)
        )
        # Two steps: with the accounts as a list, every database reads each account's
        # recent posts on the (account_id, id) index, rather than all recent public posts.
        authors = list(dict.fromkeys((await session.execute(second)).scalars().all()))
        if not authors:
            return []
        statement = (
            select(Status.id)
            .where(
                Status.account_id.in_(authors),
                Status.id >= cutoff,
                Status.visibility == "public",
                Status.reblog_of_id.is_(None),
                Status.in_reply_to_id.is_(None),
            )
            .order_by(Status.id.desc())
            .limit(query.count("out_of_network_candidates", 100))
        )
        rows = (await session.execute(statement)).scalars().all()
        return [Candidate(status_id, self.identifier) for status_id in dict.fromkeys(rows)]
