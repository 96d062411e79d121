"""Out-of-network candidates: recent public posts that accounts you follow replied to."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import Candidate, FeedQuery
from townsquare.feeds.sources.network import (
    followed_accounts,
    network_binds,
    oon_params,
    run_source,
)
from townsquare.feeds.stage import Reads
from townsquare.models import Status

replies = Status.__table__.alias("replies")


class RepliedByFollowingSource:
    """Public posts that accounts you follow replied to recently."""

    # Its candidates may be reused for a short while (feeds.candidate_cache).
    out_of_network: ClassVar[bool] = True

    identifier: ClassVar[str] = "replied_by_following"
    description: ClassVar[str] = "Public posts that accounts you follow recently replied to."
    reads: ClassVar[Reads] = {
        "follows": ("id", "account_id", "target_account_id"),
        "statuses": ("id", "account_id", "visibility", "in_reply_to_id", "reblog_of_id"),
    }

    async def fetch(self, session: AsyncSession, query: FeedQuery) -> list[Candidate]:
        return await run_source(session, _statement(), oon_params(query), self.identifier)


@lru_cache(maxsize=1)
def _statement() -> Any:
    """Built once: every first page of a ranked feed runs it (see ``network.oon_params``)."""
    viewer, cutoff, limit = network_binds()
    network = followed_accounts(viewer)
    return (
        select(Status.id)
        .select_from(replies)
        .join(network, network.c.id == replies.c.account_id)
        .join(Status, Status.id == replies.c.in_reply_to_id)
        .where(
            replies.c.id >= cutoff,
            replies.c.visibility.in_(("public", "unlisted")),
            Status.id >= cutoff,
            Status.visibility == "public",
            Status.account_id != viewer,
        )
        .order_by(replies.c.id.desc())
        .limit(limit)
    )
