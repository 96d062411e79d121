"""GET /api/v1/timelines/public and /api/v1/timelines/tag/:hashtag."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from tests.factories import make_actor, make_token
from tests.timelines import builders as b

PUBLIC = "/api/v1/timelines/public"


async def ids(client: httpx.AsyncClient, url: str, headers=None, **params) -> list[int]:
    response = await client.get(url, headers=headers or {}, params=params)
    assert response.status_code == 200, response.text
    return [int(s["id"]) for s in response.json()]


async def test_public_shows_public_originals_and_self_replies_only(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    public = await b.post(app, alice, "public")
    await b.post(app, alice, "unlisted", visibility="unlisted")
    await b.post(app, alice, "private", visibility="private")
    await b.post(app, alice, "direct", visibility="direct", mentions=[bob])
    await b.post(app, bob, reblog_of=public)
    await b.post(app, bob, "a reply to alice", reply_to=public)
    thread = await b.post(app, alice, "continuing my thread", reply_to=public)
    assert await ids(client, PUBLIC) == [thread, public]
    assert await ids(client, PUBLIC, headers=bob.headers, local="true") == [thread, public]


async def test_public_remote_and_only_media_are_empty(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice = await make_actor(app, "alice")
    await b.post(app, alice, "public")
    assert await ids(client, PUBLIC, remote="true") == []
    assert await ids(client, PUBLIC, only_media="true") == []
    bad = await client.get(PUBLIC, params={"local": "perhaps"})
    assert bad.status_code == 422
    assert bad.json() == {"error": "Validation failed: local must be a boolean"}


async def test_public_hides_muted_and_blocked_for_the_viewer(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob, carol, dave = [await make_actor(app, n) for n in ("alice", "bob", "carol", "dave")]
    by_bob = await b.post(app, bob, "bob")
    by_carol = await b.post(app, carol, "carol")
    by_dave = await b.post(app, dave, "dave")
    await b.mute(app, alice, bob)
    await b.block(app, carol, alice)
    assert await ids(client, PUBLIC, headers=alice.headers) == [by_dave]
    assert await ids(client, PUBLIC) == [by_dave, by_carol, by_bob]


async def test_public_paging_and_scope(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    posts = [await b.post(app, alice, f"p{i}") for i in range(3)]
    response = await client.get(PUBLIC, params={"limit": 1, "local": "true"})
    assert [int(s["id"]) for s in response.json()] == [posts[2]]
    assert response.headers["link"] == (
        f"<http://ts.test/api/v1/timelines/public?local=true&limit=1&max_id={posts[2]}>; "
        f'rel="next", <http://ts.test/api/v1/timelines/public?local=true&limit=1'
        f'&min_id={posts[2]}>; rel="prev"'
    )
    assert await ids(client, PUBLIC, max_id=posts[2], limit=1) == [posts[1]]
    token = await make_token(app, alice, "write")
    wrong = await client.get(PUBLIC, headers={"Authorization": f"Bearer {token}"})
    assert wrong.status_code == 403


async def test_tag_timeline_is_case_insensitive_and_public_only(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    cats = await b.post(app, alice, "#Cats", tags=["Cats"])
    await b.post(app, alice, "#cats in private", visibility="private", tags=["cats"])
    await b.post(app, alice, "#cats unlisted", visibility="unlisted", tags=["cats"])
    await b.post(app, bob, "#dogs", tags=["dogs"])
    assert await ids(client, "/api/v1/timelines/tag/cats") == [cats]
    assert await ids(client, "/api/v1/timelines/tag/CATS", headers=bob.headers) == [cats]
    assert await ids(client, "/api/v1/timelines/tag/nosuchtag") == []
    assert await ids(client, "/api/v1/timelines/tag/cats", remote="true") == []


async def test_tag_timeline_any_all_none(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    cats = await b.post(app, alice, "cats", tags=["cats"])
    dogs = await b.post(app, alice, "dogs", tags=["dogs"])
    both = await b.post(app, alice, "both", tags=["cats", "dogs"])
    birds = await b.post(app, alice, "birds and cats", tags=["cats", "birds"])
    url = "/api/v1/timelines/tag/cats"
    assert await ids(client, url, **{"any[]": ["dogs", "nosuch"]}) == [birds, both, dogs, cats]
    assert await ids(client, url, **{"all[]": ["dogs"]}) == [both]
    assert await ids(client, url, **{"all[]": ["nosuch"]}) == []
    assert await ids(client, url, **{"none[]": ["dogs", "birds"]}) == [cats]
    assert await ids(client, url, **{"any[]": ["dogs"], "none[]": ["cats"]}) == [dogs]


async def test_tag_timeline_rejects_oversized_tags(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    response = await client.get("/api/v1/timelines/tag/" + "a" * 101)
    assert response.status_code == 422
    assert response.json() == {
        "error": "Validation failed: hashtag is too long (maximum is 100 characters)"
    }
    too_many = await client.get("/api/v1/timelines/tag/cats", params={"any[]": ["x"] * 21})
    assert too_many.status_code == 422
    assert too_many.json() == {"error": "Validation failed: any has too many items (maximum 20)"}
