"""Out-of-network candidates, kept a short while per viewer in each process.

Finding posts that the accounts you follow liked, replied to or follow the authors of is
most of a ranked page's cost (it reads their likes and replies of the last two days), and
its answer barely moves from one refresh to the next. Large feeds cache these candidate
lists for minutes (X's candidate pipelines do); townsquare keeps each for
``TOWNSQUARE_FEEDS_CANDIDATE_CACHE_SECONDS`` (published in the manifest).

Only the list of proposed posts is kept. The in-network source and every hydrator still
read the database on each ranking, so a new post from someone you follow, a mute, a block,
a deletion, a removal or a new like count takes effect at once.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import Candidate, FeedQuery
from townsquare.feeds.stage import CandidateSource
from townsquare.kit.expiring import ExpiringMap

# Entries kept per process at most; past that, expired ones go first, then all.
MAX_ENTRIES = 20_000


def cacheable(source: CandidateSource) -> bool:
    """Whether a source's candidates may be reused: those that declare they are out of
    network (``out_of_network = True``); in-network candidates are always read fresh."""
    return bool(getattr(source, "out_of_network", False))


class CandidateCache(ExpiringMap[tuple[object, ...], tuple[Candidate, ...]]):
    """Candidate lists by (source, viewer, feed parameters), each until it expires."""

    def __init__(self) -> None:
        super().__init__(MAX_ENTRIES)

    async def fetch(
        self, source: CandidateSource, session: AsyncSession, query: FeedQuery, seconds: float
    ) -> list[Candidate]:
        """The source's candidates for ``query``: reused if fetched less than ``seconds`` ago."""
        if seconds <= 0 or not cacheable(source):
            return await source.fetch(session, query)
        key = (source.identifier, query.viewer_id, tuple(sorted(query.params.items())))
        kept = self.get(key)
        if kept is not None:
            return list(kept)
        found = await source.fetch(session, query)
        self.put(key, tuple(found), seconds)
        return found


CANDIDATES = CandidateCache()
