"""The feed API: timelines with receipts, why, forks, home selection, cursors, replay."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import text
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
    return {
        "viewer": viewer,
        "authors": authors,
        "stranger": stranger,
        "posts": posts,
        "liked": liked,
    }


async def test_following_feed_is_the_home_timeline(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    w = await _world(app, client)
    headers = w["viewer"].headers
    home = await client.get("/api/v1/timelines/home?limit=40", headers=headers)
    feed = await client.get(f"{API}/feeds/following/timeline?limit=40", headers=headers)
    assert feed.status_code == 200, feed.text
    assert [s["id"] for s in feed.json()] == [s["id"] for s in home.json()]
    assert len(home.json()) == 12


async def test_for_you_receipts_explain_every_post(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    w = await _world(app, client)
    r = await client.get(
        f"{API}/feeds/for-you/timeline?explain=true&limit=40", headers=w["viewer"].headers
    )
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


async def test_why_ranks_a_post_or_names_the_filter(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    w = await _world(app, client)
    viewer, author = w["viewer"], w["authors"][1]
    post = w["posts"][1]
    r = await client.get(f"{API}/feeds/for-you/why/{post}", headers=viewer.headers)
    assert r.status_code == 200, r.text
    assert r.json()["ranked"] is True and r.json()["rank"] >= 1
    assert r.json()["receipt"]["source"] == "in_network"
    r = await client.post(f"/api/v1/accounts/{author.id}/mute", headers=viewer.headers)
    assert r.status_code == 200
    r = await client.get(f"{API}/feeds/for-you/why/{post}", headers=viewer.headers)
    assert r.json()["ranked"] is False
    assert r.json()["removed_by"]["filter"] == "hidden_author"
    private = await _post(client, w["stranger"], "only for followers", visibility="private")
    r = await client.get(f"{API}/feeds/for-you/why/{private}", headers=viewer.headers)
    assert r.status_code == 404


async def test_feedback_less_removes_the_post_and_lowers_the_author(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    w = await _world(app, client)
    viewer, post = w["viewer"], w["posts"][0]
    r = await client.post(
        f"{API}/statuses/{post}/feedback", json={"feedback": "meh"}, headers=viewer.headers
    )
    assert r.status_code == 422
    assert r.json()["error"] == "Validation failed: feedback must be more or less"
    r = await client.post(
        f"{API}/statuses/{post}/feedback", data={"feedback": "less"}, headers=viewer.headers
    )
    assert r.status_code == 200
    r = await client.get(f"{API}/feeds/for-you/why/{post}", headers=viewer.headers)
    assert r.json()["removed_by"]["filter"] == "shown_less"
    sibling = w["posts"][3]  # same author
    r = await client.get(f"{API}/feeds/for-you/why/{sibling}", headers=viewer.headers)
    terms = {t["name"]: t for t in r.json()["receipt"]["terms"]}
    assert terms["show_less"]["value"] > 0 and terms["show_less"]["product"] < 0


async def test_forks_validate_weights_and_serve_home(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    w = await _world(app, client)
    viewer, other = w["viewer"], w["stranger"]
    bad = await client.post(
        f"{API}/feeds", json={"weights": {"recency": 99}}, headers=viewer.headers
    )
    assert bad.status_code == 422
    assert bad.json()["error"] == "Validation failed: weight recency must be between 0 and 10"
    unknown = await client.post(
        f"{API}/feeds", json={"weights": {"clicks": 1}}, headers=viewer.headers
    )
    assert unknown.json()["error"].startswith("Validation failed: unknown weight clicks")
    r = await client.post(
        f"{API}/feeds",
        json={
            "title": "Fresh",
            "weights": {"recency": 8},
            "params": {"out_of_network_discount": 0.5},
        },
        headers=viewer.headers,
    )
    assert r.status_code == 200, r.text
    fork = r.json()
    assert fork["weights"]["recency"] == 8 and fork["params"]["out_of_network_discount"] == 0.5
    assert (
        await client.get(f"{API}/feeds/{fork['id']}/timeline", headers=other.headers)
    ).status_code == 400
    r = await client.patch(
        f"{API}/feeds/{fork['id']}", json={"public": True}, headers=viewer.headers
    )
    assert r.json()["public"] is True
    assert (
        await client.get(f"{API}/feeds/{fork['id']}/timeline", headers=other.headers)
    ).status_code == 200
    r = await client.put(f"{API}/home_feed", json={"feed": fork["id"]}, headers=viewer.headers)
    assert r.status_code == 200 and r.json() == {"feed": fork["id"]}
    home = await client.get("/api/v1/timelines/home?limit=40", headers=viewer.headers)
    assert w["liked"] in [s["id"] for s in home.json()]  # ranked: out-of-network post too
    assert (
        await client.delete(f"{API}/feeds/{fork['id']}", headers=other.headers)
    ).status_code == 404
    assert (
        await client.delete(f"{API}/feeds/{fork['id']}", headers=viewer.headers)
    ).status_code == 200
    r = await client.get(f"{API}/home_feed", headers=viewer.headers)
    assert r.json() == {"feed": "following"}


async def test_ranked_home_cursors_have_no_duplicates_or_gaps(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    w = await _world(app, client)
    headers = w["viewer"].headers
    assert (
        await client.put(f"{API}/home_feed", json={"feed": "for-you"}, headers=headers)
    ).status_code == 200
    everything = await client.get(f"{API}/feeds/for-you/timeline?limit=40", headers=headers)
    url, seen = "/api/v1/timelines/home?limit=3", []
    while url:
        page = await client.get(url, headers=headers)
        assert page.status_code == 200
        seen += [s["id"] for s in page.json()]
        link = page.headers.get("link")
        url = link.split("<", 1)[1].split(">", 1)[0].replace("http://ts.test", "") if link else ""
        if link:
            assert "max_id=r" in link
    assert len(seen) == len(set(seen)) == 13
    assert set(seen) == {s["id"] for s in everything.json()}


async def test_manifest_publishes_weights_hash_and_what_is_never_read(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    from townsquare.feeds.manifest import PACKAGE, source_hash

    r = await client.get(f"{API}/algorithm")
    assert r.status_code == 200
    body = r.json()
    assert body["source_hash"]["value"] == source_hash(PACKAGE)
    names = {f["name"]: f for f in body["feeds"]}
    assert set(names) == {"following", "for-you", "bridging"}
    assert names["for-you"]["params"]["out_of_network_discount"]["default"] == 0.75
    assert names["for-you"]["params"]["author_diversity_floor"]["default"] == 0.25
    assert "users" not in body["reads"] and "oauth_tokens" not in body["reads"]
    assert "users" in body["never_reads"]


@pytest.mark.parametrize("path", [f"{API}/feeds/for-you/timeline", "/api/v1/timelines/home"])
async def test_ranked_first_page_waits_for_the_write_slot(
    app: Starlette, client: httpx.AsyncClient, path: str
) -> None:
    """The first page writes its snapshot during a GET: it queues for SQLite's write slot
    behind another writer instead of blocking the process on the database lock."""
    if app.state.db.dialect != "sqlite":
        pytest.skip("PostgreSQL has row locks and no single write slot")
    w = await _world(app, client)
    headers = w["viewer"].headers
    r = await client.put(f"{API}/home_feed", json={"feed": "for-you"}, headers=headers)
    assert r.status_code == 200
    db = app.state.db
    holding, release = asyncio.Event(), asyncio.Event()

    async def other_writer() -> None:
        async with db.writer("POST"), db.session() as session:
            # A real write, so that SQLite's own lock is held too until the commit.
            await session.execute(
                text("UPDATE accounts SET note = note WHERE id = :id"), {"id": w["stranger"].id}
            )
            holding.set()
            await release.wait()
            await session.commit()

    writer = asyncio.create_task(other_writer())
    await holding.wait()
    asyncio.get_running_loop().call_later(0.2, release.set)
    r = await client.get(f"{path}?limit=40", headers=headers)
    await writer
    assert r.status_code == 200, r.text
    assert len(r.json()) == 13 and "max_id=r" not in r.headers.get("link", "")


async def test_following_receipts_explain_the_newest_first_order(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    world = await _world(app, client)
    response = await client.get(
        f"{API}/feeds/following/timeline",
        params={"explain": "true", "limit": 5},
        headers=world["viewer"].headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body) == 5
    assert [s["receipt"]["rank"] for s in body] == [1, 2, 3, 4, 5]
    assert all(s["receipt"]["terms"] == [] for s in body)  # no scorer: newest first
    ids = [int(s["id"]) for s in body]
    assert ids == sorted(ids, reverse=True)
