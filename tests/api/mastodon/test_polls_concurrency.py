"""Exactly once under load: concurrent votes, on SQLite and PostgreSQL, and the recount."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
from bench.polls_seed import seed_voters
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.polls.support import post_poll, recount

STORM = 1000


async def test_a_thousand_concurrent_votes_by_one_account_make_one_ballot(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "author")
    voter = await make_actor(app, "voter")
    poll = (await post_poll(client, author, ["a", "b", "c"], multiple=True))["poll"]
    url = f"/api/v1/polls/{poll['id']}/votes"
    responses = await asyncio.gather(
        *(
            client.post(url, json={"choices": [i % 3, (i + 1) % 3]}, headers=voter.headers)
            for i in range(STORM)
        )
    )
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: 1, 422: STORM - 1}
    refused = {r.json()["error"] for r in responses if r.status_code == 422}
    assert refused == {"Validation failed: You have already voted on this poll"}
    counters, recounted = await recount(app, poll["id"])
    assert counters == recounted
    assert counters["voters"] == 1 and counters["votes"] == 2
    shown = (await client.get(f"/api/v1/polls/{poll['id']}", headers=voter.headers)).json()
    assert shown["voters_count"] == 1


async def test_a_thousand_distinct_voters_make_a_thousand_ballots(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "author")
    poll = (await post_poll(client, author, ["a", "b", "c", "d"]))["poll"]
    async with app.state.db.session() as session:
        voters = await seed_voters(session, STORM)
        await session.commit()
    url = f"/api/v1/polls/{poll['id']}/votes"
    responses = await asyncio.gather(
        *(
            client.post(
                url, data={"choices[]": str(i % 4)}, headers={"Authorization": f"Bearer {t}"}
            )
            for i, (_, t) in enumerate(voters)
        )
    )
    assert Counter(r.status_code for r in responses) == {200: STORM}
    counters, recounted = await recount(app, poll["id"])
    assert counters == recounted == {"voters": STORM, "votes": STORM, "options": [250] * 4}
    # Every acknowledged vote saw its own ballot in the counts it was answered with.
    assert all(r.json()["own_votes"] == [i % 4] for i, r in enumerate(responses))
    assert max(r.json()["voters_count"] for r in responses) == STORM
