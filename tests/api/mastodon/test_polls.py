"""Polls through the Mastodon API: creating, viewing, voting, the entity and every rule."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.polls.support import post_poll, vote


async def test_vote_and_view(app: Starlette, client: httpx.AsyncClient) -> None:
    author = await make_actor(app, "author")
    voter = await make_actor(app, "voter")
    status = await post_poll(client, author, ["yes", "no", "maybe"], multiple=True)
    poll = status["poll"]
    assert poll["options"] == [
        {"title": "yes", "votes_count": 0},
        {"title": "no", "votes_count": 0},
        {"title": "maybe", "votes_count": 0},
    ]
    response = await vote(client, voter, poll["id"], [0, 2])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["voted"] is True and body["own_votes"] == [0, 2]
    assert body["votes_count"] == 2 and body["voters_count"] == 1
    again = await vote(client, voter, poll["id"], [1])
    assert again.status_code == 422
    assert again.json() == {"error": "Validation failed: You have already voted on this poll"}
    shown = await client.get(f"/api/v1/polls/{poll['id']}", headers=voter.headers)
    assert shown.json()["own_votes"] == [0, 2]
