"""Logged-out reads of a poll are answered from memory for a moment (``polls.read_cache``):
never for a logged-in reader, never for a poll a logged-out reader may not see, and never
behind a vote this process has counted."""

from __future__ import annotations

import httpx
from sqlalchemy import update
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.polls.support import post_poll, vote
from townsquare.models import Poll
from townsquare.polls.ballots import anonymous_polls


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _clocked(app: Starlette) -> Clock:
    clock = Clock()
    anonymous_polls(app.state).clock = clock
    return clock


async def _write_counts_elsewhere(app: Starlette, poll_id: str, voters: int) -> None:
    """What another server process's commit looks like from this one: the row moved."""
    async with app.state.db.session() as session:
        await session.execute(
            update(Poll).where(Poll.id == int(poll_id)).values(voters_count=voters)
        )
        await session.commit()


async def _anonymous_voters(client: httpx.AsyncClient, poll_id: str) -> int:
    response = await client.get(f"/api/v1/polls/{poll_id}")
    assert response.status_code == 200, response.text
    return int(response.json()["voters_count"])


async def test_a_logged_out_read_may_lag_another_process_by_at_most_the_setting(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    clock = _clocked(app)
    author = await make_actor(app, "author")
    poll_id = (await post_poll(client, author))["poll"]["id"]
    assert await _anonymous_voters(client, poll_id) == 0
    await _write_counts_elsewhere(app, poll_id, 7)
    assert await _anonymous_voters(client, poll_id) == 0
    clock.now += app.state.settings.poll_anonymous_cache_seconds
    assert await _anonymous_voters(client, poll_id) == 7


async def test_a_vote_counted_here_shows_at_once_and_logged_in_readers_read_fresh(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    _clocked(app)
    author = await make_actor(app, "author")
    voter = await make_actor(app, "voter")
    poll_id = (await post_poll(client, author))["poll"]["id"]
    assert await _anonymous_voters(client, poll_id) == 0
    assert (await vote(client, voter, poll_id, [1])).status_code == 200
    assert await _anonymous_voters(client, poll_id) == 1
    await _write_counts_elsewhere(app, poll_id, 5)
    mine = await client.get(f"/api/v1/polls/{poll_id}", headers=voter.headers)
    assert (mine.json()["voters_count"], mine.json()["voted"]) == (5, True)


async def test_a_poll_hidden_from_logged_out_readers_is_never_kept(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    _clocked(app)
    author = await make_actor(app, "author")
    poll_id = (await post_poll(client, author, visibility="private"))["poll"]["id"]
    for _ in range(2):
        response = await client.get(f"/api/v1/polls/{poll_id}")
        assert (response.status_code, response.json()) == (404, {"error": "Record not found"})
    assert anonymous_polls(app.state).get(int(poll_id)) is None
