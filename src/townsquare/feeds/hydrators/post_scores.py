"""The bridging score and polarity the periodic job computed for each candidate."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

import numpy as np
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import FeedQuery, Pool
from townsquare.feeds.stage import Reads
from townsquare.kit.prepared import prepared_for
from townsquare.kit.sql import in_ids
from townsquare.models import FeedPostScore


class PostScoresHydrator:
    """``bridging``: how much both sides of the like graph like the post (0 to 1)."""

    identifier: ClassVar[str] = "post_scores"
    description: ClassVar[str] = (
        "The post's bridging score from the last run of the scoring job (0 when unscored)."
    )
    reads: ClassVar[Reads] = {"feed_post_scores": ("status_id", "bridging", "polarity")}
    provides: ClassVar[tuple[str, ...]] = ("bridging", "polarity")

    async def hydrate(
        self, session: AsyncSession, query: FeedQuery, pool: Pool
    ) -> dict[str, np.ndarray]:
        content = pool.column("content_id")
        params = {"ids": [int(c) for c in np.unique(content)]}
        rows = await prepared_for(_statement()).rows(session, params)
        found = {row[0]: (row[1], row[2]) for row in rows}
        pairs = [found.get(c, (0.0, 0.0)) for c in content.tolist()]
        values = np.array(pairs, dtype=np.float64).reshape(len(pool), 2)
        return {"bridging": values[:, 0], "polarity": values[:, 1]}


@lru_cache(maxsize=1)
def _statement() -> Select[Any]:
    scores = FeedPostScore.__table__.c
    return select(scores.status_id, scores.bridging, scores.polarity).where(
        in_ids(scores.status_id, "ids")
    )
