"""Whether the viewer follows each candidate's author, and whether either hides the other."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

import numpy as np
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import FeedQuery, Pool
from townsquare.feeds.stage import Reads
from townsquare.models import Block, Follow, Mute


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
        authors = np.unique(pool.column("author_id"))
        author_list = [int(a) for a in authors]
        viewer = query.viewer_id
        followed = await _ids(
            session,
            select(Follow.target_account_id).where(
                Follow.account_id == viewer, Follow.target_account_id.in_(author_list)
            ),
        )
        now = datetime.fromtimestamp(query.now_ms / 1000, UTC)
        hidden = await _ids(
            session,
            select(Mute.target_account_id).where(
                Mute.account_id == viewer,
                Mute.target_account_id.in_(author_list),
                or_(Mute.expires_at.is_(None), Mute.expires_at > now),
            ),
        )
        hidden |= await _ids(
            session,
            select(Block.target_account_id).where(
                Block.account_id == viewer, Block.target_account_id.in_(author_list)
            ),
        )
        hidden |= await _ids(
            session,
            select(Block.account_id).where(
                Block.target_account_id == viewer, Block.account_id.in_(author_list)
            ),
        )
        column = pool.column("author_id")
        followed.add(viewer)
        return {
            "in_network": np.isin(column, list(followed)).astype(np.float64),
            "hidden": np.isin(column, list(hidden) or [-1]).astype(np.float64),
        }


async def _ids(session: AsyncSession, statement: object) -> set[int]:
    return set((await session.execute(statement)).scalars().all())  # type: ignore[call-overload]
