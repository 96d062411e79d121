"""The viewer's "show more" and "show less" feedback about candidates and their authors."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

import numpy as np
from sqlalchemy import BigInteger, Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import FeedQuery, Pool
from townsquare.feeds.stage import Reads
from townsquare.kit.prepared import prepared_for
from townsquare.kit.sql import in_ids
from townsquare.models import FeedFeedback


class FeedbackHydrator:
    """``more_author`` / ``less_author``: how often the viewer asked for more or less of the
    author; ``less_post``: whether they asked for less of this very post."""

    identifier: ClassVar[str] = "feedback"
    description: ClassVar[str] = (
        'How often you said "show more" or "show less" about posts by the author, and '
        'whether you said "show less" about this post.'
    )
    reads: ClassVar[Reads] = {"feed_feedback": ("account_id", "status_id", "author_id", "value")}
    provides: ClassVar[tuple[str, ...]] = ("more_author", "less_author", "less_post")

    async def hydrate(
        self, session: AsyncSession, query: FeedQuery, pool: Pool
    ) -> dict[str, np.ndarray]:
        authors = pool.column("author_id")
        params = {"viewer": query.viewer_id, "authors": [int(a) for a in np.unique(authors)]}
        more: dict[int, int] = {}
        less: dict[int, int] = {}
        less_posts: set[int] = set()
        for status_id, author_id, value in await prepared_for(_statement()).rows(session, params):
            tally = more if value > 0 else less
            tally[author_id] = tally.get(author_id, 0) + 1
            if value < 0:
                less_posts.add(status_id)
        author_list = authors.tolist()
        content = pool.column("content_id")
        return {
            "more_author": np.array([more.get(a, 0) for a in author_list], dtype=np.float64),
            "less_author": np.array([less.get(a, 0) for a in author_list], dtype=np.float64),
            "less_post": (
                np.isin(pool.status_ids, list(less_posts) or [-1])
                | np.isin(content, list(less_posts) or [-1])
            ).astype(np.float64),
        }


@lru_cache(maxsize=1)
def _statement() -> Select[Any]:
    feedback = FeedFeedback.__table__.c
    return select(feedback.status_id, feedback.author_id, feedback.value).where(
        feedback.account_id == bindparam("viewer", type_=BigInteger),
        in_ids(feedback.author_id, "authors"),
    )
