"""Drop out-of-network posts older than the feed's limit (48 hours by default)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from townsquare.feeds.pool import HOUR_MS, FeedQuery, Pool


class StaleOutOfNetworkFilter:
    identifier: ClassVar[str] = "stale_out_of_network"
    description: ClassVar[str] = (
        "Posts by accounts you do not follow are dropped once they are older than "
        "out_of_network_max_age_hours (48 hours by default)."
    )
    reason: ClassVar[str] = "out of your network and older than the feed's age limit"

    def keep(self, query: FeedQuery, pool: Pool) -> np.ndarray:
        max_age_ms = query.param("out_of_network_max_age_hours", 48) * HOUR_MS
        age_ms = query.now_ms - pool.column("created_ms")
        return (pool.column("in_network") > 0) | (age_ms <= max_age_ms)
