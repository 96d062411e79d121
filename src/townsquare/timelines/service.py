"""Timelines: home, public, hashtag, an account's statuses, bookmarks and favourites.

The rules live here (who may see what, which options empty a timeline); the queries
live in ``repository``. townsquare has no federation and no media yet, so ``remote``
and ``only_media`` timelines are empty, and ``local`` changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import NotFound
from townsquare.kit.paging import PageRequest
from townsquare.models import Account, Bookmark, Favourite, Status
from townsquare.models.base import utcnow
from townsquare.settings import Settings
from townsquare.social import repository as social
from townsquare.timelines import conditions as cond
from townsquare.timelines import repository as repo

# Mastodon applies at most this many tags from each of any[], all[] and none[].
TAGS_PER_MODE = 4
MAX_TAG_LENGTH = 100


async def home(
    session: AsyncSession, settings: Settings, viewer: Account, page: PageRequest
) -> list[Status]:
    """The viewer's home timeline: own posts, followed accounts' posts and reblogs."""
    sources = await repo.home_sources(session, viewer.id, settings.fanout_threshold)
    return await repo.home_page(session, viewer.id, sources, page, utcnow())


async def public(
    session: AsyncSession,
    viewer: Account | None,
    page: PageRequest,
    *,
    remote: bool = False,
    only_media: bool = False,
) -> list[Status]:
    """The public timeline: public original posts and self-replies, newest first."""
    if remote or only_media:
        return []
    return await repo.public_page(session, viewer.id if viewer else None, page, utcnow())


def normalize_tag(name: str) -> str:
    """A hashtag as tags are stored: without ``#``, lower case."""
    return name.strip().lstrip("#").lower()


@dataclass(frozen=True)
class TagQuery:
    """The hashtag timeline's parameters."""

    hashtag: str
    any_of: Sequence[str] = ()
    all_of: Sequence[str] = ()
    none_of: Sequence[str] = ()
    remote: bool = False
    only_media: bool = False


async def tag(
    session: AsyncSession, viewer: Account | None, query: TagQuery, page: PageRequest
) -> list[Status]:
    """Public statuses with the hashtag (or any of ``any_of``), all of ``all_of``, none of
    ``none_of``. An unknown hashtag gives an empty timeline, as in Mastodon."""
    if query.remote or query.only_media:
        return []
    any_names = [normalize_tag(query.hashtag), *_names(query.any_of)]
    all_names, none_names = _names(query.all_of), _names(query.none_of)
    ids = await repo.tag_ids(session, [*any_names, *all_names, *none_names])
    any_ids = [ids[n] for n in any_names if n in ids]
    if not any_ids or any(n not in ids for n in all_names):
        return []
    all_ids = [ids[n] for n in all_names]
    none_ids = [ids[n] for n in none_names if n in ids]
    viewer_id = viewer.id if viewer else None
    return await repo.tag_page(session, viewer_id, any_ids, all_ids, none_ids, page, utcnow())


def _names(names: Sequence[str]) -> list[str]:
    return [normalize_tag(n) for n in names[:TAGS_PER_MODE] if normalize_tag(n)]


@dataclass(frozen=True)
class AccountStatusesQuery:
    """The options of ``GET /api/v1/accounts/:id/statuses``."""

    exclude_replies: bool = False
    exclude_reblogs: bool = False
    pinned: bool = False
    only_media: bool = False
    tagged: str | None = None


async def account_statuses(
    session: AsyncSession,
    viewer: Account | None,
    author_id: int,
    query: AccountStatusesQuery,
    page: PageRequest,
) -> list[Status]:
    """An account's statuses as the viewer may see them; 404 for an unknown account."""
    author = await session.get(Account, author_id)
    if author is None:
        raise NotFound()
    viewer_id = viewer.id if viewer else None
    if query.only_media or author.suspended_at is not None:
        return []
    if viewer is not None and viewer.id != author_id:  # noqa: SIM102 (an await inside)
        if await social.blocks(session, author_id, viewer.id):
            return []
    tag_id = None
    if query.tagged is not None:
        name = normalize_tag(query.tagged)
        tag_id = (await repo.tag_ids(session, [name])).get(name)
        if tag_id is None:
            return []
    account_filter = repo.AccountFilter(
        author_id=author_id,
        viewer_id=viewer_id,
        visibilities=await _visibilities_for(session, viewer_id, author_id),
        exclude_replies=query.exclude_replies,
        exclude_reblogs=query.exclude_reblogs,
        pinned=query.pinned,
        tag_id=tag_id,
    )
    return await repo.account_page(session, account_filter, page, utcnow())


async def _visibilities_for(
    session: AsyncSession, viewer_id: int | None, author_id: int
) -> tuple[str, ...]:
    if viewer_id is not None and await social.is_following(session, viewer_id, author_id):
        return cond.FOLLOWER_VISIBILITIES
    return cond.OPEN_VISIBILITIES


async def bookmarks(
    session: AsyncSession, viewer: Account, page: PageRequest
) -> list[tuple[int, Status]]:
    """The viewer's bookmarked statuses as (bookmark id, status), newest bookmark first."""
    return await repo.marked_page(session, Bookmark, viewer.id, page)


async def favourites(
    session: AsyncSession, viewer: Account, page: PageRequest
) -> list[tuple[int, Status]]:
    """The viewer's favourited statuses as (favourite id, status), newest favourite first."""
    return await repo.marked_page(session, Favourite, viewer.id, page)
