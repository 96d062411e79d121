"""Coordinated: whether the post carries the public ``coordinated`` label (integrity)."""

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
from townsquare.models import Label

LABEL = "coordinated"


class CoordinatedHydrator:
    """``coordinated``: 1 when the candidate, or the post it boosts, carries the status label
    ``coordinated`` (a member of a detected campaign), else 0. Runs after ``status_facts``
    (``content_id``). One query per page."""

    identifier: ClassVar[str] = "coordinated"
    description: ClassVar[str] = (
        "1 when the post (or the post it boosts) carries the public `coordinated` label, "
        "with its campaign's evidence; 0 otherwise. Only that post is weighed, never its "
        "author's other posts."
    )
    reads: ClassVar[Reads] = {"labels": ("target_type", "target_id", "value")}
    provides: ClassVar[tuple[str, ...]] = ("coordinated",)

    async def hydrate(
        self, session: AsyncSession, query: FeedQuery, pool: Pool
    ) -> dict[str, np.ndarray]:
        if len(pool) == 0:
            return {"coordinated": np.zeros(0)}
        content = pool.column("content_id")
        wanted = np.union1d(pool.status_ids, content)
        rows = await prepared_for(_statement()).rows(session, {"ids": [int(i) for i in wanted]})
        labelled = np.fromiter((row[0] for row in rows), dtype=np.int64)
        hit = np.isin(pool.status_ids, labelled) | np.isin(content, labelled)
        return {"coordinated": hit.astype(np.float64)}


@lru_cache(maxsize=1)
def _statement() -> Select[Any]:
    labels = Label.__table__.c
    return select(labels.target_id).where(
        labels.target_type == "status", labels.value == LABEL, in_ids(labels.target_id, "ids")
    )
