"""The Poll entity, as Mastodon documents it, and the status extension that embeds it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.api.mastodon.entities.status import StatusBatch
from townsquare.kit.json import iso
from townsquare.models import Account
from townsquare.models.base import utcnow
from townsquare.polls import repository, service
from townsquare.polls.merkle import choices_from_mask
from townsquare.polls.state import PollState


def render_poll(
    poll: PollState, viewer_id: int | None, own: int | None, now: datetime | None = None
) -> dict[str, Any]:
    """Option counts are ``null`` while ``hide_totals`` holds them back, until the end.

    ``own`` is the viewer's ballot (a bit set), ``None`` when they have not voted. As in
    Mastodon, the author counts as having voted, so that clients show them the results.
    """
    now = now or utcnow()
    shown = poll.totals_visible(now)
    entity: dict[str, Any] = {
        "id": str(poll.id),
        "expires_at": iso(poll.expires_at),
        "expired": poll.expired(now),
        "multiple": poll.multiple,
        "votes_count": poll.votes_count,
        "voters_count": poll.voters_count,
        "options": [
            {"title": title, "votes_count": count if shown else None}
            for title, count in zip(poll.titles, poll.counts, strict=True)
        ],
        "emojis": [],
    }
    if viewer_id is not None:
        entity["voted"] = own is not None or poll.account_id == viewer_id
        entity["own_votes"] = choices_from_mask(own) if own is not None else []
    return entity


async def poll_extension(
    session: AsyncSession,
    viewer: Account | None,
    batch: StatusBatch,
    rendered: dict[int, dict[str, Any]],
) -> None:
    """Fill ``poll`` of every rendered status that has one: two queries per page at most."""
    polls = await repository.states_by_status(session, batch.found_among("poll", batch.statuses))
    if not polls:
        return
    own = await service.own_choices(session, viewer, list(polls.values()))
    now = utcnow()
    for status_id, poll in polls.items():
        if status_id in rendered:
            rendered[status_id]["poll"] = render_poll(
                poll, viewer.id if viewer else None, own.get(poll.id), now
            )
