"""The feed API: timelines with receipts, why, forks, home selection, cursors, replay."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from tests.factories import Actor, make_actor

API = "/api/townsquare/v1"


async def _post(client: httpx.AsyncClient, actor: Actor, text: str, **extra: Any) -> str:
    response = await client.post(
        "/api/v1/statuses", json={"status": text, **extra}, headers=actor.headers
    )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


async def _world(app: Starlette, client: httpx.AsyncClient) -> dict[str, Any]:
    """A viewer following three authors who post; a stranger the network liked."""
    viewer = await make_actor(app, "viewer")
    authors = [await make_actor(app, f"author{i}") for i in range(3)]
    stranger = await make_actor(app, "stranger")
    for author in authors:
        r = await client.post(f"/api/v1/accounts/{author.id}/follow", headers=viewer.headers)
        assert r.status_code == 200
    posts = [await _post(client, a, f"post {i} by {a.username}") for i in range(4) for a in authors]
    liked = await _post(client, stranger, "a stranger's good post")
    r = await client.post(f"/api/v1/statuses/{liked}/favourite", headers=authors[0].headers)
    assert r.status_code == 200
    return {"viewer": viewer, "authors": authors, "stranger": stranger, "posts": posts,
            "liked": liked}  # fmt: skip


async def test_following_feed_is_the_home_timeline(app: Starlette, client: httpx.AsyncClient) -> None:
    w = await _world(app, client)
    headers = w["viewer"].headers
    home = await client.get("/api/v1/timelines/home?limit=40", headers=headers)
    feed = await client.get(f"{API}/feeds/following/timeline?limit=40", headers=headers)
    assert feed.status_code == 200, feed.text
    assert [s["id"] for s in feed.json()] == [s["id"] for s in home.json()]
    assert len(home.json()) == 12


async def test_for_you_receipts_explain_every_post(app: Starlette, client: httpx.AsyncClient) -> None:
    w = await _world(app, client)
    r = await client.get(f"{API}/feeds/for-you/timeline?explain=true&limit=40",
                         headers=w["viewer"].headers)  # fmt: skip
    assert r.status_code == 200, r.text
    statuses = r.json()
    ids = [s["id"] for s in statuses]
    assert w["liked"] in ids and len(ids) == 13
    for rank, status in enumerate(statuses, 1):
        receipt = status["receipt"]
        assert receipt["rank"] == rank
        total = sum(t["product"] for t in receipt["terms"])
        assert abs(total - receipt["score"]) < 1e-9
        assert receipt["feed"]["key"] == "for-you" and len(receipt["feed"]["version"]) == 64
        assert "stale_out_of_network" in receipt["filters_passed"]
    by_id = {s["id"]: s["receipt"] for s in statuses}
    assert by_id[w["liked"]]["source"] == "liked_by_following"
    assert by_id[w["liked"]]["adjustments"]["out_of_network"] == 0.75


async def test_unknown_feed_is_a_400(app: Starlette, client: httpx.AsyncClient) -> None:
    viewer = await make_actor(app, "viewer")
    r = await client.get(f"{API}/feeds/nope/timeline", headers=viewer.headers)
    assert r.status_code == 400
    assert r.json()["error"].startswith("Unknown feed: nope")


async def test_replay_gives_the_served_order(app: Starlette, client: httpx.AsyncClient) -> None:
    w = await _world(app, client)
    headers = w["viewer"].headers
    first = await client.get(f"{API}/feeds/for-you/timeline?explain=true&limit=5", headers=headers)
    link = first.headers["link"]
    next_url = link.split("<", 1)[1].split(">", 1)[0].replace("http://ts.test", "")
    second = await client.get(next_url, headers=headers)
    assert second.status_code == 200
    served = [*first.json(), *second.json()]
    assert len({s["id"] for s in served}) == len(served) == 10
    r = await client.post(f"{API}/feeds/replay", json={"receipts": served})
    assert r.status_code == 200, r.text
    assert r.json()["matches"] is True and r.json()["version_matches"] is True
    assert r.json()["order"] == [s["id"] for s in served]
