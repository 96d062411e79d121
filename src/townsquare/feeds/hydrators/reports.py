"""Reports: how many reports the viewer filed about each post's author (moderation)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import FeedQuery, Pool
from townsquare.feeds.stage import Reads
from townsquare.moderation.repository import reports_about


class ReportsHydrator:
    """``reports``: how many of the viewer's reports concern the author (runs after
    ``status_facts``, which provides ``author_id``). One grouped query per page."""

    identifier: ClassVar[str] = "reports"
    description: ClassVar[str] = (
        "How many reports you filed about the author of the post. Your reports lower the "
        "author's posts in your own feeds only; nobody else's ranking changes."
    )
    reads: ClassVar[Reads] = {"reports": ("account_id", "target_account_id")}
    provides: ClassVar[tuple[str, ...]] = ("reports",)

    async def hydrate(
        self, session: AsyncSession, query: FeedQuery, pool: Pool
    ) -> dict[str, np.ndarray]:
        if len(pool) == 0 or "author_id" not in pool.columns:
            return {"reports": np.zeros(len(pool))}
        authors = pool.column("author_id")
        counts = await reports_about(session, query.viewer_id, {int(a) for a in authors.tolist()})
        return {"reports": np.array([float(counts.get(int(a), 0)) for a in authors.tolist()])}
