"""Newest first: the order of the ``following`` feed."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from townsquare.feeds.pool import FeedQuery, Pool
from townsquare.feeds.stage import Selection


class ChronologicalSelector:
    identifier: ClassVar[str] = "chronological"
    description: ClassVar[str] = "Newest post first, nothing else."

    def select(self, query: FeedQuery, pool: Pool, scores: np.ndarray) -> Selection:
        order = np.argsort(-pool.status_ids, kind="stable")
        return Selection(order, scores, {})
