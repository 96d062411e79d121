"""The facts ranking uses about each candidate post: author, age and engagement counts."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, ClassVar

import numpy as np
from sqlalchemy import Integer, Select, exists, func, or_, select, type_coerce
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
        return _columns(pool, found)


@lru_cache(maxsize=1)
def _statement() -> Select[Any]:
    content = originals.c
    reblog = statuses.c.reblog_of_id.is_not(None)
    # One probe of a unique index per question, each written out: a list form
    # (``status_id IN (post, original)``) left PostgreSQL's cached generic plan scanning the
    # removals table once per candidate.
    removed = or_(
        exists().where(StatusRemoval.status_id == statuses.c.id),
        reblog & exists().where(StatusRemoval.status_id == content.id),
        exists().where(Account.id == statuses.c.account_id, Account.suspended_at.is_not(None)),
        reblog
        & exists().where(Account.id == content.account_id, Account.suspended_at.is_not(None)),
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
            # An integer rather than a boolean: nothing to convert on 400 rows.
            type_coerce(removed, Integer),
        )
        .select_from(statuses)
        .join(originals, originals.c.id == func.coalesce(statuses.c.reblog_of_id, statuses.c.id))
        .where(in_ids(statuses.c.id, "ids"))
    )


def _columns(pool: Pool, rows: Sequence[Sequence[Any]]) -> dict[str, np.ndarray]:
    """The facts as arrays in the pool's order, vectorised (a pool holds hundreds of posts)."""
    n = len(pool)
    # A row for "nothing found" keeps the lookups below valid when every post is gone.
    columns = list(zip(*rows, (-1, 0, 0, "", 0, 0, 0, 1), strict=True))
    found_ids = np.array(columns[0], dtype=np.int64)
    order = np.argsort(found_ids, kind="stable")
    sorted_ids = found_ids[order]
    at = np.minimum(np.searchsorted(sorted_ids, pool.status_ids), len(sorted_ids) - 1)
    present = sorted_ids[at] == pool.status_ids
    source = order[at]

    def pick(index: int, dtype: Any) -> np.ndarray:
        return np.where(present, np.array(columns[index], dtype=dtype)[source], 0)

    removed = pick(7, np.int64) != 0
    # Deleted, or removed by moderation, since proposed: "gone", and no other facts.
    gone = ~present | removed
    kept = ~gone
    content_id = np.where(kept, pick(1, np.int64), 0)
    direct = np.array([v == "direct" for v in columns[3]], dtype=bool)
    out = {
        "author_id": np.where(kept, pick(2, np.int64), 0),
        "content_id": content_id,
        "created_ms": content_id >> 16,
    }
    floats = {
        "direct": np.where(kept, direct[source], False).astype(float),
        "likes": np.where(kept, pick(4, np.float64), 0.0),
        "reblogs": np.where(kept, pick(5, np.float64), 0.0),
        "replies": np.where(kept, pick(6, np.float64), 0.0),
        "quotes": np.zeros(n),
        "gone": gone.astype(float),
    }
    return {**out, **floats}
