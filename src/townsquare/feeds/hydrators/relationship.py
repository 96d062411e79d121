"""Whether the viewer follows each candidate's author, and whether either hides the other."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

import numpy as np
from sqlalchemy import literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import FeedQuery, Pool
from townsquare.feeds.stage import Reads
from townsquare.models import Block, Follow, Mute

FOLLOWED, HIDDEN = 1, 2


class RelationshipHydrator:
    """``in_network``: the viewer follows the author (or is the author). ``hidden``: the
    viewer mutes or blocks the author, or the author blocks the viewer."""

    identifier: ClassVar[str] = "relationship"
    description: ClassVar[str] = (
        "Whether you follow the author, and whether you mute or block them (or they block you)."
    )
    reads: ClassVar[Reads] = {
        "follows": ("account_id", "target_account_id"),
        "mutes": ("account_id", "target_account_id", "expires_at"),
        "blocks": ("account_id", "target_account_id"),
    }
    provides: ClassVar[tuple[str, ...]] = ("in_network", "hidden")

    async def hydrate(
        self, session: AsyncSession, query: FeedQuery, pool: Pool
    ) -> dict[str, np.ndarray]:
        author_list = [int(a) for a in np.unique(pool.column("author_id"))]
        viewer = query.viewer_id
        now = datetime.fromtimestamp(query.now_ms / 1000, UTC)
        # One statement for the four lookups: each is a range of a (viewer, account) index.
        statement = union_all(
            select(literal(FOLLOWED).label("kind"), Follow.target_account_id.label("id")).where(
                Follow.account_id == viewer, Follow.target_account_id.in_(author_list)
            ),
            select(literal(HIDDEN), Mute.target_account_id).where(
                Mute.account_id == viewer,
                Mute.target_account_id.in_(author_list),
                or_(Mute.expires_at.is_(None), Mute.expires_at > now),
            ),
            select(literal(HIDDEN), Block.target_account_id).where(
                Block.account_id == viewer, Block.target_account_id.in_(author_list)
            ),
            select(literal(HIDDEN), Block.account_id).where(
                Block.target_account_id == viewer, Block.account_id.in_(author_list)
            ),
        )
        found: dict[int, set[int]] = {FOLLOWED: {viewer}, HIDDEN: set()}
        for kind, account_id in await session.execute(statement):
            found[kind].add(account_id)
        column = pool.column("author_id")
        return {
            "in_network": np.isin(column, list(found[FOLLOWED])).astype(np.float64),
            "hidden": np.isin(column, list(found[HIDDEN]) or [-1]).astype(np.float64),
        }
