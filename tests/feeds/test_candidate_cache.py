"""Out-of-network candidates are reused a short while; everything else stays fresh."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.factories import Actor, make_actor
from townsquare.feeds.candidate_cache import CANDIDATES

API = "/api/townsquare/v1"


async def _post(client: httpx.AsyncClient, actor: Actor, text: str) -> str:
    response = await client.post("/api/v1/statuses", json={"status": text}, headers=actor.headers)
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


async def _like(client: httpx.AsyncClient, actor: Actor, status_id: str) -> None:
    response = await client.post(f"/api/v1/statuses/{status_id}/favourite", headers=actor.headers)
    assert response.status_code == 200, response.text


async def _for_you(client: httpx.AsyncClient, viewer: Actor) -> list[dict[str, Any]]:
    response = await client.get(
        f"{API}/feeds/for-you/timeline?limit=40&explain=true", headers=viewer.headers
    )
    assert response.status_code == 200, response.text
    return list(response.json())


async def _world(app: Starlette, client: httpx.AsyncClient) -> tuple[Actor, Actor, Actor]:
    viewer, friend, stranger = [await make_actor(app, n) for n in ("viewer", "friend", "far")]
    response = await client.post(f"/api/v1/accounts/{friend.id}/follow", headers=viewer.headers)
    assert response.status_code == 200
    return viewer, friend, stranger


async def test_a_new_like_by_a_followed_account_shows_once_the_list_expires(
    app: Starlette, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.state.settings.feeds_candidate_cache_seconds = 60
    CANDIDATES.clear()
    now = [1000.0]
    monkeypatch.setattr(CANDIDATES, "clock", lambda: now[0])
    viewer, friend, stranger = await _world(app, client)
    first = await _post(client, stranger, "an early post from outside your network")
    await _like(client, friend, first)
    assert first in [s["id"] for s in await _for_you(client, viewer)]

    later = await _post(client, stranger, "a later post from outside your network")
    await _like(client, friend, later)
    own = await _post(client, friend, "a new post by someone you follow")
    shown = [s["id"] for s in await _for_you(client, viewer)]
    assert later not in shown  # the out-of-network list is the one fetched a moment ago
    assert own in shown  # in-network posts are read fresh on every ranking

    now[0] += 59  # still within the minute
    assert later not in [s["id"] for s in await _for_you(client, viewer)]
    now[0] += 2
    shown = [s["id"] for s in await _for_you(client, viewer)]
    assert later in shown


async def test_reused_candidates_are_hydrated_and_filtered_afresh(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    app.state.settings.feeds_candidate_cache_seconds = 60
    CANDIDATES.clear()
    viewer, friend, stranger = await _world(app, client)
    liked = await _post(client, stranger, "a post the network liked")
    await _like(client, friend, liked)
    before = {s["id"]: s for s in await _for_you(client, viewer)}
    assert before[liked]["favourites_count"] == 1

    await _like(client, viewer, liked)
    again = {s["id"]: s for s in await _for_you(client, viewer)}
    assert again[liked]["favourites_count"] == 2  # counts are read now, not cached

    muted = await client.post(f"/api/v1/accounts/{stranger.id}/mute", headers=viewer.headers)
    assert muted.status_code == 200
    assert liked not in [s["id"] for s in await _for_you(client, viewer)]


async def test_the_manifest_publishes_how_long_candidates_are_reused(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    app.state.settings.feeds_candidate_cache_seconds = 45
    body = (await client.get(f"{API}/algorithm")).json()
    assert body["candidate_cache_seconds"] == 45
