"""Periodic jobs: score recent posts (popularity, bridging) and forget old sessions."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import numpy as np
from sqlalchemy import delete, insert, select

from townsquare.db import Database
from townsquare.feeds import bridging_model
from townsquare.feeds import repository as repo
from townsquare.ids import id_floor
from townsquare.models import Favourite, FeedPostScore, Status
from townsquare.models.base import utcnow
from townsquare.settings import Settings

WINDOW_HOURS = 168
MAX_LIKES = 2_000_000
POPULAR_HOURS = 48
POPULAR_KEEP = 2000
SESSION_TTL = timedelta(hours=6)


async def score_posts(db: Database, settings: Settings) -> None:
    """Recompute ``feed_post_scores`` for the posts of the last week from likes and counts."""
    now_ms = int(time.time() * 1000)
    cutoff = id_floor(now_ms - WINDOW_HOURS * 3_600_000)
    async with db.session() as session:
        likes = (
            await session.execute(
                select(Favourite.account_id, Favourite.status_id)
                .join(Status, Status.id == Favourite.status_id)
                .where(Favourite.status_id >= cutoff, Status.visibility == "public")
                .limit(MAX_LIKES)
            )
        ).all()
        popular = (
            await session.execute(
                select(
                    Status.id, Status.favourites_count + Status.reblogs_count + Status.replies_count
                )
                .where(
                    Status.id >= id_floor(now_ms - POPULAR_HOURS * 3_600_000),
                    Status.visibility == "public",
                    Status.reblog_of_id.is_(None),
                )
                .order_by(
                    (Status.favourites_count + Status.reblogs_count + Status.replies_count).desc()
                )
                .limit(POPULAR_KEEP)
            )
        ).all()
        rows = _score_rows(likes, popular)
        async with db.writer("POST", "job: feeds"):
            await session.execute(delete(FeedPostScore))
            if rows:
                await session.execute(insert(FeedPostScore), rows)
            await session.commit()


def _score_rows(likes: Sequence[Any], popular: Sequence[Any]) -> list[dict[str, Any]]:
    now = utcnow()
    scores: dict[int, dict[str, Any]] = {}
    for status_id, engagement in popular:
        if engagement > 0:
            scores[status_id] = {
                "status_id": status_id,
                "popularity": float(engagement),
                "bridging": 0.0,
                "polarity": 0.0,
                "computed_at": now,
            }
    if likes:
        pairs = np.array(likes, dtype=np.int64)
        account_ids, account_index = np.unique(pairs[:, 0], return_inverse=True)
        post_ids, post_index = np.unique(pairs[:, 1], return_inverse=True)
        model = bridging_model.fit(account_index, post_index, post_ids, len(account_ids))
        for i, status_id in enumerate(model.post_ids.tolist()):
            row = scores.setdefault(
                status_id, {"status_id": status_id, "popularity": 0.0, "computed_at": now}
            )
            row["bridging"] = float(model.bridging[i])
            row["polarity"] = float(model.polarity[i])
    return [r for r in scores.values() if r["popularity"] > 0 or r["bridging"] > 0]


async def forget_sessions(db: Database, settings: Settings) -> None:
    """Delete ranked sessions older than their time to live (their cursors then end)."""
    async with db.session() as session, db.writer("POST", "job: feeds"):
        await repo.delete_snapshots_before(session, utcnow() - SESSION_TTL)
        await session.commit()
