"""Whether the viewer follows each candidate's author, and whether either hides the other."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import ClassVar

import numpy as np
from sqlalchemy import BigInteger, CompoundSelect, bindparam, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import FeedQuery, Pool
from townsquare.feeds.stage import Reads
from townsquare.kit.prepared import prepared_for
from townsquare.kit.sql import in_ids
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
        params = {"viewer": viewer, "authors": author_list, "now": now}
        found: dict[int, set[int]] = {FOLLOWED: {viewer}, HIDDEN: set()}
        for kind, account_id in await prepared_for(_statement()).rows(session, params):
            found[kind].add(account_id)
        column = pool.column("author_id")
        return {
            "in_network": np.isin(column, list(found[FOLLOWED])).astype(np.float64),
            "hidden": np.isin(column, list(found[HIDDEN]) or [-1]).astype(np.float64),
        }


@lru_cache(maxsize=1)
def _statement() -> CompoundSelect:
    """The four lookups in one statement, each a range of a (viewer, account) index; built
    once, with the candidates' authors as one list parameter."""
    follows, mutes, blocks = Follow.__table__.c, Mute.__table__.c, Block.__table__.c
    viewer = bindparam("viewer", type_=BigInteger)
    now = bindparam("now", type_=mutes.expires_at.type)
    return union_all(
        select(literal(FOLLOWED).label("kind"), follows.target_account_id.label("id")).where(
            follows.account_id == viewer, in_ids(follows.target_account_id, "authors")
        ),
        select(literal(HIDDEN), mutes.target_account_id).where(
            mutes.account_id == viewer,
            in_ids(mutes.target_account_id, "authors"),
            or_(mutes.expires_at.is_(None), mutes.expires_at > now),
        ),
        select(literal(HIDDEN), blocks.target_account_id).where(
            blocks.account_id == viewer, in_ids(blocks.target_account_id, "authors")
        ),
        select(literal(HIDDEN), blocks.account_id).where(
            blocks.target_account_id == viewer, in_ids(blocks.account_id, "authors")
        ),
    )
