"""Running a feed: sources, hydrators (I/O), then filters, scorer and selector (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.candidate_cache import CANDIDATES
from townsquare.feeds.definition import Feed
from townsquare.feeds.pool import Candidate, FeedQuery, Pool
from townsquare.feeds.stage import ScoreTerms, Selection


@dataclass(frozen=True)
class Removal:
    filter: str
    reason: str


@dataclass
class Ranking:
    """The outcome of a run: kept candidates, their terms, the order, and what was removed."""

    feed: Feed
    query: FeedQuery
    pool: Pool
    terms: ScoreTerms
    selection: Selection
    removed: dict[int, Removal] = field(default_factory=dict)

    def ordered_ids(self) -> list[int]:
        return [int(i) for i in self.pool.status_ids[self.selection.order]]

    def position_of(self, status_id: int) -> int | None:
        """The rank (0-based) of ``status_id``, or None when it is not in the ranking."""
        matches = np.nonzero(self.pool.status_ids[self.selection.order] == status_id)[0]
        return int(matches[0]) if len(matches) else None


async def gather(
    session: AsyncSession,
    feed: Feed,
    query: FeedQuery,
    extra: list[Candidate] | None = None,
    cache_seconds: float = 0.0,
) -> Pool:
    """Run the sources and hydrators: the only stages that read the database. Out-of-network
    sources' candidates may be reused for ``cache_seconds`` (``candidate_cache``)."""
    candidates: list[Candidate] = []
    for source in feed.definition.sources:
        candidates.extend(await CANDIDATES.fetch(source, session, query, cache_seconds))
    known = {c.status_id for c in candidates}
    candidates.extend(c for c in extra or [] if c.status_id not in known)
    pool = Pool.from_candidates(candidates)
    for hydrator in feed.definition.hydrators:
        pool.columns.update(await hydrator.hydrate(session, query, pool))
    return pool


def rank_pool(feed: Feed, query: FeedQuery, pool: Pool) -> Ranking:
    """Filter, score and order a hydrated pool. Pure: the same pool gives the same ranking."""
    removed: dict[int, Removal] = {}
    for stage in feed.definition.filters:
        keep = np.asarray(stage.keep(query, pool), dtype=bool)
        for status_id in pool.status_ids[~keep].tolist():
            removed.setdefault(status_id, Removal(stage.identifier, stage.reason))
        pool = pool.take(keep)
    terms = feed.definition.scorer.score(query, pool, feed.weights)
    selection = feed.definition.selector.select(query, pool, terms.totals)
    kept = set(pool.status_ids.tolist())
    removed = {k: v for k, v in removed.items() if k not in kept}
    return Ranking(feed, query, pool, terms, selection, removed)


async def rank(
    session: AsyncSession,
    feed: Feed,
    query: FeedQuery,
    extra: list[Candidate] | None = None,
    cache_seconds: float = 0.0,
) -> Ranking:
    return rank_pool(feed, query, await gather(session, feed, query, extra, cache_seconds))


def receipt(ranking: Ranking, rank_index: int) -> dict[str, Any]:
    """Why the item at ``rank_index`` (0-based) is where it is: inputs, terms, total."""
    position = int(ranking.selection.order[rank_index])
    terms = ranking.terms
    values, products = terms.values[position], terms.products[position]
    return {
        "rank": rank_index + 1,
        "source": str(ranking.pool.sources[position]),
        "features": {name: float(values[i]) for i, name in enumerate(terms.names)},
        "terms": [
            {
                "name": name,
                "weight": float(terms.weights[i]),
                "value": float(values[i]),
                "product": float(products[i]),
            }
            for i, name in enumerate(terms.names)
        ],
        "score": float(terms.totals[position]),
        "adjustments": {
            name: float(factors[position])
            for name, factors in ranking.selection.adjustments.items()
        },
        "final_score": float(ranking.selection.final[position]),
        "filters_passed": [f.identifier for f in ranking.feed.definition.filters],
        "feed": ranking.feed.document(),
        "now_ms": str(ranking.query.now_ms),
        "inputs": ranking.pool.row(position),
    }
