"""Out-of-network candidates: recent posts by accounts that the accounts you follow follow."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

from sqlalchemy import BigInteger, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import Candidate, FeedQuery
from townsquare.feeds.sources.network import followed_ids, network_binds, oon_params, run_source
from townsquare.feeds.stage import Reads
from townsquare.kit.prepared import prepared_for
from townsquare.kit.sql import in_ids
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
        network = await followed_ids(session, query.viewer_id, size=50)
        # Two steps: with the accounts as a list, every database reads each account's
        # recent posts on the (account_id, id) index, rather than all recent public posts.
        second = {"network": network, "viewer_id": query.viewer_id}
        rows = await prepared_for(_second_degree()).rows(session, second)
        authors = list(dict.fromkeys(row[0] for row in rows))
        if not authors:
            return []
        params = {**oon_params(query), "authors": authors}
        return await run_source(session, _recent_posts(), params, self.identifier)


@lru_cache(maxsize=1)
def _second_degree() -> Any:
    """Accounts followed by the ``network`` list, the viewer excluded (built once)."""
    return (
        select(Follow.target_account_id)
        .where(
            in_ids(Follow.account_id, "network"),
            Follow.target_account_id != bindparam("viewer_id", type_=BigInteger),
        )
        .limit(SECOND_DEGREE_ACCOUNTS)
    )


@lru_cache(maxsize=1)
def _recent_posts() -> Any:
    """Recent public top-level posts by the ``authors`` list (built once)."""
    _viewer, cutoff, limit = network_binds()
    return (
        select(Status.id)
        .where(
            in_ids(Status.account_id, "authors"),
            Status.id >= cutoff,
            Status.visibility == "public",
            Status.reblog_of_id.is_(None),
            Status.in_reply_to_id.is_(None),
        )
        .order_by(Status.id.desc())
        .limit(limit)
    )
