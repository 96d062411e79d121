"""Who may use, change or delete a fork."""

from __future__ import annotations

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds import repository as repo
from townsquare.feeds.definition import Feed
from townsquare.feeds.manifest import running_source_hash
from townsquare.feeds.registry import built_in
from townsquare.ids import parse_id
from townsquare.kit.errors import BadRequest, NotFound
from townsquare.models import Account, CustomFeed


async def usable_fork(session: AsyncSession, viewer: Account | None, key: str) -> CustomFeed:
    """The fork ``key`` if it is the viewer's or public; an unknown feed (400) otherwise."""
    feed_id = parse_id(key)
    custom = await repo.custom_feed(session, feed_id) if feed_id is not None else None
    if custom is None or not (custom.public or (viewer and custom.account_id == viewer.id)):
        raise BadRequest(f"Unknown feed: {key}")
    return custom


async def own_fork(session: AsyncSession, viewer: Account, feed_id: int) -> CustomFeed:
    """The viewer's own fork; 404 for anyone else's (as Mastodon does for hidden records)."""
    custom = await repo.custom_feed(session, feed_id)
    if custom is None or custom.account_id != viewer.id:
        raise NotFound()
    return custom


def fork_feed(custom: CustomFeed) -> Feed:
    """A fork as a runnable feed (its stored weights were validated when saved)."""
    return built_in(custom.base).resolve(
        orjson.loads(custom.weights),
        orjson.loads(custom.params),
        key=str(custom.id),
        title=custom.title,
        source_hash=running_source_hash(),
    )
