"""Reports of similar posts: the place the moderation issue will fill. Zero until then."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import FeedQuery, Pool
from townsquare.feeds.stage import Reads


class ReportsHydrator:
    """``reports``: how many of the viewer's reports concern the author. townsquare has no
    reports yet (they arrive with moderation), so this is 0 for every post for now."""

    identifier: ClassVar[str] = "reports"
    description: ClassVar[str] = (
        "How many of your reports concern the author. Reports arrive with moderation; "
        "until then this is 0 for every post."
    )
    reads: ClassVar[Reads] = {}
    provides: ClassVar[tuple[str, ...]] = ("reports",)

    async def hydrate(
        self, session: AsyncSession, query: FeedQuery, pool: Pool
    ) -> dict[str, np.ndarray]:
        return {"reports": np.zeros(len(pool))}
