"""Every query about polls: loading states, ballots, counters, closing and the published leaves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.prepared import prepared_for
from townsquare.kit.sql import dialect_name, in_ids
from townsquare.models import Block, Mute, Poll, PollBallot, PollOption, Status
from townsquare.polls.state import PollState

_STATE_COLUMNS = (
    Poll.id,
    Poll.status_id,
    Poll.account_id,
    Poll.multiple,
    Poll.hide_totals,
    Poll.expires_at,
    Poll.closed_at,
    Poll.merkle_root,
    Poll.votes_count,
    Poll.voters_count,
    Poll.created_at,
    PollOption.title,
    PollOption.votes_count,
)


@lru_cache(maxsize=4)
def _states_statement(key: str, lock: bool) -> Any:
    """Polls whose ``key`` column is in the bound ``ids``, options in order; built once
    (rendering runs it for every page of statuses)."""
    query = (
        select(*_STATE_COLUMNS)
        .join(PollOption, PollOption.poll_id == Poll.id)
        .where(in_ids(getattr(Poll, key), "ids"))
        .order_by(Poll.id, PollOption.position)
    )
    return query.with_for_update(of=Poll) if lock else query


async def _states(
    session: AsyncSession, key: str, ids: list[int], lock: bool = False
) -> dict[int, PollState]:
    """Poll states by poll id, with their options in order: one query. ``lock`` takes the
    polls' row locks in id order on PostgreSQL (SQLite's writes serialise anyway)."""
    statement = _states_statement(key, lock and dialect_name(session) == "postgresql")
    rows = await prepared_for(statement).rows(session, {"ids": ids})
    states: dict[int, PollState] = {}
    for row in rows:
        state = states.get(row[0])
        if state is None:
            state = states[row[0]] = PollState(*tuple(row[:11]))
        state.titles.append(row[11])
        state.counts.append(int(row[12]))
    return states


async def state(session: AsyncSession, poll_id: int) -> PollState | None:
    return (await _states(session, "id", [poll_id])).get(poll_id)


async def states(
    session: AsyncSession, poll_ids: Iterable[int], lock: bool = False
) -> dict[int, PollState]:
    wanted = list(set(poll_ids))
    return await _states(session, "id", wanted, lock) if wanted else {}


# Which statuses of a rendered batch carry a poll (``register_status_probe``).
STATUS_PROBE = select(literal("poll"), Poll.status_id).where(in_ids(Poll.status_id, "status_ids"))


async def states_by_status(
    session: AsyncSession, status_ids: Iterable[int]
) -> dict[int, PollState]:
    """Poll states keyed by their status id."""
    wanted = list(set(status_ids))
    if not wanted:
        return {}
    found = await _states(session, "status_id", wanted)
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


_BALLOTS: Any = PollBallot.__table__
# Core statements built once per dialect; run as an executemany, SQLAlchemy sends them as
# multi-row INSERTs ("insertmanyvalues") without compiling a new statement per batch size.
_INSERT_BALLOTS = {
    module.__name__.rsplit(".", 1)[-1]: module.insert(_BALLOTS)
    .on_conflict_do_nothing()
    .returning(_BALLOTS.c.poll_id, _BALLOTS.c.account_id)
    for module in (postgresql, sqlite)
}


async def insert_ballots(
    session: AsyncSession, rows: Sequence[dict[str, Any]]
) -> set[tuple[int, int]]:
    """Insert ballots; the (poll, account) pairs actually inserted. The UNIQUE constraint on
    (poll_id, account_id) drops any second ballot, concurrent or not."""
    if not rows:
        return set()
    connection = await session.connection()
    inserted = await connection.execute(_INSERT_BALLOTS[dialect_name(session)], list(rows))
    return {(row[0], row[1]) for row in inserted}


_OPTIONS: Any = PollOption.__table__
_POLLS: Any = Poll.__table__


async def add_counts(
    session: AsyncSession, poll_id: int, voters: int, votes: int, per_option: dict[int, int]
) -> None:
    """Add to a poll's counters in SQL (``n = n + d``), never read-modify-write.

    The options move in one statement (a CASE on their position). On PostgreSQL the poll's
    own counters move in that same statement (a data-modifying CTE): one round trip less
    while the poll's row is locked and the other writers wait for it.
    """
    connection = await session.connection()
    add_to_poll = (
        update(_POLLS)
        .where(_POLLS.c.id == poll_id)
        .values(
            votes_count=_POLLS.c.votes_count + votes,
            voters_count=_POLLS.c.voters_count + voters,
        )
    )
    deltas = {i: d for i, d in sorted(per_option.items()) if d}
    if not deltas:
        await connection.execute(add_to_poll)
        return
    add_to_options = (
        update(_OPTIONS)
        .where(_OPTIONS.c.poll_id == poll_id, _OPTIONS.c.position.in_(list(deltas)))
        .values(
            votes_count=_OPTIONS.c.votes_count + case(deltas, value=_OPTIONS.c.position, else_=0)
        )
    )
    if dialect_name(session) == "postgresql":
        counted = add_to_poll.returning(_POLLS.c.id).cte("counted_poll")
        await connection.execute(add_to_options.add_cte(counted))
    else:
        await connection.execute(add_to_poll)
        await connection.execute(add_to_options)


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


# The hot paths (a vote's checks, a poll's view) run prebuilt Core statements on the
# session's connection: no statement is rebuilt per request, and the ORM stays out of it.
_POLL = bindparam("poll_id", type_=BigInteger)
_VIEWER = bindparam("viewer_id", type_=BigInteger)
_BLOCKED = exists().where(
    or_(
        and_(Block.account_id == _VIEWER, Block.target_account_id == Poll.account_id),
        and_(Block.account_id == Poll.account_id, Block.target_account_id == _VIEWER),
    )
)
_OPTION_COUNT = select(func.count()).where(PollOption.poll_id == Poll.id).scalar_subquery()
_VOTE_TARGET = (
    select(
        Poll.id,
        Poll.account_id,
        Poll.status_id,
        Status.visibility,
        _BLOCKED,
        Poll.multiple,
        Poll.expires_at,
        Poll.closed_at.is_not(None),
        _OPTION_COUNT,
    )
    .join(Status, Status.id == Poll.status_id)
    .where(Poll.id == _POLL)
)
_OWN_BALLOT = (
    select(PollBallot.choices)
    .where(PollBallot.poll_id == Poll.id, PollBallot.account_id == _VIEWER)
    .scalar_subquery()
)
_POLL_VIEW = (
    select(*_STATE_COLUMNS, Status.visibility, _BLOCKED, _OWN_BALLOT)
    .join(PollOption, PollOption.poll_id == Poll.id)
    .join(Status, Status.id == Poll.status_id)
    .where(Poll.id == _POLL)
    .order_by(PollOption.position)
)


async def vote_target(session: AsyncSession, poll_id: int, viewer_id: int) -> VoteTarget | None:
    params = {"poll_id": poll_id, "viewer_id": viewer_id}
    rows = await prepared_for(_VOTE_TARGET).rows(session, params)
    return VoteTarget(*rows[0]) if rows else None


@dataclass(frozen=True)
class PollView:
    """A poll as one viewer sees it: its state, its status's visibility, blocks, their ballot."""

    poll: PollState
    visibility: str
    blocked: bool  # a block between the viewer and the author, either way
    own: int | None  # the viewer's ballot (bit set of choices), if any


