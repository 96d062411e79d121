"""The ballot box: votes arriving together are written in one transaction (group commit).

Each vote request waits for the commit that holds its ballot before it is answered, so a
ballot is durable before it is acknowledged. One writer task per process drains the
queue; while it commits, new votes queue up and go into the next transaction. The UNIQUE
constraint on (poll_id, account_id) still decides who voted: a second ballot of the same
account, in the same batch or not, is refused without failing the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.db import Database
from townsquare.ids import new_id
from townsquare.kit.errors import ApiError, NotFound, Unprocessable
from townsquare.models.base import utcnow
from townsquare.polls import errors, repository
from townsquare.polls.merkle import choices_from_mask, leaf_hash, receipt_hash
from townsquare.polls.read_cache import AnonymousPollCache
from townsquare.polls.repository import VoteTarget
from townsquare.polls.service import BallotRequest
from townsquare.polls.state import PollState

MAX_BATCH = 400  # ballots per transaction: 6 parameters each stays far below SQLite's limit
# Votes whose checks run at once in one process. The others wait their turn without using
# the event loop, so a burst of votes never queues more than a few steps of work ahead of
# a read (GET /api/v1/polls/:id) or of the ballot writer holding the write lock; it also
# keeps a storm's sessions within the connection pool. On SQLite a check never leaves the
# loop, so two at once keep it busy; on PostgreSQL a check mostly waits on the network, so
# more may overlap. Measured in the poll storm (64 voters, 4 readers) on PostgreSQL: 8 at
# once held reads to a p99 of 28 ms, 4 to 15-28 ms, 3 (with the gathering below) to
# 14-16 ms, 2 to 14 ms but cost a third of the votes.
CHECKING_AT_ONCE = {"sqlite": 2, "postgresql": 3}
# How long the writer waits for votes still being checked before it commits without them.
# On SQLite a commit holds the event loop, so no vote can queue meanwhile: the writer waits
# for them instead. On PostgreSQL votes queue while a commit is on the wire; a short wait
# still makes batches larger (fewer round trips, fewer turns of the poll's row lock between
# the processes, fewer wake-ups of the event loop per vote). With three checks at once, the
# storm ran at 7.4-7.8 % of the trivial endpoint waiting 5 ms, 8.1-8.2 % waiting 10 ms and
# 8.3-8.8 % waiting 20 ms, but with a slower read p99 (16-19 ms instead of 14-16).
GATHER_SECONDS = {"sqlite": 0.02, "postgresql": 0.01}


@dataclass(frozen=True)
class BallotOutcome:
    """The poll as this vote left it, or the rule it broke."""

    poll: PollState | None
    error: ApiError | None = None


def new_ballot_row(request: BallotRequest) -> dict[str, Any]:
    """A ballot with a fresh random receipt and its Merkle leaf."""
    receipt = secrets.token_urlsafe(32)
    leaf = leaf_hash(receipt_hash(receipt), choices_from_mask(request.choices))
    return {"id": new_id(), "poll_id": request.poll_id, "account_id": request.account_id,
            "choices": request.choices, "receipt": receipt, "leaf": leaf.hex()}  # fmt: skip


def _refusal(
    request: BallotRequest, poll: PollState | None, blocked: set[tuple[int, int]], now: datetime
) -> ApiError | None:
    """What the locked, current poll says about a vote checked before the lock."""
    if poll is None:
        return NotFound()
    if {(request.account_id, poll.account_id), (poll.account_id, request.account_id)} & blocked:
        return NotFound()  # a block either way hides the poll, as it hides the status
    if poll.expired(now):
        return Unprocessable(errors.ENDED)
    if request.choices >> len(poll.titles):  # the options changed in an edit since
        return Unprocessable(errors.NO_SUCH_OPTION)
    if not poll.multiple and request.choices.bit_count() != 1:
        return Unprocessable(errors.ONE_CHOICE)
    return None


async def write_batch(
    session: AsyncSession, requests: list[BallotRequest], now: datetime
) -> list[BallotOutcome]:
    """Insert the ballots and move the counters, in the caller's transaction."""
    poll_ids = sorted({r.poll_id for r in requests})
    # Blocks first: on PostgreSQL the polls' row locks are then held for one query less.
    blocked = await repository.blocked_pairs(session, poll_ids, {r.account_id for r in requests})
    polls = await repository.states(session, poll_ids, lock=True)
    outcomes: list[BallotOutcome | None] = [None] * len(requests)
    candidates: dict[tuple[int, int], int] = {}  # (poll, account) -> first request index
    for index, request in enumerate(requests):
        refusal = _refusal(request, polls.get(request.poll_id), blocked, now)
        key = (request.poll_id, request.account_id)
        if refusal is None and key in candidates:
            refusal = Unprocessable(errors.ALREADY_VOTED)
        if refusal is not None:
            outcomes[index] = BallotOutcome(None, refusal)
        else:
            candidates[key] = index
    rows = [new_ballot_row(requests[i]) for i in candidates.values()]
    inserted = await repository.insert_ballots(session, rows)
    accepted = [i for key, i in candidates.items() if key in inserted]
    after = await _count(session, polls, [requests[i] for i in accepted])
    for key, index in candidates.items():
        outcomes[index] = (
            BallotOutcome(after[key[0]])
            if key in inserted
            else BallotOutcome(None, Unprocessable(errors.ALREADY_VOTED))
        )
    return [outcome or BallotOutcome(None, NotFound()) for outcome in outcomes]


