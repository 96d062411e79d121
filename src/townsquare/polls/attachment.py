"""The poll as a status attachment: written with its status, edited with it (votes reset when
the question changes, as in Mastodon), dropped when an edit leaves it out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.models import Poll, Status
from townsquare.models.base import as_utc, utcnow
from townsquare.polls import repository
from townsquare.polls.drafts import PollDraft, parse_poll
from townsquare.settings import Settings
from townsquare.statuses.attachments import StatusAttachment


async def create_poll(
    session: AsyncSession, _settings: Settings, status: Status, draft: PollDraft
) -> None:
    poll = Poll(
        status_id=status.id,
        account_id=status.account_id,
        multiple=draft.multiple,
        hide_totals=draft.hide_totals,
        expires_at=utcnow() + timedelta(seconds=draft.expires_in),
        votes_count=0,
        voters_count=0,
    )
    session.add(poll)
    await session.flush()
    await repository.add_options(session, poll.id, draft.options)


async def edit_poll(
    session: AsyncSession, settings: Settings, status: Status, draft: PollDraft | None
) -> bool:
    """Apply a status edit to its poll; whether the poll changed.

    A poll that has ended is left as it is: its tally is published and must not move.
    """
    poll = await repository.poll_for_status(session, status.id)
    if poll is None:
        if draft is None:
            return False
        await create_poll(session, settings, status, draft)
        return True
    now = utcnow()
    expires_at = as_utc(poll.expires_at)
    if poll.closed_at is not None or (expires_at is not None and expires_at <= now):
        return False
    if draft is None:
        await repository.delete_poll(session, poll.id)
        return True
    await repository.lock(session, [poll.id])
    state = await repository.state(session, poll.id)
    assert state is not None
    if tuple(state.titles) != draft.options or poll.multiple != draft.multiple:
        await repository.reset_votes(session, poll.id, draft.options)
    poll.multiple, poll.hide_totals = draft.multiple, draft.hide_totals
    poll.expires_at = now + timedelta(seconds=draft.expires_in)
    return True


def _parse(params: Any, settings: Settings) -> PollDraft | None:
    return parse_poll(params, settings)


POLL_ATTACHMENT = StatusAttachment(
    param="poll", parse=_parse, on_create=create_poll, on_edit=edit_poll
)
