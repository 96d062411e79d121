"""How much the viewer has engaged with each candidate's author before."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

import numpy as np
from sqlalchemy import BigInteger, CompoundSelect, bindparam, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import FeedQuery, Pool
from townsquare.feeds.stage import Reads
from townsquare.kit.prepared import prepared_for
from townsquare.models import Favourite, Status

# Only the viewer's most recent interactions count: tastes change, and the cost stays flat.
RECENT_LIKES = 500
RECENT_POSTS = 200


class AuthorAffinityHydrator:
    """``affinity``: how many of the viewer's recent likes and replies went to the author."""

    identifier: ClassVar[str] = "author_affinity"
    description: ClassVar[str] = (
        "How many of your last 500 likes and last 200 posts were likes of, or replies to, "
        "the author's posts."
    )
    reads: ClassVar[Reads] = {
        "favourites": ("id", "account_id", "status_id"),
        "statuses": ("id", "account_id", "in_reply_to_account_id"),
    }
    provides: ClassVar[tuple[str, ...]] = ("affinity",)

    async def hydrate(
        self, session: AsyncSession, query: FeedQuery, pool: Pool
    ) -> dict[str, np.ndarray]:
        counts: dict[int, int] = {}
        rows = await prepared_for(_statement()).rows(session, {"viewer_id": query.viewer_id})
        for author, count in rows:
            if author is not None:
                counts[author] = counts.get(author, 0) + count
        authors = pool.column("author_id").tolist()
        return {"affinity": np.array([counts.get(a, 0) for a in authors], dtype=np.float64)}


@lru_cache(maxsize=1)
def _statement() -> CompoundSelect:
    """Both tallies in one round trip, built once (every ranked page runs it)."""
    viewer = bindparam("viewer_id", type_=BigInteger)
    recent_likes = (
        select(Favourite.status_id)
        .where(Favourite.account_id == viewer)
        .order_by(Favourite.id.desc())
        .limit(RECENT_LIKES)
        .subquery()
    )
    liked = (
        select(Status.account_id, func.count())
        .join(recent_likes, recent_likes.c.status_id == Status.id)
        .group_by(Status.account_id)
    )
    recent_posts = (
        select(Status.in_reply_to_account_id.label("author"))
        .where(Status.account_id == viewer)
        .order_by(Status.id.desc())
        .limit(RECENT_POSTS)
        .subquery()
    )
    replied = select(recent_posts.c.author, func.count()).group_by(recent_posts.c.author)
    return union_all(liked, replied)