async def _count(
    session: AsyncSession, polls: dict[int, PollState], accepted: list[BallotRequest]
) -> dict[int, PollState]:
    """Add the accepted ballots to the counters; the polls' states after them (under lock)."""
    voters: dict[int, int] = defaultdict(int)
    per_option: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for request in accepted:
        voters[request.poll_id] += 1
        for choice in choices_from_mask(request.choices):
            per_option[request.poll_id][choice] += 1
    after = dict(polls)
    for poll_id, count in voters.items():
        options = per_option[poll_id]
        votes = sum(options.values())
        await repository.add_counts(session, poll_id, count, votes, options)
        before = polls[poll_id]
        after[poll_id] = replace(
            before,
            voters_count=before.voters_count + count,
            votes_count=before.votes_count + votes,
            counts=[n + options.get(i, 0) for i, n in enumerate(before.counts)],
        )
    return after


class BallotBox:
    """One per process: queues votes and commits them in batches, one writer at a time."""

    def __init__(self, db: Database, anonymous: AnonymousPollCache | None = None) -> None:
        self.db = db
        self.anonymous = anonymous  # logged-out views to refresh after each commit
        self._queue: list[tuple[BallotRequest, asyncio.Future[BallotOutcome]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._checking = asyncio.Semaphore(CHECKING_AT_ONCE.get(db.dialect, 4))
        self._gather_seconds = GATHER_SECONDS.get(db.dialect, 0.0)
        self._arriving = 0  # votes admitted or waiting to be, not yet queued or refused
        self._gathered = asyncio.Event()
        self.known_polls: dict[int, VoteTarget] = {}  # see service.prepare_ballot
        # A vote's checks only read, and the writer checks again under its lock: they need
        # no transaction, which spares PostgreSQL a BEGIN and a ROLLBACK round trip each.
        self._reading = db.engine.execution_options(isolation_level="AUTOCOMMIT")

    def checking_session(self) -> AsyncSession:
        """A session for a vote's checks (reads only, outside any transaction)."""
        return self.db.sessions(bind=self._reading)

    @asynccontextmanager
    async def admission(self) -> AsyncIterator[None]:
        """Around a vote's checks: a few at a time, and the writer knows they are coming."""
        self._arriving += 1
        try:
            async with self._checking:
                yield
        finally:
            self._arriving -= 1
            if not self._arriving:
                self._gathered.set()

    async def cast(self, request: BallotRequest) -> BallotOutcome:
        """Queue a ballot; returns once the transaction holding it has committed."""
        future: asyncio.Future[BallotOutcome] = asyncio.get_running_loop().create_future()
        self._queue.append((request, future))
        if len(self._queue) >= MAX_BATCH:
            self._gathered.set()
        if self._writer is None:
            self._writer = asyncio.create_task(self._drain(), name="townsquare-ballot-box")
        return await future

    async def _gather(self) -> None:
        """Wait, briefly, for the votes being checked, so that they share the next commit."""
        if not self._gather_seconds:
            await asyncio.sleep(0)  # votes already on their way join this transaction
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._gather_seconds):
                while self._arriving and len(self._queue) < MAX_BATCH:
                    self._gathered.clear()
                    await self._gathered.wait()

    async def _drain(self) -> None:
        try:
            while self._queue:
                await self._gather()
                batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
                await self._commit(batch)
        finally:
            self._writer = None

    async def _commit(
        self, batch: list[tuple[BallotRequest, asyncio.Future[BallotOutcome]]]
    ) -> None:
        try:
            async with self.db.writer("POST", "ballot box"), self.db.session() as session:
                outcomes = await write_batch(session, [r for r, _ in batch], utcnow())
                await session.commit()
        except Exception as error:  # the whole transaction failed: every vote in it did
            for _, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
        if self.anonymous is not None:
            counted = {o.poll.id: o.poll for o in outcomes if o.poll is not None}
            for poll in counted.values():
                self.anonymous.refresh(poll)
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            if not future.done():  # a client that went away still has its ballot counted
                future.set_result(outcome)


def ballot_box(state: Any) -> BallotBox:
    """The process's ballot box, kept on the application's state."""
    box = getattr(state, "ballot_box", None)
    if box is None:
        box = state.ballot_box = BallotBox(state.db, anonymous_polls(state))
    return box


def anonymous_polls(state: Any) -> AnonymousPollCache:
    """The process's logged-out poll views (see ``read_cache``), on the application's state."""
    cache = getattr(state, "anonymous_polls", None)
    if cache is None:
        seconds = state.settings.poll_anonymous_cache_seconds
        cache = state.anonymous_polls = AnonymousPollCache(seconds)
    return cache
