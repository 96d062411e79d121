"""Drop direct messages and posts deleted since a source proposed them."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from townsquare.feeds.pool import FeedQuery, Pool


class UnservableFilter:
    """Ranked feeds never show direct messages (they stay in home and conversations)."""

    identifier: ClassVar[str] = "unservable"
    description: ClassVar[str] = (
        "Direct messages and deleted posts are never ranked: direct messages stay in your "
        "chronological home timeline and your conversations. Posts removed under a "
        "published rule, and suspended accounts' posts, count as deleted: each removal is "
        "on the public transparency log."
    )
    reason: ClassVar[str] = "a direct message, or a deleted or removed post"

    def keep(self, query: FeedQuery, pool: Pool) -> np.ndarray:
        return (pool.column("direct") == 0) & (pool.column("gone") == 0)
