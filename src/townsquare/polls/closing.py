"""Closing polls that have ended: publish the Merkle root and tell the author and the voters.

A periodic job (``worker/jobs.py``) works from database state — polls past their end that
are not closed yet — so a run cut short is finished by the next one, and closing a poll
twice is impossible (the row is locked and re-checked). Reads never wait for this job: a
poll past its end already renders as expired.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.db import Database
from townsquare.ids import new_id
from townsquare.models import Notification
from townsquare.models.base import utcnow
from townsquare.notifications.service import notify
from townsquare.polls import merkle, repository
from townsquare.settings import Settings

POLLS_PER_TRANSACTION = 20
NOTIFICATION_CHUNK = 5000


async def close_expired_polls(db: Database, _settings: Settings) -> None:
    """Close every poll past its end, a few per transaction."""
    while True:
        async with db.writer("POST", "job: close polls"), db.session() as session:
            due = await repository.due_for_closing(session, utcnow(), POLLS_PER_TRANSACTION)
            for poll_id in due:
                await close_poll(session, poll_id, utcnow())
            await session.commit()
        if len(due) < POLLS_PER_TRANSACTION:
            return


async def close_poll(session: AsyncSession, poll_id: int, now: datetime) -> int:
    """Close one poll if it is still open and past its end: 1 if it did, else 0."""
    await repository.lock(session, [poll_id])
    poll = await repository.state(session, poll_id)
    if poll is None or poll.closed_at is not None or poll.expires_at > now:
        return 0
    leaves = [bytes.fromhex(leaf) for leaf in await repository.leaf_hashes(session, poll_id)]
    await repository.mark_closed(session, poll_id, now, merkle.root(leaves).hex())
    await notify(
        session,
        recipient_id=poll.account_id,
        from_account_id=poll.account_id,
        type="poll",
        status_id=poll.status_id,
    )
    voters = await repository.notifiable_voters(session, poll_id, poll.account_id, now)
    await _notify_voters(session, voters, poll.account_id, poll.status_id, now)
    return 1


async def _notify_voters(
    session: AsyncSession, voters: list[int], author_id: int, status_id: int, now: datetime
) -> None:
    """One ``poll`` notification per voter, inserted in bulk (a poll may have millions)."""
    rows = [
        {"id": new_id(), "account_id": voter, "from_account_id": author_id, "type": "poll",
         "status_id": status_id, "created_at": now}
        for voter in voters
    ]  # fmt: skip
    table: Any = Notification.__table__
    for start in range(0, len(rows), NOTIFICATION_CHUNK):
        chunk = rows[start : start + NOTIFICATION_CHUNK]
        await session.execute(insert(table), chunk)
