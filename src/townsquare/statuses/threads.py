"""A status's thread: the statuses above it and the replies below it, as the viewer may see them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.models import Account, Status
from townsquare.statuses import policy, repository

# Mastodon's bounds: signed-in viewers get up to 40 ancestors and 4,096 descendants;
# anonymous ones 40 and 60.
MAX_ANCESTORS = 40
MAX_DESCENDANTS = 4096
MAX_DESCENDANTS_ANONYMOUS = 60


async def context(
    session: AsyncSession, viewer: Account | None, status: Status
) -> tuple[list[Status], list[Status]]:
    """``(ancestors oldest first, descendants depth-first)``, filtered for the viewer."""
    ancestors: list[Status] = []
    if status.in_reply_to_id is not None:
        ids = await repository.ancestor_ids(session, status.in_reply_to_id, MAX_ANCESTORS)
        ancestors = await _load_in_order(session, list(reversed(ids)))
    limit = MAX_DESCENDANTS if viewer is not None else MAX_DESCENDANTS_ANONYMOUS
    links = await repository.descendant_links(session, status.id, limit)
    descendants = await _load_in_order(session, depth_first(status.id, links))
    return await _shown(session, viewer, ancestors), await _shown(session, viewer, descendants)


def depth_first(root_id: int, links: Sequence[tuple[int, int]]) -> list[int]:
    """Order reply ids depth-first, each level oldest first, as a thread reads."""
    children: dict[int, list[int]] = defaultdict(list)
    for child_id, parent_id in links:
        children[parent_id].append(child_id)
    ordered: list[int] = []
    stack = sorted(children.get(root_id, []), reverse=True)
    while stack:
        current = stack.pop()
        ordered.append(current)
        stack.extend(sorted(children.get(current, []), reverse=True))
    return ordered


async def _load_in_order(session: AsyncSession, ids: list[int]) -> list[Status]:
    found = await repository.read_many(session, ids)
    return [found[i] for i in ids if i in found]


async def _shown(
    session: AsyncSession, viewer: Account | None, statuses: list[Status]
) -> list[Status]:
    """The statuses the viewer may see, minus those by accounts they block or mute."""
    if not statuses:
        return []
    visible = await policy.visible_ids(session, viewer, statuses)
    muted: set[int] = set()
    if viewer is not None:
        muted = await repository.muted_among(session, viewer.id, {s.account_id for s in statuses})
    return [s for s in statuses if s.id in visible and s.account_id not in muted]
