"""Drop a post proposed twice (by two sources, or as a post and a boost of it)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from townsquare.feeds.pool import FeedQuery, Pool

# Which proposal of a post is kept: the in-network one first, then in this order.
SOURCE_PRIORITY = (
    "in_network",
    "liked_by_following",
    "replied_by_following",
    "followed_by_following",
    "popular",
    "bridging",
    "requested",
)


class DuplicateFilter:
    """Keeps one proposal per post: the highest-priority source, then the oldest status id."""

    identifier: ClassVar[str] = "duplicate"
    description: ClassVar[str] = (
        "A post proposed more than once (by two sources, or as a post and a boost of it) "
        "is kept once: the in-network proposal first."
    )
    reason: ClassVar[str] = "already in the feed through another source"

    def keep(self, query: FeedQuery, pool: Pool) -> np.ndarray:
        n = len(pool)
        if n == 0:
            return np.ones(0, dtype=bool)
        rank = {name: i for i, name in enumerate(SOURCE_PRIORITY)}
        priority = np.array([rank.get(s, len(rank)) for s in pool.sources], dtype=np.int64)
        content = pool.column("content_id")
        # Sorted by post, then priority, then status id: the first of each post is kept,
        # whatever order the candidates arrived in.
        order = np.lexsort((pool.status_ids, priority, content))
        first = np.ones(n, dtype=bool)
        first[1:] = content[order][1:] != content[order][:-1]
        keep = np.zeros(n, dtype=bool)
        keep[order[first]] = True
        return keep
