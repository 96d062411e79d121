"""Polls through the Mastodon API: creating, viewing, voting, the entity and every rule."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from tests.factories import make_actor, make_token
from tests.polls.support import expire, post_poll, recount, vote

ENDED = "Validation failed: The poll has already ended"


async def test_a_poll_posted_with_form_fields_renders_as_mastodon_documents(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "author")
    form = {"status": "Lunch?", "poll[options][]": ["pizza", "salad"],
            "poll[expires_in]": "600", "poll[multiple]": "true"}  # fmt: skip
    response = await client.post("/api/v1/statuses", data=form, headers=author.headers)
    poll = response.json()["poll"]
    assert response.status_code == 200, response.text
    assert set(poll) == {"id", "expires_at", "expired", "multiple", "votes_count", "voters_count",
                         "options", "emojis", "voted", "own_votes"}  # fmt: skip
    assert poll["options"] == [
        {"title": "pizza", "votes_count": 0},
        {"title": "salad", "votes_count": 0},
    ]
    assert poll["multiple"] is True and poll["expired"] is False
    assert poll["voted"] is True and poll["own_votes"] == []  # the author counts as having voted
    status = await client.get(f"/api/v1/statuses/{response.json()['id']}")
    assert status.json()["poll"]["id"] == poll["id"] and "voted" not in status.json()["poll"]


async def test_vote_counts_and_the_voter_sees_their_choices(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "author")
    voter = await make_actor(app, "voter")
    poll = (await post_poll(client, author, ["yes", "no", "maybe"], multiple=True))["poll"]
    response = await vote(client, voter, poll["id"], ["0", "2"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["voted"] is True and body["own_votes"] == [0, 2]
    assert body["votes_count"] == 2 and body["voters_count"] == 1
    assert [o["votes_count"] for o in body["options"]] == [1, 0, 1]
    again = await vote(client, voter, poll["id"], [1])
    assert again.status_code == 422
    assert again.json() == {"error": "Validation failed: You have already voted on this poll"}
    shown = await client.get(f"/api/v1/polls/{poll['id']}", headers=voter.headers)
    assert shown.json()["own_votes"] == [0, 2] and shown.json()["votes_count"] == 2
    timeline = await client.get("/api/v1/timelines/public", headers=voter.headers)
    assert timeline.json()[0]["poll"]["own_votes"] == [0, 2]


@pytest.mark.parametrize(
    ("poll", "message"),
    [
        ({"options": ["only"], "expires_in": 600}, "Poll options must have more than one item"),
        ({"options": ["a", "b", "c", "d", "e"], "expires_in": 600},
         "Poll options can't contain more than 4 items"),
        ({"options": ["a", "x" * 51], "expires_in": 600},
         "Poll options cannot be longer than 50 characters each"),
        ({"options": ["a", "a"], "expires_in": 600}, "Poll options contain duplicate items"),
        ({"options": ["a", " "], "expires_in": 600}, "Poll options can't be blank"),
        ({"options": ["a", "b"]}, "Poll expires_in can't be blank"),
        ({"options": ["a", "b"], "expires_in": 299},
         "Poll expires_in is too soon (minimum is 300 seconds)"),
        ({"options": ["a", "b"], "expires_in": 30 * 86400 + 1},
         "Poll expires_in is too far into the future (maximum is 2592000 seconds)"),
    ],
)  # fmt: skip
async def test_poll_limits_are_enforced_and_nothing_is_written(
    app: Starlette, client: httpx.AsyncClient, poll: dict[str, object], message: str
) -> None:
    author = await make_actor(app, "author")
    response = await client.post(
        "/api/v1/statuses", json={"status": "q", "poll": poll}, headers=author.headers
    )
    assert response.status_code == 422
    assert response.json() == {"error": f"Validation failed: {message}"}
    mine = await client.get(f"/api/v1/accounts/{author.id}/statuses")
    assert mine.json() == []


async def test_limits_are_published_in_the_instance(client: httpx.AsyncClient) -> None:
    polls = (await client.get("/api/v2/instance")).json()["configuration"]["polls"]
    assert polls == {"max_options": 4, "max_characters_per_option": 50,
                     "min_expiration": 300, "max_expiration": 2592000}  # fmt: skip


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([], "Validation failed: Choices can't be blank"),
        (["x"], "Validation failed: Choices must be option indexes (integers from 0)"),
        (["-1"], "Validation failed: Choices must be option indexes (integers from 0)"),
        ([2], "Validation failed: The chosen vote option does not exist"),
        ([0, 1], "Validation failed: This poll accepts exactly one choice"),
    ],
)
async def test_single_choice_rules(
    app: Starlette, client: httpx.AsyncClient, choices: list[object], message: str
) -> None:
    author = await make_actor(app, "author")
    voter = await make_actor(app, "voter")
    poll = (await post_poll(client, author))["poll"]
    response = await vote(client, voter, poll["id"], choices)
    assert (response.status_code, response.json()) == (422, {"error": message})
    counters, _ = await recount(app, poll["id"])
    assert counters["voters"] == 0


async def test_multiple_choice_takes_distinct_valid_choices(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "author")
    voter = await make_actor(app, "voter")
    poll = (await post_poll(client, author, ["a", "b", "c"], multiple=True))["poll"]
    duplicate = await vote(client, voter, poll["id"], [1, 1])
    assert duplicate.json() == {"error": "Validation failed: Choices contain duplicate items"}
    assert (await vote(client, voter, poll["id"], [0, 1, 2])).json()["votes_count"] == 3


async def test_no_vote_on_own_poll_after_the_end_or_unseen(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "author")
    voter = await make_actor(app, "voter")
    poll = (await post_poll(client, author))["poll"]
    own = await vote(client, author, poll["id"], [0])
    assert own.json() == {"error": "Validation failed: You cannot vote in your own polls"}
    private = (await post_poll(client, author, visibility="private"))["poll"]
    unseen = await vote(client, voter, private["id"], [0])
    assert (unseen.status_code, unseen.json()) == (404, {"error": "Record not found"})
    assert (await client.get(f"/api/v1/polls/{private['id']}")).status_code == 404
    assert (await vote(client, voter, "123456789", [0])).status_code == 404
    await expire(app, poll["id"])
    late = await vote(client, voter, poll["id"], [0])
    assert (late.status_code, late.json()) == (422, {"error": ENDED})


@pytest.mark.parametrize("blocker", ["author", "voter"])
async def test_no_vote_across_a_block(
    app: Starlette, client: httpx.AsyncClient, blocker: str
) -> None:
    author = await make_actor(app, "author")
    voter = await make_actor(app, "voter")
    poll = (await post_poll(client, author))["poll"]
    actors = {"author": (author, voter), "voter": (voter, author)}
    who, whom = actors[blocker]
    blocked = await client.post(f"/api/v1/accounts/{whom.id}/block", headers=who.headers)
    assert blocked.status_code == 200
    response = await vote(client, voter, poll["id"], [0])
    assert (response.status_code, response.json()) == (404, {"error": "Record not found"})


async def test_voting_needs_a_user_token_with_write_statuses(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "author")
    voter = await make_actor(app, "voter")
    poll = (await post_poll(client, author))["poll"]
    anonymous = await client.post(f"/api/v1/polls/{poll['id']}/votes", json={"choices": [0]})
    assert anonymous.status_code == 401
    read_only = await make_token(app, voter, "read")
    response = await client.post(
        f"/api/v1/polls/{poll['id']}/votes",
        json={"choices": [0]},
        headers={"Authorization": f"Bearer {read_only}"},
    )
    assert (response.status_code, response.json()) == (
        403, {"error": "This action is outside the authorized scopes"})  # fmt: skip


async def test_hidden_totals_until_the_end_even_before_the_job_runs(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "author")
    voter = await make_actor(app, "voter")
    poll = (await post_poll(client, author, hide_totals=True))["poll"]
    voted = (await vote(client, voter, poll["id"], [1])).json()
    assert [o["votes_count"] for o in voted["options"]] == [None, None]
    assert voted["votes_count"] == 1
    await expire(app, poll["id"])
    ended = (await client.get(f"/api/v1/polls/{poll['id']}")).json()
    assert ended["expired"] is True
    assert [o["votes_count"] for o in ended["options"]] == [0, 1]


async def test_editing_the_question_resets_votes_and_leaving_it_out_removes_it(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "author")
    voter = await make_actor(app, "voter")
    status = await post_poll(client, author, ["a", "b"])
    poll_id = status["poll"]["id"]
    await vote(client, voter, poll_id, [0])
    edit = {"status": "Is this a poll?", "poll": {"options": ["a", "b"], "expires_in": 900,
            "hide_totals": True}}  # fmt: skip
    kept = await client.put(f"/api/v1/statuses/{status['id']}", json=edit, headers=author.headers)
    assert kept.json()["poll"]["votes_count"] == 1 and kept.json()["edited_at"] is not None
    edit["poll"] = {"options": ["a", "b", "c"], "expires_in": 900}
    reset = await client.put(f"/api/v1/statuses/{status['id']}", json=edit, headers=author.headers)
    poll = reset.json()["poll"]
    assert poll["id"] == poll_id and poll["votes_count"] == 0 and poll["voters_count"] == 0
    assert [o["title"] for o in poll["options"]] == ["a", "b", "c"]
    again = await vote(client, voter, poll_id, [2])
    assert again.status_code == 200 and again.json()["own_votes"] == [2]
    assert await recount(app, poll_id) == ({"voters": 1, "votes": 1, "options": [0, 0, 1]},) * 2
    removed = await client.put(
        f"/api/v1/statuses/{status['id']}", json={"status": "no poll"}, headers=author.headers
    )
    assert removed.json()["poll"] is None
    assert (await client.get(f"/api/v1/polls/{poll_id}")).status_code == 404


async def test_a_bad_poll_in_an_edit_changes_nothing(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "author")
    status = await post_poll(client, author, ["a", "b"])
    bad = {"status": "changed", "poll": {"options": ["a"], "expires_in": 900}}
    response = await client.put(
        f"/api/v1/statuses/{status['id']}", json=bad, headers=author.headers
    )
    assert response.status_code == 422
    same = (await client.get(f"/api/v1/statuses/{status['id']}")).json()
    assert (
        same["content"] == status["content"]
        and same["poll"]["options"] == status["poll"]["options"]
    )


async def test_delete_and_redraft_returns_the_poll(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "author")
    status = await post_poll(client, author, ["a", "b"])
    deleted = await client.delete(f"/api/v1/statuses/{status['id']}", headers=author.headers)
    assert deleted.json()["poll"]["options"][1]["title"] == "b"
    assert (await client.get(f"/api/v1/polls/{status['poll']['id']}")).status_code == 404
