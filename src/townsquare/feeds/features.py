"""Features: the values scorers weigh, each one vectorised expression over hydrated columns.

A feature reads raw columns (counts, ages) and the feed's parameters, and gives one
number per candidate. The scorer multiplies the matrix of features by the weight vector.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from townsquare.feeds.pool import HOUR_MS, FeedQuery, Pool

Feature = Callable[[FeedQuery, Pool], np.ndarray]


def age_hours(query: FeedQuery, pool: Pool) -> np.ndarray:
    return np.maximum(0.0, (query.now_ms - pool.column("created_ms")) / HOUR_MS)


def _half_life(query: FeedQuery, pool: Pool, name: str, default: float) -> np.ndarray:
    half_life = max(query.param(name, default), 1e-6)
    return np.power(0.5, age_hours(query, pool) / half_life)


def author_affinity(query: FeedQuery, pool: Pool) -> np.ndarray:
    return np.log1p(pool.column("affinity"))


def engagement(query: FeedQuery, pool: Pool) -> np.ndarray:
    total = (
        pool.column("likes")
        + pool.column("reblogs")
        + pool.column("replies")
        + pool.column("quotes")
    )
    return np.log1p(total) * _half_life(query, pool, "engagement_half_life_hours", 24)


def recency(query: FeedQuery, pool: Pool) -> np.ndarray:
    return _half_life(query, pool, "recency_half_life_hours", 12)


def show_more(query: FeedQuery, pool: Pool) -> np.ndarray:
    return np.log1p(pool.column("more_author"))


def show_less(query: FeedQuery, pool: Pool) -> np.ndarray:
    return np.log1p(pool.column("less_author"))


def reports(query: FeedQuery, pool: Pool) -> np.ndarray:
    return np.log1p(pool.column("reports"))


def bridging(query: FeedQuery, pool: Pool) -> np.ndarray:
    return pool.column("bridging")


def coordinated(query: FeedQuery, pool: Pool) -> np.ndarray:
    return pool.column("coordinated")


FEATURES: dict[str, Feature] = {
    "author_affinity": author_affinity,
    "engagement": engagement,
    "recency": recency,
    "show_more": show_more,
    "show_less": show_less,
    "reports": reports,
    "bridging": bridging,
    "coordinated": coordinated,
}
