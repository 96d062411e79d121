"""Drop a post the viewer said "show less" about."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from townsquare.feeds.pool import FeedQuery, Pool


class ShownLessFilter:
    identifier: ClassVar[str] = "shown_less"
    description: ClassVar[str] = 'A post you said "show less" about is not shown again.'
    reason: ClassVar[str] = 'you said "show less" about this post'

    def keep(self, query: FeedQuery, pool: Pool) -> np.ndarray:
        return pool.column("less_post") == 0
