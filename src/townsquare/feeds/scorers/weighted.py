"""The weighted scorer: a feature matrix times the feed's weight vector."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from townsquare.feeds.features import FEATURES
from townsquare.feeds.pool import FeedQuery, Pool
from townsquare.feeds.stage import ScoreTerms


class WeightedScorer:
    """score = sum over features of weight x value, computed for every candidate at once."""

    identifier: ClassVar[str] = "weighted"
    description: ClassVar[str] = (
        "Each post's score is the sum, over the feed's features, of weight times value."
    )

    def score(self, query: FeedQuery, pool: Pool, weights: Mapping[str, float]) -> ScoreTerms:
        names = tuple(sorted(weights))
        vector = np.array([weights[name] for name in names], dtype=np.float64)
        if len(pool) == 0 or not names:
            # One (empty) row per candidate: a feed without weights ranks every candidate 0.
            return ScoreTerms(names, vector, np.zeros((len(pool), len(names))))
        values = np.column_stack([FEATURES[name](query, pool) for name in names])
        return ScoreTerms(names, vector, values)
