"""The five kinds of stage. Only sources and hydrators touch the database.

A stage has an ``identifier`` (what receipts and the manifest call it), a one-line
``description`` and, for those that read the database, ``reads``: the tables and
columns it reads, published in the manifest and checked by the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import Candidate, FeedQuery, Pool

Reads = Mapping[str, tuple[str, ...]]


class CandidateSource(Protocol):
    identifier: ClassVar[str]
    description: ClassVar[str]
    reads: ClassVar[Reads]

    async def fetch(self, session: AsyncSession, query: FeedQuery) -> list[Candidate]: ...


class Hydrator(Protocol):
    identifier: ClassVar[str]
    description: ClassVar[str]
    reads: ClassVar[Reads]
    provides: ClassVar[tuple[str, ...]]

    async def hydrate(
        self, session: AsyncSession, query: FeedQuery, pool: Pool
    ) -> dict[str, np.ndarray]: ...


class Filter(Protocol):
    identifier: ClassVar[str]
    description: ClassVar[str]
    reason: ClassVar[str]

    def keep(self, query: FeedQuery, pool: Pool) -> np.ndarray: ...


@dataclass(frozen=True)
class ScoreTerms:
    """Per-candidate feature values, the weights, and their products (rows = candidates)."""

    names: tuple[str, ...]
    weights: np.ndarray
    values: np.ndarray

    @property
    def products(self) -> np.ndarray:
        return self.values * self.weights

    @property
    def totals(self) -> np.ndarray:
        return self.values @ self.weights


class Scorer(Protocol):
    identifier: ClassVar[str]
    description: ClassVar[str]

    def score(self, query: FeedQuery, pool: Pool, weights: Mapping[str, float]) -> ScoreTerms: ...


@dataclass(frozen=True)
class Selection:
    """The order a selector chose (positions into the pool) and each position's multipliers."""

    order: np.ndarray
    final: np.ndarray  # final score per pool position
    adjustments: dict[str, np.ndarray]  # name -> factor per pool position


class Selector(Protocol):
    identifier: ClassVar[str]
    description: ClassVar[str]

    def select(self, query: FeedQuery, pool: Pool, scores: np.ndarray) -> Selection: ...


def describe(stage: Any) -> dict[str, Any]:
    """A stage as the manifest lists it."""
    entry: dict[str, Any] = {"identifier": stage.identifier, "description": stage.description}
    if hasattr(stage, "reads"):
        entry["reads"] = {table: list(cols) for table, cols in stage.reads.items()}
    if hasattr(stage, "reason"):
        entry["reason"] = stage.reason
    return entry
