"""Out-of-network candidates: recent public posts that accounts you follow liked."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import Candidate, FeedQuery
from townsquare.feeds.sources.network import followed_accounts
from townsquare.feeds.stage import Reads
from townsquare.models import Favourite, Status


class LikedByFollowingSource:
    """Public posts liked in the last hours by the accounts you follow."""

    # Its candidates may be reused for a short while (feeds.candidate_cache).
    out_of_network: ClassVar[bool] = True

    identifier: ClassVar[str] = "liked_by_following"
    description: ClassVar[str] = (
        "Public posts that accounts you follow liked recently, newest like first."
    )
    reads: ClassVar[Reads] = {
        "follows": ("id", "account_id", "target_account_id"),
        "favourites": ("id", "account_id", "status_id"),
        "statuses": ("id", "account_id", "visibility", "reblog_of_id"),
    }

    async def fetch(self, session: AsyncSession, query: FeedQuery) -> list[Candidate]:
        cutoff = query.cutoff_id(query.param("out_of_network_max_age_hours", 48))
        network = followed_accounts(query.viewer_id)
        statement = (
            select(Favourite.status_id)
            .join(network, network.c.id == Favourite.account_id)
            .join(Status, Status.id == Favourite.status_id)
            .where(
                Favourite.id >= cutoff,
                Status.id >= cutoff,
                Status.visibility == "public",
                Status.reblog_of_id.is_(None),
                Status.account_id != query.viewer_id,
            )
            .order_by(Favourite.id.desc())
            .limit(query.count("out_of_network_candidates", 100))
        )
        rows = (await session.execute(statement)).scalars().all()
        return [Candidate(status_id, self.identifier) for status_id in dict.fromkeys(rows)]
