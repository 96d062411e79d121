"""Candidates from the scores the periodic job computes: popular and bridging posts."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import Candidate, FeedQuery
from townsquare.feeds.sources.network import network_binds
from townsquare.feeds.stage import Reads
from townsquare.kit.prepared import prepared_for
from townsquare.models import FeedPostScore, Status


async def top_scored(
    session: AsyncSession, column: str, query: FeedQuery, hours: float, limit: int
) -> list[int]:
    """Public posts of the last ``hours`` with the highest job score in ``column``."""
    params = {
        "viewer_id": query.viewer_id,
        "cutoff_id": query.cutoff_id(hours),
        "candidates": limit,
    }
    rows = await prepared_for(_top_scored_statement(column)).rows(session, params)
    return [row[0] for row in rows]


@lru_cache(maxsize=4)
def _top_scored_statement(column: str) -> Any:
    """Built once per score column (every first page of a ranked feed runs it)."""
    score = getattr(FeedPostScore, column)
    viewer, cutoff, limit = network_binds()
    # EXISTS rather than a join: it makes every database walk the (score, status_id) index
    # from the top and stop at ``limit``, instead of reading the week's statuses and sorting.
    servable = (
        select(Status.id)
        .where(
            Status.id == FeedPostScore.status_id,
            Status.visibility == "public",
            Status.account_id != viewer,
        )
        .exists()
    )
    return (
        select(FeedPostScore.status_id)
        .where(
            score > 0,
            FeedPostScore.status_id >= cutoff,
            servable,
        )
        .order_by(score.desc(), FeedPostScore.status_id.desc())
        .limit(limit)
    )


class PopularSource:
    """Recent public posts with the most engagement (computed every few minutes)."""

    # Its candidates may be reused for a short while (feeds.candidate_cache).
    out_of_network: ClassVar[bool] = True

    identifier: ClassVar[str] = "popular"
    description: ClassVar[str] = (
        "Public posts of the last two days with the most likes, boosts and replies, "
        "as the periodic scoring job last computed them."
    )
    reads: ClassVar[Reads] = {
        "feed_post_scores": ("status_id", "popularity"),
        "statuses": ("id", "account_id", "visibility"),
    }

    async def fetch(self, session: AsyncSession, query: FeedQuery) -> list[Candidate]:
        hours = query.param("out_of_network_max_age_hours", 48)
        limit = query.count("out_of_network_candidates", 100)
        ids = await top_scored(session, "popularity", query, hours, limit)
        return [Candidate(status_id, self.identifier) for status_id in ids]
