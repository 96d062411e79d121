"""Who may see a status, in every verb: a status the viewer may not see is a 404."""

from __future__ import annotations

import httpx
import pytest

from tests.factories import Actor
from tests.statuses.support import actors, block, follow, post

VISIBILITIES = ("public", "unlisted", "private", "direct")
# Who sees what: "bo" is blocked by the author, "vic" blocks the author; both follow the
# author and are mentioned, to show that a block wins over following and mentions.
EXPECTED = {
    "author": {"public", "unlisted", "private", "direct"},
    "follower": {"public", "unlisted", "private"},
    "stranger": {"public", "unlisted"},
    "mentioned": {"public", "unlisted", "private", "direct"},
    "bo": set(),
    "vic": set(),
    "anonymous": {"public", "unlisted"},
}


async def _world(client: httpx.AsyncClient, app) -> tuple[dict[str, Actor], dict[str, str]]:
    alice, fan, sam, mia, bo, vic = await actors(app, "alice", "fan", "sam", "mia", "bo", "vic")
    for follower in (fan, bo, vic):
        await follow(app, follower, alice)
    statuses = {
        v: (await post(client, alice, f"@mia @bo @vic {v}", visibility=v))["id"]
        for v in VISIBILITIES
    }
    await block(app, alice, bo)
    await block(app, vic, alice)
    viewers = {"author": alice, "follower": fan, "stranger": sam, "mentioned": mia}
    return {**viewers, "bo": bo, "vic": vic}, statuses


def _headers(viewers: dict[str, Actor], name: str) -> dict[str, str]:
    return viewers[name].headers if name in viewers else {}


async def test_reads_follow_the_visibility_matrix(client: httpx.AsyncClient, app) -> None:
    viewers, statuses = await _world(client, app)
    for name, allowed in EXPECTED.items():
        headers = _headers(viewers, name)
        for visibility, sid in statuses.items():
            expected = 200 if visibility in allowed else 404
            for suffix in ("", "/context", "/history", "/favourited_by", "/reblogged_by"):
                response = await client.get(f"/api/v1/statuses/{sid}{suffix}", headers=headers)
                assert response.status_code == expected, (name, visibility, suffix)
            if name != "anonymous":
                source = await client.get(f"/api/v1/statuses/{sid}/source", headers=headers)
                assert source.status_code == expected, (name, visibility, "source")


@pytest.mark.parametrize("verb", ["favourite", "bookmark", "unfavourite", "unbookmark"])
async def test_interactions_follow_the_matrix(client: httpx.AsyncClient, app, verb: str) -> None:
    viewers, statuses = await _world(client, app)
    for name in ("follower", "stranger", "mentioned", "bo", "vic"):
        for visibility, sid in statuses.items():
            response = await client.post(
                f"/api/v1/statuses/{sid}/{verb}", headers=viewers[name].headers
            )
            expected = 200 if visibility in EXPECTED[name] else 404
            assert response.status_code == expected, (name, visibility)
            if expected == 404:
                assert response.json() == {"error": "Record not found"}


async def test_reblog_is_404_when_hidden_and_403_when_not_shareable(
    client: httpx.AsyncClient, app
) -> None:
    viewers, statuses = await _world(client, app)
    for name in ("follower", "stranger", "mentioned", "bo", "vic"):
        for visibility, sid in statuses.items():
            response = await client.post(
                f"/api/v1/statuses/{sid}/reblog", headers=viewers[name].headers
            )
            if visibility not in EXPECTED[name]:
                expected = (404, {"error": "Record not found"})
            elif visibility in ("private", "direct"):
                expected = (403, {"error": "This action is not allowed"})
            else:
                expected = (200, response.json())
            assert (response.status_code, response.json()) == expected, (name, visibility)


async def test_replies_need_a_visible_parent(client: httpx.AsyncClient, app) -> None:
    viewers, statuses = await _world(client, app)
    for name in ("follower", "stranger", "mentioned", "bo", "vic"):
        for visibility, sid in statuses.items():
            response = await client.post(
                "/api/v1/statuses",
                headers=viewers[name].headers,
                data={"status": "reply", "in_reply_to_id": sid},
            )
            expected = 200 if visibility in EXPECTED[name] else 404
            assert response.status_code == expected, (name, visibility)


async def test_pinning_someone_elses_status(client: httpx.AsyncClient, app) -> None:
    viewers, statuses = await _world(client, app)
    stranger = viewers["stranger"]
    public = await client.post(
        f"/api/v1/statuses/{statuses['public']}/pin", headers=stranger.headers
    )
    hidden = await client.post(
        f"/api/v1/statuses/{statuses['direct']}/pin", headers=stranger.headers
    )
    assert public.status_code == 422
    assert public.json() == {"error": "Validation failed: Someone else's post cannot be pinned"}
    assert hidden.status_code == 404


async def test_a_reblog_of_a_hidden_status_is_hidden(client: httpx.AsyncClient, app) -> None:
    alice, bob, carol = await actors(app, "alice", "bob", "carol")
    original = await post(client, alice, "public post")
    wrapper = (
        await client.post(f"/api/v1/statuses/{original['id']}/reblog", headers=bob.headers)
    ).json()
    await block(app, alice, carol)

    seen_by_carol = await client.get(f"/api/v1/statuses/{wrapper['id']}", headers=carol.headers)
    favourite = await client.post(
        f"/api/v1/statuses/{wrapper['id']}/favourite", headers=carol.headers
    )

    assert seen_by_carol.status_code == 404
    assert favourite.status_code == 404
