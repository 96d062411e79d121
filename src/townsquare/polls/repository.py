"""Every query about polls: loading states, ballots, counters, closing and the published leaves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.sql import dialect_name, insert_ignoring_duplicates
from townsquare.models import Block, Mute, Poll, PollBallot, PollOption, Status
from townsquare.polls.state import PollState

_STATE_COLUMNS = (
    Poll.id, Poll.status_id, Poll.account_id, Poll.multiple, Poll.hide_totals, Poll.expires_at,
    Poll.closed_at, Poll.merkle_root, Poll.votes_count, Poll.voters_count, Poll.created_at,
    PollOption.title, PollOption.votes_count,
)  # fmt: skip


async def _states(session: AsyncSession, condition: Any) -> dict[int, PollState]:
    """Poll states by poll id, with their options in order: one query."""
    rows = await session.execute(
        select(*_STATE_COLUMNS)
        .join(PollOption, PollOption.poll_id == Poll.id)
        .where(condition)
        .order_by(Poll.id, PollOption.position)
    )
    states: dict[int, PollState] = {}
    for row in rows:
        state = states.get(row[0])
        if state is None:
            state = states[row[0]] = PollState(*tuple(row[:11]))  # type: ignore[arg-type]
        state.titles.append(row[11])
        state.counts.append(int(row[12]))
    return states


async def state(session: AsyncSession, poll_id: int) -> PollState | None:
    return (await _states(session, Poll.id == poll_id)).get(poll_id)


async def states(session: AsyncSession, poll_ids: Iterable[int]) -> dict[int, PollState]:
    wanted = list(set(poll_ids))
    return await _states(session, Poll.id.in_(wanted)) if wanted else {}


async def states_by_status(
    session: AsyncSession, status_ids: Iterable[int]
) -> dict[int, PollState]:
    """Poll states keyed by their status id."""
    wanted = list(set(status_ids))
    if not wanted:
        return {}
    found = await _states(session, Poll.status_id.in_(wanted))
    return {s.status_id: s for s in found.values()}


async def poll_for_status(session: AsyncSession, status_id: int) -> Poll | None:
    return (
        await session.execute(select(Poll).where(Poll.status_id == status_id))
    ).scalar_one_or_none()


async def own_choices(
    session: AsyncSession, account_id: int, poll_ids: Iterable[int]
) -> dict[int, int]:
    """The account's ballot (bit set of choices) on each of these polls it voted on."""
    wanted = list(set(poll_ids))
    if not wanted:
        return {}
    rows = await session.execute(
        select(PollBallot.poll_id, PollBallot.choices).where(
            PollBallot.account_id == account_id, PollBallot.poll_id.in_(wanted)
        )
    )
    return {row[0]: int(row[1]) for row in rows}


async def ballot_of(session: AsyncSession, poll_id: int, account_id: int) -> PollBallot | None:
    return (
        await session.execute(
            select(PollBallot).where(
                PollBallot.poll_id == poll_id, PollBallot.account_id == account_id
            )
        )
    ).scalar_one_or_none()


async def lock(session: AsyncSession, poll_ids: Sequence[int]) -> None:
    """Serialise writers of these polls (row locks in id order; SQLite writes serialise)."""
    if dialect_name(session) == "postgresql" and poll_ids:
        await session.execute(
            select(Poll.id).where(Poll.id.in_(sorted(poll_ids))).order_by(Poll.id).with_for_update()
        )


async def add_options(session: AsyncSession, poll_id: int, titles: Sequence[str]) -> None:
    await session.execute(
        insert(PollOption),
        [
            {"poll_id": poll_id, "position": i, "title": t, "votes_count": 0}
            for i, t in enumerate(titles)
        ],
    )


async def reset_votes(session: AsyncSession, poll_id: int, titles: Sequence[str]) -> None:
    """Forget every ballot and count, and set new options (an edit that changed the question)."""
    await session.execute(delete(PollBallot).where(PollBallot.poll_id == poll_id))
    await session.execute(delete(PollOption).where(PollOption.poll_id == poll_id))
    await session.execute(
        update(Poll).where(Poll.id == poll_id).values(votes_count=0, voters_count=0)
    )
    await add_options(session, poll_id, titles)


async def delete_poll(session: AsyncSession, poll_id: int) -> None:
    await session.execute(delete(Poll).where(Poll.id == poll_id))


async def insert_ballots(
    session: AsyncSession, rows: Sequence[dict[str, Any]]
) -> set[tuple[int, int]]:
    """Insert ballots; the (poll, account) pairs actually inserted. The UNIQUE constraint on
    (poll_id, account_id) drops any second ballot, concurrent or not."""
    if not rows:
        return set()
    inserted = await session.execute(
        insert_ignoring_duplicates(session, PollBallot)
        .values(list(rows))
        .returning(PollBallot.poll_id, PollBallot.account_id)
    )
    return {(row[0], row[1]) for row in inserted}


