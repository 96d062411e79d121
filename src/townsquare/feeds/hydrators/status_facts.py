"""The facts ranking uses about each candidate post: author, age and engagement counts."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

import numpy as np
from sqlalchemy import Select, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import FeedQuery, Pool
from townsquare.feeds.stage import Reads
from townsquare.kit.prepared import prepared_for
from townsquare.kit.sql import in_ids
from townsquare.models import Account, Status, StatusRemoval

statuses = Status.__table__
originals = statuses.alias("originals")


class StatusFactsHydrator:
    """Author, creation time, likes, boosts and replies of the post (of the original, for a
    boost). Quotes do not exist in townsquare yet: their count is always 0."""

    identifier: ClassVar[str] = "status_facts"
    description: ClassVar[str] = (
        "Who wrote the post, when, and how many likes, boosts and replies it has "
        "(for a boost: the boosted post's). Quotes are counted as 0: townsquare has none yet."
    )
    reads: ClassVar[Reads] = {
        "statuses": (
            "id",
            "account_id",
            "reblog_of_id",
            "visibility",
            "favourites_count",
            "reblogs_count",
            "replies_count",
        ),
        # Moderation: a post removed under a rule, or by a suspended account, is "gone".
        "status_removals": ("status_id",),
        "accounts": ("suspended_at",),
    }
    provides: ClassVar[tuple[str, ...]] = (
        "author_id",
        "content_id",
        "created_ms",
        "direct",
        "likes",
        "reblogs",
        "replies",
        "quotes",
        "gone",
    )

    async def hydrate(
        self, session: AsyncSession, query: FeedQuery, pool: Pool
    ) -> dict[str, np.ndarray]:
        ids = [int(i) for i in set(pool.status_ids.tolist())]
        found = await prepared_for(_statement()).rows(session, {"ids": ids})
        rows = {row[0]: row for row in found}
        return _columns(pool, rows)


@lru_cache(maxsize=1)
def _statement() -> Select[Any]:
    content = originals.c
    removed = exists().where(
        StatusRemoval.status_id.in_([statuses.c.id, content.id])
    ) | exists().where(
        Account.id.in_([statuses.c.account_id, content.account_id]),
        Account.suspended_at.is_not(None),
    )
    return (
        select(
            statuses.c.id,
            content.id,
            content.account_id,
            statuses.c.visibility,
            content.favourites_count,
            content.reblogs_count,
            content.replies_count,
            removed,
        )
        .select_from(statuses)
        .join(originals, originals.c.id == func.coalesce(statuses.c.reblog_of_id, statuses.c.id))
        .where(in_ids(statuses.c.id, "ids"))
    )


def _columns(pool: Pool, rows: dict[int, Any]) -> dict[str, np.ndarray]:
    n = len(pool)
    out = {name: np.zeros(n, dtype=np.int64) for name in ("author_id", "content_id", "created_ms")}
    floats = {name: np.zeros(n) for name in ("direct", "likes", "reblogs", "replies", "quotes")}
    floats["gone"] = np.zeros(n)
    for i, status_id in enumerate(pool.status_ids.tolist()):
        row = rows.get(status_id)
        if row is None or row[-1]:  # deleted, or removed by moderation, since proposed
            floats["gone"][i] = 1
            continue
        _, content_id, author_id, visibility, likes, reblogs, replies, _ = row
        out["author_id"][i], out["content_id"][i] = author_id, content_id
        out["created_ms"][i] = content_id >> 16
        floats["direct"][i] = visibility == "direct"
        floats["likes"][i], floats["reblogs"][i], floats["replies"][i] = likes, reblogs, replies
    return {**out, **floats}
