"""``/api/v2/search``'s rules: which kinds of result a query can have, and for whom.

Like Mastodon: a query starting with ``#`` finds no accounts; one containing ``@`` finds
no hashtags; ``@user@domain`` is an exact lookup (only this server's domain resolves,
since townsquare does not federate); statuses are searched only for a signed-in viewer.
A link to one of this server's posts or profiles finds that post or profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts import repository as accounts_repo
from townsquare.kit.errors import NotFound
from townsquare.kit.paging import PageRequest
from townsquare.models import Account, Status, Tag
from townsquare.models.base import utcnow
from townsquare.search import repository
from townsquare.search.terms import parse_terms
from townsquare.search.urls import is_url, parse_local_url
from townsquare.settings import Settings
from townsquare.statuses import service as statuses

SEARCH_TYPES = ("accounts", "hashtags", "statuses")
_HASHTAG = re.compile(r"^[^\W][\w]*$")


@dataclass(frozen=True)
class SearchRequest:
    """One validated search."""

    q: str
    type: str | None = None
    following: bool = False
    account_id: int | None = None
    page: PageRequest = field(default_factory=PageRequest)
    offset: int = 0


@dataclass
class SearchResults:
    accounts: list[Account] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=list)
    hashtags: list[Tag] = field(default_factory=list)


def _wants(request: SearchRequest, kind: str) -> bool:
    return request.type is None or request.type == kind


async def search(
    session: AsyncSession, viewer: Account | None, request: SearchRequest, settings: Settings
) -> SearchResults:
    """Run a search; an empty query or a zero limit finds nothing."""
    results = SearchResults()
    q = request.q.strip()
    if not q or request.page.limit <= 0:
        return results
    # Mastodon applies offset only to a search of one type.
    offset = request.offset if request.type else 0
    if is_url(q):
        return await _resolve_url(session, viewer, request, q, settings) if not offset else results
    if _wants(request, "accounts") and not (q.startswith("#") or ("@" in q and " " in q)):
        results.accounts = await _accounts(session, viewer, request, q, offset, settings)
    if _wants(request, "hashtags") and "@" not in q:
        results.hashtags = await _hashtags(session, request, q, offset)
    if _wants(request, "statuses") and viewer is not None:
        results.statuses = await _statuses(session, viewer, request, q, offset)
    return results


async def _resolve_url(
    session: AsyncSession,
    viewer: Account | None,
    request: SearchRequest,
    q: str,
    settings: Settings,
) -> SearchResults:
    """A pasted link to a post or profile of this server finds exactly that post or profile
    (what the viewer may see of it); another server's link finds nothing, as townsquare
    does not federate."""
    results = SearchResults()
    target = parse_local_url(q, settings)
    if target is None:
        return results
    account = await accounts_repo.by_username(session, target.username)
    if account is None or account.suspended_at is not None:
        return results
    if target.status_id is None:
        if _wants(request, "accounts"):
            results.accounts = [account]
        return results
    if _wants(request, "statuses") and viewer is not None:
        try:
            status = await statuses.find_visible(session, viewer, target.status_id)
        except NotFound:
            return results
        if status.account_id == account.id:
            results.statuses = [status]
    return results


async def _accounts(
    session: AsyncSession,
    viewer: Account | None,
    request: SearchRequest,
    q: str,
    offset: int,
    settings: Settings,
) -> list[Account]:
    name, _, domain = q.removeprefix("@").partition("@")
    if not name or (request.following and viewer is None):
        return []
    if domain and domain.lower() != settings.domain.lower():
        return []  # another server's account: townsquare does not federate
    found = await repository.accounts_by_name(
        session,
        name,
        exact=bool(domain),
        viewer_id=viewer.id if viewer else None,
        following_only=request.following,
        limit=request.page.limit,
        offset=offset,
    )
    return list(found)


async def _hashtags(
    session: AsyncSession, request: SearchRequest, q: str, offset: int
) -> list[Tag]:
    name = q.removeprefix("#")
    if not _HASHTAG.match(name):
        return []
    return list(
        await repository.tags_by_prefix(session, name, limit=request.page.limit, offset=offset)
    )


async def _statuses(
    session: AsyncSession, viewer: Account, request: SearchRequest, q: str, offset: int
) -> list[Status]:
    terms = parse_terms(q)
    if terms.empty:
        return []
    return await repository.statuses_matching(
        session,
        terms,
        viewer_id=viewer.id,
        now=utcnow(),
        author_id=request.account_id,
        page=request.page,
        offset=offset,
    )


@dataclass(frozen=True)
class DayUse:
    """How much a hashtag was used on one UTC day (``day`` is its midnight, Unix seconds)."""

    day: int
    uses: int
    accounts: int


async def tag_histories(session: AsyncSession, tags: list[Tag]) -> dict[int, list[DayUse]]:
    """The last week of each tag's use, newest day first, days without use included."""
    now_ms = int(utcnow().timestamp() * 1000)
    counts = await repository.tag_history(session, [t.id for t in tags], now_ms)
    today = now_ms // 86_400_000
    days = range(today, today - repository.HISTORY_DAYS, -1)
    return {
        tag.id: [DayUse(day * 86_400, *counts.get(tag.id, {}).get(day, (0, 0))) for day in days]
        for tag in tags
    }