_OPTIONS: Any = PollOption.__table__
# A Core statement (not the ORM's bulk update by primary key): one executemany per batch.
_ADD_TO_OPTION = (
    update(_OPTIONS)
    .where(_OPTIONS.c.poll_id == bindparam("p"), _OPTIONS.c.position == bindparam("i"))
    .values(votes_count=_OPTIONS.c.votes_count + bindparam("d"))
)


async def add_counts(
    session: AsyncSession, poll_id: int, voters: int, votes: int, per_option: dict[int, int]
) -> None:
    """Add to a poll's counters in SQL (``n = n + d``), never read-modify-write."""
    await session.execute(
        update(Poll)
        .where(Poll.id == poll_id)
        .values(votes_count=Poll.votes_count + votes, voters_count=Poll.voters_count + voters)
    )
    deltas = [{"p": poll_id, "i": i, "d": d} for i, d in sorted(per_option.items()) if d]
    if deltas:
        await session.execute(
            _ADD_TO_OPTION, deltas, execution_options={"synchronize_session": False}
        )


async def due_for_closing(session: AsyncSession, now: datetime, limit: int) -> list[int]:
    rows = await session.execute(
        select(Poll.id)
        .where(Poll.closed_at.is_(None), Poll.expires_at <= now)
        .order_by(Poll.expires_at)
        .limit(limit)
    )
    return [row[0] for row in rows]


async def mark_closed(session: AsyncSession, poll_id: int, now: datetime, root: str) -> None:
    await session.execute(
        update(Poll).where(Poll.id == poll_id).values(closed_at=now, merkle_root=root)
    )


async def leaves(session: AsyncSession, poll_id: int) -> list[tuple[str, str, int]]:
    """(leaf, receipt, choices) of every ballot, in leaf order (the published order)."""
    rows = await session.execute(
        select(PollBallot.leaf, PollBallot.receipt, PollBallot.choices)
        .where(PollBallot.poll_id == poll_id)
        .order_by(PollBallot.leaf)
    )
    return [(row[0], row[1], int(row[2])) for row in rows]


async def leaf_hashes(session: AsyncSession, poll_id: int) -> list[str]:
    rows = await session.execute(
        select(PollBallot.leaf).where(PollBallot.poll_id == poll_id).order_by(PollBallot.leaf)
    )
    return list(rows.scalars())


async def notifiable_voters(
    session: AsyncSession, poll_id: int, author_id: int, now: datetime
) -> list[int]:
    """Voters who neither block the author nor mute their notifications (``notify``'s rules)."""
    blocked = exists().where(
        Block.account_id == PollBallot.account_id, Block.target_account_id == author_id
    )
    muted = exists().where(
        Mute.account_id == PollBallot.account_id,
        Mute.target_account_id == author_id,
        Mute.hide_notifications.is_(True),
        Mute.expires_at.is_(None) | (Mute.expires_at > now),
    )
    rows = await session.execute(
        select(PollBallot.account_id).where(
            PollBallot.poll_id == poll_id, PollBallot.account_id != author_id, ~blocked, ~muted
        )
    )
    return list(rows.scalars())


async def ballot_by_receipt(
    session: AsyncSession, poll_id: int, receipt: str
) -> tuple[str, int] | None:
    """(leaf, choices) of the ballot holding ``receipt``."""
    row = (
        await session.execute(
            select(PollBallot.leaf, PollBallot.choices).where(
                PollBallot.poll_id == poll_id, PollBallot.receipt == receipt
            )
        )
    ).first()
    return (row[0], int(row[1])) if row else None


@dataclass(frozen=True)
class VoteTarget:
    """What a vote needs to know about a poll, read in one query (the vote's hot path)."""

    poll_id: int
    account_id: int
    status_id: int
    visibility: str
    blocked: bool  # a block between the voter and the author, either way
    multiple: bool
    expires_at: datetime
    closed: bool
    option_count: int


async def vote_target(session: AsyncSession, poll_id: int, viewer_id: int) -> VoteTarget | None:
    options = select(func.count()).where(PollOption.poll_id == Poll.id).scalar_subquery()
    blocked = exists().where(
        or_(
            and_(Block.account_id == viewer_id, Block.target_account_id == Poll.account_id),
            and_(Block.account_id == Poll.account_id, Block.target_account_id == viewer_id),
        )
    )
    row = (
        await session.execute(
            select(
                Poll.id,
                Poll.account_id,
                Poll.status_id,
                Status.visibility,
                blocked,
                Poll.multiple,
                Poll.expires_at,
                Poll.closed_at.is_not(None),
                options,
            )
            .join(Status, Status.id == Poll.status_id)
            .where(Poll.id == poll_id)
        )
    ).first()
    if row is None:
        return None
    return VoteTarget(*tuple(row))
