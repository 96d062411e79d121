"""Order by score, discounting out-of-network posts and repeated authors (as X publishes)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from townsquare.feeds.pool import FeedQuery, Pool
from townsquare.feeds.stage import Selection


def occurrence(groups: np.ndarray) -> np.ndarray:
    """For each position, how many earlier positions hold the same group value."""
    n = len(groups)
    by_group = np.argsort(groups, kind="stable")
    sorted_groups = groups[by_group]
    starts = np.ones(n, dtype=bool)
    starts[1:] = sorted_groups[1:] != sorted_groups[:-1]
    start_index = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    counts = np.empty(n, dtype=np.int64)
    counts[by_group] = np.arange(n) - start_index
    return counts


def _apply(scores: np.ndarray, factor: np.ndarray) -> np.ndarray:
    # A factor below 1 is a discount: it shrinks a positive score and deepens a negative one.
    return np.where(scores >= 0, scores * factor, scores / factor)


class AuthorDiversitySelector:
    """Out-of-network posts x ``out_of_network_discount``; an author's k-th post (counting
    from 0, in score order) x max(``author_diversity_floor``, ``author_diversity_decay``^k)."""

    identifier: ClassVar[str] = "author_diversity"
    description: ClassVar[str] = (
        "Scores of posts from outside your network are multiplied by the out-of-network "
        "discount; then each author's second post is multiplied by the diversity decay, "
        "the third by its square, and so on, never below the floor. Highest score first; "
        "ties go to the newer post."
    )

    def select(self, query: FeedQuery, pool: Pool, scores: np.ndarray) -> Selection:
        discount = query.param("out_of_network_discount", 0.75)
        decay = query.param("author_diversity_decay", 0.5)
        floor = query.param("author_diversity_floor", 0.25)
        network = np.where(pool.column("in_network") > 0, 1.0, max(discount, 1e-6))
        base = _apply(scores, network)
        first_pass = np.lexsort((-pool.status_ids, -base))
        seen = np.empty(len(pool), dtype=np.int64)
        seen[first_pass] = occurrence(pool.column("author_id")[first_pass])
        diversity = np.maximum(floor, np.power(decay, seen.astype(np.float64)))
        diversity = np.maximum(diversity, 1e-6)
        final = _apply(base, diversity)
        order = np.lexsort((-pool.status_ids, -final))
        return Selection(order, final, {"out_of_network": network, "author_diversity": diversity})
