"""Votes on a poll this process has seen before skip the pre-check's query: the ballot box
checks every rule again under its lock, so a poll that changed since is still refused."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.polls.support import expire, post_poll, recount, vote

NOT_FOUND = (404, {"error": "Record not found"})


@pytest.mark.parametrize("blocker", ["author", "voter"])
async def test_a_block_made_after_the_poll_was_seen_refuses_the_vote(
    app: Starlette, client: httpx.AsyncClient, blocker: str
) -> None:
    author = await make_actor(app, "author")
    first = await make_actor(app, "first")
    voter = await make_actor(app, "voter")
    poll = (await post_poll(client, author))["poll"]
    assert (await vote(client, first, poll["id"], [0])).status_code == 200
    who, whom = {"author": (author, voter), "voter": (voter, author)}[blocker]
    blocked = await client.post(f"/api/v1/accounts/{whom.id}/block", headers=who.headers)
    assert blocked.status_code == 200
    response = await vote(client, voter, poll["id"], [1])
    assert (response.status_code, response.json()) == NOT_FOUND
    counters, recounted = await recount(app, poll["id"])
    assert counters == recounted == {"voters": 1, "votes": 1, "options": [1, 0]}


async def test_an_edit_or_the_end_after_the_poll_was_seen_refuses_the_vote(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "author")
    first = await make_actor(app, "first")
    voter = await make_actor(app, "voter")
    status = await post_poll(client, author, ["a", "b", "c"], multiple=True)
    poll_id = status["poll"]["id"]
    assert (await vote(client, first, poll_id, [0, 2])).status_code == 200
    edit = {"status": "Shorter", "poll": {"options": ["a", "b"], "expires_in": 900}}
    edited = await client.put(f"/api/v1/statuses/{status['id']}", json=edit, headers=author.headers)
    assert edited.status_code == 200
    gone = await vote(client, voter, poll_id, [2])
    assert gone.json() == {"error": "Validation failed: The chosen vote option does not exist"}
    single = await vote(client, voter, poll_id, [0, 1])
    assert single.json() == {"error": "Validation failed: This poll accepts exactly one choice"}
    await expire(app, poll_id)
    late = await vote(client, voter, poll_id, [0])
    assert (late.status_code, late.json()) == (
        422, {"error": "Validation failed: The poll has already ended"})  # fmt: skip
    counters, recounted = await recount(app, poll_id)
    assert counters == recounted == {"voters": 0, "votes": 0, "options": [0, 0]}