async def poll_view(session: AsyncSession, poll_id: int, viewer_id: int | None) -> PollView | None:
    """Everything ``GET /api/v1/polls/:id`` needs, in one query."""
    params = {"poll_id": poll_id, "viewer_id": viewer_id}
    rows = await prepared_for(_POLL_VIEW).rows(session, params)
    if not rows:
        return None
    first = rows[0]
    poll = PollState(*tuple(first[:11]))
    for row in rows:
        poll.titles.append(row[11])
        poll.counts.append(int(row[12]))
    own = first[15]
    return PollView(poll, first[13], bool(first[14]), None if own is None else int(own))


async def blocked_pairs(
    session: AsyncSession, poll_ids: Iterable[int], voters: set[int]
) -> set[tuple[int, int]]:
    """(blocker, blocked) pairs between these polls' authors and these voters, either way."""
    authors = select(Poll.account_id).where(Poll.id.in_(list(poll_ids)))
    rows = await (await session.connection()).execute(
        select(Block.account_id, Block.target_account_id).where(
            or_(
                and_(Block.account_id.in_(authors), Block.target_account_id.in_(voters)),
                and_(Block.account_id.in_(voters), Block.target_account_id.in_(authors)),
            )
        )
    )
    return {(row[0], row[1]) for row in rows}
