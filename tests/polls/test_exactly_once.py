"""The database, not only the code, holds one ballot per account; separate writers agree."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.polls.support import post_poll, recount
from townsquare.db import Database
from townsquare.models import PollBallot
from townsquare.polls.ballots import BallotBox
from townsquare.polls.service import BallotRequest
from townsquare.settings import Settings


async def test_the_unique_constraint_refuses_a_second_ballot(app: Starlette, client) -> None:  # type: ignore[no-untyped-def]
    author = await make_actor(app, "author")
    voter = await make_actor(app, "voter")
    poll = (await post_poll(client, author))["poll"]
    row = {"poll_id": int(poll["id"]), "account_id": int(voter.id), "choices": 1,
           "receipt": "r", "leaf": "00"}  # fmt: skip
    async with app.state.db.session() as session:
        await session.execute(insert(PollBallot).values(id=1, **row))
        with pytest.raises(IntegrityError):
            await session.execute(insert(PollBallot).values(id=2, **row))


async def test_two_processes_writing_the_same_ballot_count_it_once(
    app: Starlette,
    client,
    settings: Settings,  # type: ignore[no-untyped-def]
) -> None:
    if settings.is_sqlite:
        pytest.skip("two writers in one process would share SQLite's cross-process file lock")
    author = await make_actor(app, "author")
    voters = [await make_actor(app) for _ in range(5)]
    poll = (await post_poll(client, author))["poll"]
    first, second = Database(settings), Database(settings)
    boxes = [BallotBox(first), BallotBox(second)]
    requests = [
        BallotRequest(int(poll["id"]), int(v.id), 1 << (i % 2)) for i, v in enumerate(voters)
    ]
    outcomes = await asyncio.gather(
        *(box.cast(request) for request in requests * 4 for box in boxes)
    )
    accepted = [o for o in outcomes if o.error is None]
    assert len(accepted) == len(voters)
    assert {o.error.message for o in outcomes if o.error} == {
        "Validation failed: You have already voted on this poll"
    }
    counters, recounted = await recount(app, poll["id"])
    assert counters == recounted == {"voters": 5, "votes": 5, "options": [3, 2]}
    await first.dispose()
    await second.dispose()
