"""Out-of-network candidates: recent public posts that accounts you follow liked."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import Candidate, FeedQuery
from townsquare.feeds.sources.network import (
    followed_accounts,
    network_binds,
    oon_params,
    run_source,
)
from townsquare.feeds.stage import Reads
from townsquare.models import Favourite, Status

# The newest likes read before the posts are checked, per candidate wanted: a post is
# skipped when it is not public, is a boost or is the viewer's own, or when several friends
# liked it; three likes per candidate leaves room for that and spares the database a
# lookup per like of the last two days (measured: 40-70 % of this statement's time).
LIKES_PER_CANDIDATE = 3


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
        params = oon_params(query)
        params["likes"] = params["candidates"] * LIKES_PER_CANDIDATE
        return await run_source(session, _statement(), params, self.identifier)


@lru_cache(maxsize=1)
def _statement() -> Any:
    """Built once: every first page of a ranked feed runs it (see ``network.oon_params``)."""
    viewer, cutoff, limit = network_binds()
    network = followed_accounts(viewer)
    likes = (
        select(Favourite.id.label("like_id"), Favourite.status_id)
        .join(network, network.c.id == Favourite.account_id)
        .where(Favourite.id >= cutoff, Favourite.status_id >= cutoff)
        .order_by(Favourite.id.desc())
        .limit(bindparam("likes", type_=Integer, literal_execute=True))
        .subquery()
    )
    return (
        select(likes.c.status_id)
        .join(Status, Status.id == likes.c.status_id)
        .where(
            Status.visibility == "public",
            Status.reblog_of_id.is_(None),
            Status.account_id != viewer,
        )
        .order_by(likes.c.like_id.desc())
        .limit(limit)
    )
