"""Forks: a user's copy of a built-in feed with other weights and parameters, no code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds import policy
from townsquare.feeds import repository as repo
from townsquare.feeds.registry import built_in
from townsquare.kit.errors import Unprocessable
from townsquare.models import Account, CustomFeed
from townsquare.models.base import utcnow

MAX_FORKS = 50


@dataclass(frozen=True)
class ForkChanges:
    """What a create or update asks for; ``None`` leaves a field as it is."""

    base: str | None = None
    title: str | None = None
    description: str | None = None
    weights: dict[str, Any] | None = None
    params: dict[str, Any] | None = None
    public: bool | None = None


def _validated(base: str, weights: dict[str, Any], params: dict[str, Any]) -> tuple[str, str]:
    feed = built_in(base).resolve(weights, params)
    changed_w = {k: v for k, v in feed.weights.items() if k in weights}
    changed_p = {k: v for k, v in feed.params.items() if k in params}
    return orjson.dumps(changed_w).decode(), orjson.dumps(changed_p).decode()


async def create(session: AsyncSession, viewer: Account, changes: ForkChanges) -> CustomFeed:
    base = changes.base or "for-you"
    mine = await repo.custom_feeds(session, viewer.id, _everything(), include_public=False)
    if len(mine) >= MAX_FORKS:
        raise Unprocessable(f"Validation failed: at most {MAX_FORKS} feeds per account")
    weights, params = _validated(base, changes.weights or {}, changes.params or {})
    now = utcnow()
    custom = CustomFeed(
        account_id=viewer.id,
        base=base,
        title=changes.title or f"My {base}",
        description=changes.description or "",
        weights=weights,
        params=params,
        public=bool(changes.public),
        created_at=now,
        updated_at=now,
    )
    session.add(custom)
    await session.flush()
    return custom


async def update(
    session: AsyncSession, viewer: Account, feed_id: int, changes: ForkChanges
) -> CustomFeed:
    custom = await policy.own_fork(session, viewer, feed_id)
    weights = {**orjson.loads(custom.weights), **(changes.weights or {})}
    params = {**orjson.loads(custom.params), **(changes.params or {})}
    base = changes.base or custom.base
    custom.weights, custom.params = _validated(base, weights, params)
    custom.base = base
    if changes.title is not None:
        custom.title = changes.title
    if changes.description is not None:
        custom.description = changes.description
    if changes.public is not None:
        custom.public = changes.public
        if not changes.public:  # others who chose it for their home fall back to following
            await repo.clear_choices_of(session, str(custom.id), keep=viewer.id)
    custom.updated_at = utcnow()
    return custom


async def delete(session: AsyncSession, viewer: Account, feed_id: int) -> None:
    custom = await policy.own_fork(session, viewer, feed_id)
    await repo.clear_choices_of(session, str(custom.id))
    await session.delete(custom)


def _everything() -> Any:
    from townsquare.kit.paging import PageRequest

    return PageRequest(limit=MAX_FORKS + 1)
