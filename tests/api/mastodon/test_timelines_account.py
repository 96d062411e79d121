"""GET /api/v1/accounts/:id/statuses: filters and visibility for strangers, followers, self."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from tests.factories import make_actor, make_token
from tests.timelines import builders as b


def url(actor) -> str:
    return f"/api/v1/accounts/{actor.id}/statuses"


async def ids(client: httpx.AsyncClient, author, viewer=None, **params) -> list[int]:
    headers = viewer.headers if viewer else {}
    response = await client.get(url(author), headers=headers, params=params)
    assert response.status_code == 200, response.text
    return [int(s["id"]) for s in response.json()]


async def test_visibility_depends_on_who_is_looking(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, fan, stranger, friend = [
        await make_actor(app, n) for n in ("alice", "fan", "stranger", "friend")
    ]
    await b.follow(app, fan, alice)
    public = await b.post(app, alice, "public")
    unlisted = await b.post(app, alice, "unlisted", visibility="unlisted")
    private = await b.post(app, alice, "private", visibility="private")
    direct = await b.post(app, alice, "direct", visibility="direct", mentions=[friend])
    mentioned_private = await b.post(app, alice, "hi", visibility="private", mentions=[friend])
    assert await ids(client, alice) == [unlisted, public]
    assert await ids(client, alice, stranger) == [unlisted, public]
    assert await ids(client, alice, fan) == [mentioned_private, private, unlisted, public]
    assert await ids(client, alice, friend) == [mentioned_private, direct, unlisted, public]
    everything = [mentioned_private, direct, private, unlisted, public]
    assert await ids(client, alice, alice) == everything


async def test_exclude_replies_reblogs_pinned_and_tagged(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    by_bob = await b.post(app, bob, "bob")
    first = await b.post(app, alice, "first", tags=["news"])
    reply_to_bob = await b.post(app, alice, "reply", reply_to=by_bob)
    self_reply = await b.post(app, alice, "thread", reply_to=first)
    reblog = await b.post(app, alice, reblog_of=by_bob)
    await b.pin(app, alice, first)
    assert await ids(client, alice, exclude_replies="true") == [reblog, self_reply, first]
    assert await ids(client, alice, exclude_reblogs="true") == [self_reply, reply_to_bob, first]
    assert await ids(client, alice, pinned="true") == [first]
    assert await ids(client, alice, tagged="NEWS") == [first]
    assert await ids(client, alice, tagged="nosuch") == []
    assert await ids(client, alice, only_media="true") == []
    body = (await client.get(url(alice), params={"limit": 1})).json()
    assert body[0]["reblog"]["id"] == str(by_bob)


async def test_blocks_and_mutes(app: Starlette, client: httpx.AsyncClient) -> None:
    alice, bob, carol = [await make_actor(app, n) for n in ("alice", "bob", "carol")]
    by_carol = await b.post(app, carol, "carol")
    reblog = await b.post(app, alice, reblog_of=by_carol)
    own = await b.post(app, alice, "own")
    await b.mute(app, bob, carol)
    # A reblog of a muted account's status is left out; alice's own posts stay.
    assert await ids(client, alice, bob) == [own]
    assert await ids(client, alice) == [own, reblog]
    await b.block(app, alice, bob)
    assert await ids(client, alice, bob) == []
    assert await ids(client, bob, alice) == []  # bob has no posts, but the request works


async def test_unknown_account_and_bad_input(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    missing = await client.get("/api/v1/accounts/12345/statuses")
    assert missing.status_code == 404
    assert missing.json() == {"error": "Record not found"}
    huge = await client.get(f"/api/v1/accounts/{1 << 64}/statuses")
    assert huge.status_code == 404
    bad = await client.get(url(alice), params={"exclude_replies": "sometimes"})
    assert bad.status_code == 422
    assert bad.json() == {"error": "Validation failed: exclude_replies must be a boolean"}
    bad_limit = await client.get(url(alice), params={"limit": "abc"})
    assert bad_limit.status_code == 422
    assert bad_limit.json() == {"error": "Validation failed: limit must be an integer"}
    token = await make_token(app, alice, "write")
    wrong = await client.get(url(alice), headers={"Authorization": f"Bearer {token}"})
    assert wrong.status_code == 403


async def test_paging_and_link(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    posts = [await b.post(app, alice, f"p{i}") for i in range(3)]
    response = await client.get(url(alice), params={"limit": 2, "exclude_replies": "true"})
    assert [int(s["id"]) for s in response.json()] == [posts[2], posts[1]]
    base = f"http://ts.test/api/v1/accounts/{alice.id}/statuses?exclude_replies=true&limit=2"
    assert response.headers["link"] == (
        f'<{base}&max_id={posts[1]}>; rel="next", <{base}&min_id={posts[2]}>; rel="prev"'
    )
    assert await ids(client, alice, max_id=posts[1]) == [posts[0]]
    assert await ids(client, alice, min_id=posts[0], limit=1) == [posts[1]]
