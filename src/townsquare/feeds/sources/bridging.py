"""Bridging candidates: posts liked on both sides of the like graph."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import Candidate, FeedQuery
from townsquare.feeds.sources.scored_posts import top_scored
from townsquare.feeds.stage import Reads


class BridgingSource:
    """Recent public posts with the highest bridging score (computed every few minutes)."""

    # Its candidates may be reused for a short while (feeds.candidate_cache).
    out_of_network: ClassVar[bool] = True

    identifier: ClassVar[str] = "bridging"
    description: ClassVar[str] = (
        "Public posts of the last week that people on both sides of the like graph liked, "
        "highest bridging score first."
    )
    reads: ClassVar[Reads] = {
        "feed_post_scores": ("status_id", "bridging"),
        "statuses": ("id", "account_id", "visibility"),
    }

    async def fetch(self, session: AsyncSession, query: FeedQuery) -> list[Candidate]:
        hours = query.param("max_age_hours", 168)
        limit = query.count("candidates", 300)
        ids = await top_scored(session, "bridging", query, hours, limit)
        return [Candidate(status_id, self.identifier) for status_id in ids]
