"""In-network candidates: the viewer's home timeline, exactly as the core serves it."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import Candidate, FeedQuery
from townsquare.feeds.stage import Reads
from townsquare.kit.paging import PageRequest
from townsquare.models.base import utcnow
from townsquare.timelines import repository as timelines


class HomeTimelineSource:
    """Posts and boosts of followed accounts and the viewer's own, newest first."""

    identifier: ClassVar[str] = "in_network"
    description: ClassVar[str] = (
        "Your home timeline: posts and boosts by the accounts you follow and your own, "
        "with mutes and blocks already applied (the core's fan-out timeline)."
    )
    reads: ClassVar[Reads] = {
        "home_feed_entries": ("account_id", "status_id"),
        "pending_fanouts": ("status_id",),
        "statuses": ("*",),
        "accounts": ("id", "followers_count"),
        "follows": ("account_id", "target_account_id", "show_reblogs"),
        "mutes": ("account_id", "target_account_id", "expires_at"),
        "blocks": ("account_id", "target_account_id"),
    }

    async def fetch(self, session: AsyncSession, query: FeedQuery) -> list[Candidate]:
        limit = query.count("in_network_candidates", 200)
        page = PageRequest(max_id=query.max_id, limit=limit)
        sources = await timelines.home_sources(session, query.viewer_id, query.fanout_threshold)
        ids = await timelines.home_page(
            session, query.viewer_id, sources, page, utcnow(), ids_only=True
        )
        return [Candidate(status_id, self.identifier) for status_id in ids]
