"""Reblogs, favourites, bookmarks, pins, who-did-it lists and threads."""

from __future__ import annotations

import httpx

from tests.factories import make_token
from tests.statuses.support import account_row, actors, block, follow, mute, notifications, post


async def _act(client: httpx.AsyncClient, actor, sid: str, verb: str, **data) -> httpx.Response:
    return await client.post(f"/api/v1/statuses/{sid}/{verb}", headers=actor.headers, data=data)


async def test_reblog_counts_notifies_and_is_idempotent(client: httpx.AsyncClient, app) -> None:
    alice, bob = await actors(app, "alice", "bob")
    sid = (await post(client, alice, "boost me"))["id"]

    first = await _act(client, bob, sid, "reblog")
    second = await _act(client, bob, sid, "reblog")

    assert first.status_code == second.status_code == 200
    wrapper = first.json()
    assert wrapper["id"] == second.json()["id"]
    assert wrapper["content"] == ""
    assert wrapper["account"]["id"] == bob.id
    assert wrapper["reblog"]["id"] == sid
    assert wrapper["reblog"]["reblogs_count"] == 1
    assert wrapper["reblogged"] is True
    assert await notifications(app, alice) == [("reblog", bob.id, sid)]
    assert (await account_row(app, bob)).statuses_count == 1


async def test_unreblog_undoes_everything_and_twice_is_harmless(
    client: httpx.AsyncClient, app
) -> None:
    alice, bob = await actors(app, "alice", "bob")
    sid = (await post(client, alice, "boost me"))["id"]
    wrapper_id = (await _act(client, bob, sid, "reblog")).json()["id"]

    first = await _act(client, bob, wrapper_id, "unreblog")  # a reblog's id means its original
    second = await _act(client, bob, sid, "unreblog")

    assert first.status_code == second.status_code == 200
    assert first.json()["id"] == sid
    assert first.json()["reblogged"] is False
    assert first.json()["reblogs_count"] == 0
    assert (await client.get(f"/api/v1/statuses/{wrapper_id}")).status_code == 404
    assert await notifications(app, alice) == []
    assert (await account_row(app, bob)).statuses_count == 0


async def test_self_reblog_of_a_private_post_stays_private(client: httpx.AsyncClient, app) -> None:
    (alice,) = await actors(app, "alice")
    sid = (await post(client, alice, "followers only", visibility="private"))["id"]

    response = await _act(client, alice, sid, "reblog", visibility="public")

    assert response.status_code == 200
    assert response.json()["visibility"] == "private"


async def test_reblog_visibility_is_validated(client: httpx.AsyncClient, app) -> None:
    alice, bob = await actors(app, "alice", "bob")
    sid = (await post(client, alice, "x"))["id"]

    response = await _act(client, bob, sid, "reblog", visibility="direct")

    assert response.status_code == 422
    assert response.json() == {"error": "Validation failed: Visibility is not included in the list"}


async def test_favourite_counts_notifies_and_is_idempotent(client: httpx.AsyncClient, app) -> None:
    alice, bob = await actors(app, "alice", "bob")
    sid = (await post(client, alice, "like me"))["id"]

    await _act(client, bob, sid, "favourite")
    again = await _act(client, bob, sid, "favourite")

    assert again.status_code == 200
    assert again.json()["favourited"] is True
    assert again.json()["favourites_count"] == 1
    assert await notifications(app, alice) == [("favourite", bob.id, sid)]
    undone = await _act(client, bob, sid, "unfavourite")
    await _act(client, bob, sid, "unfavourite")
    assert undone.json()["favourited"] is False
    assert undone.json()["favourites_count"] == 0
    assert await notifications(app, alice) == []


async def test_actions_on_a_reblog_act_on_the_original(client: httpx.AsyncClient, app) -> None:
    alice, bob, carol = await actors(app, "alice", "bob", "carol")
    sid = (await post(client, alice, "original"))["id"]
    wrapper_id = (await _act(client, bob, sid, "reblog")).json()["id"]

    response = await _act(client, carol, wrapper_id, "favourite")

    assert response.json()["id"] == sid
    assert response.json()["favourites_count"] == 1
    assert await notifications(app, bob) == []


async def test_bookmarks(client: httpx.AsyncClient, app) -> None:
    alice, bob = await actors(app, "alice", "bob")
    sid = (await post(client, alice, "save me"))["id"]

    marked = await _act(client, bob, sid, "bookmark")
    await _act(client, bob, sid, "bookmark")
    seen = await client.get(f"/api/v1/statuses/{sid}", headers=bob.headers)
    unmarked = await _act(client, bob, sid, "unbookmark")

    assert marked.json()["bookmarked"] is True
    assert seen.json()["bookmarked"] is True
    assert unmarked.json()["bookmarked"] is False


async def test_pin_rules_and_limit(client: httpx.AsyncClient, app) -> None:
    alice, _bob = await actors(app, "alice", "bob")
    ids = [(await post(client, alice, f"post {i}"))["id"] for i in range(6)]
    direct = (await post(client, alice, "@bob psst", visibility="direct"))["id"]
    wrapper = (await _act(client, alice, ids[0], "reblog")).json()["id"]

    for sid in ids[:5]:
        response = await _act(client, alice, sid, "pin")
        assert response.status_code == 200
        assert response.json()["pinned"] is True
    again = await _act(client, alice, ids[0], "pin")
    sixth = await _act(client, alice, ids[5], "pin")
    errors = [await _act(client, alice, sid, "pin") for sid in (direct, wrapper)]

    assert again.status_code == 200  # pinning a pinned status is harmless
    assert sixth.status_code == 422
    assert sixth.json() == {
        "error": "Validation failed: You have already pinned the maximum number of posts"
    }
    assert [e.json()["error"] for e in errors] == [
        "Validation failed: Posts that are only visible to mentioned users cannot be pinned",
        "Validation failed: A boost cannot be pinned",
    ]
    unpinned = await _act(client, alice, ids[0], "unpin")
    assert unpinned.json()["pinned"] is False
    assert (await _act(client, alice, ids[5], "pin")).status_code == 200


async def test_verbs_need_their_scopes(client: httpx.AsyncClient, app) -> None:
    alice, bob = await actors(app, "alice", "bob")
    sid = (await post(client, alice, "x"))["id"]
    statuses_only = await make_token(app, bob, "write:statuses")
    headers = {"Authorization": f"Bearer {statuses_only}"}

    for verb in ("favourite", "bookmark", "pin"):
        response = await client.post(f"/api/v1/statuses/{sid}/{verb}", headers=headers)
        assert response.status_code == 403, verb
    assert (await client.post(f"/api/v1/statuses/{sid}/reblog", headers=headers)).status_code == 200
    anonymous = await client.post(f"/api/v1/statuses/{sid}/favourite")
    assert anonymous.status_code == 401


async def test_favourited_by_pages_with_link_headers(client: httpx.AsyncClient, app) -> None:
    alice, *fans = await actors(app, "alice", "f1", "f2", "f3")
    sid = (await post(client, alice, "popular"))["id"]
    for fan in fans:
        await _act(client, fan, sid, "favourite")

    first = await client.get(f"/api/v1/statuses/{sid}/favourited_by", params={"limit": 2})
    assert [a["username"] for a in first.json()] == ["f3", "f2"]
    next_url = first.headers["Link"].split(";")[0].strip("<>")
    second = await client.get(next_url)

    assert [a["username"] for a in second.json()] == ["f1"]


async def test_reblogged_by_hides_blocked_and_muted(client: httpx.AsyncClient, app) -> None:
    alice, bob, carol, dan, viewer = await actors(app, "alice", "bob", "carol", "dan", "viewer")
    sid = (await post(client, alice, "popular"))["id"]
    for booster in (bob, carol, dan):
        await _act(client, booster, sid, "reblog")
    await block(app, viewer, bob)
    await mute(app, viewer, carol)

    response = await client.get(f"/api/v1/statuses/{sid}/reblogged_by", headers=viewer.headers)

    assert [a["username"] for a in response.json()] == ["dan"]


async def test_context_orders_the_thread_depth_first(client: httpx.AsyncClient, app) -> None:
    alice, bob = await actors(app, "alice", "bob")
    root = (await post(client, alice, "root"))["id"]
    a = (await post(client, bob, "a", in_reply_to_id=root))["id"]
    b = (await post(client, alice, "b", in_reply_to_id=root))["id"]
    a1 = (await post(client, alice, "a1", in_reply_to_id=a))["id"]
    a1x = (await post(client, bob, "a1x", in_reply_to_id=a1))["id"]
    a2 = (await post(client, bob, "a2", in_reply_to_id=a))["id"]

    of_root = (await client.get(f"/api/v1/statuses/{root}/context")).json()
    of_a1 = (await client.get(f"/api/v1/statuses/{a1}/context")).json()

    assert of_root["ancestors"] == []
    assert [s["id"] for s in of_root["descendants"]] == [a, a1, a1x, a2, b]
    assert [s["id"] for s in of_a1["ancestors"]] == [root, a]
    assert [s["id"] for s in of_a1["descendants"]] == [a1x]


async def test_context_hides_what_the_viewer_may_not_see(client: httpx.AsyncClient, app) -> None:
    alice, bob, carol, dan, viewer = await actors(app, "alice", "bob", "carol", "dan", "viewer")
    await follow(app, viewer, alice)
    root = (await post(client, alice, "root"))["id"]
    await post(client, bob, "from a muted account", in_reply_to_id=root)
    await post(client, carol, "from a blocked account", in_reply_to_id=root)
    await post(client, dan, "@alice private", in_reply_to_id=root, visibility="private")
    shown = (await post(client, alice, "followers see this", in_reply_to_id=root,
                        visibility="private"))["id"]  # fmt: skip
    expired = (await post(client, dan, "public from dan", in_reply_to_id=root))["id"]
    await mute(app, viewer, bob)
    await mute(app, viewer, dan, expired=True)
    await block(app, carol, viewer)

    response = await client.get(f"/api/v1/statuses/{root}/context", headers=viewer.headers)

    assert [s["id"] for s in response.json()["descendants"]] == [shown, expired]


async def test_a_reply_to_a_private_post_does_not_count_publicly(
    client: httpx.AsyncClient, app
) -> None:
    alice, bob = await actors(app, "alice", "bob")
    root = (await post(client, alice, "root"))["id"]
    await post(client, bob, "@alice quietly", in_reply_to_id=root, visibility="direct")

    response = await client.get(f"/api/v1/statuses/{root}")

    assert response.json()["replies_count"] == 0
    assert (await account_row(app, bob)).statuses_count == 0


async def test_a_muted_thread_sends_no_more_notifications(client: httpx.AsyncClient, app) -> None:
    alice, bob = await actors(app, "alice", "bob")
    root = (await post(client, alice, "a thread"))["id"]
    reply = (await post(client, bob, "@alice first reply", in_reply_to_id=root))["id"]
    assert await notifications(app, alice) == [("mention", bob.id, reply)]

    muted = await _act(client, alice, reply, "mute")
    again = await _act(client, alice, root, "mute")
    assert muted.status_code == again.status_code == 200
    assert muted.json()["muted"] is True
    shown = await client.get(f"/api/v1/statuses/{root}", headers=alice.headers)
    assert shown.json()["muted"] is True
    assert (await client.get(f"/api/v1/statuses/{root}", headers=bob.headers)).json()[
        "muted"
    ] is False

    second = (await post(client, bob, "@alice second reply", in_reply_to_id=reply))["id"]
    assert (await _act(client, bob, root, "favourite")).status_code == 200
    assert await notifications(app, alice) == [("mention", bob.id, reply)]  # nothing new
    elsewhere = (await post(client, bob, "@alice another topic"))["id"]
    assert ("mention", bob.id, elsewhere) in await notifications(app, alice)

    unmuted = await _act(client, alice, root, "unmute")
    assert unmuted.status_code == 200 and unmuted.json()["muted"] is False
    third = (await post(client, bob, "@alice third reply", in_reply_to_id=second))["id"]
    assert ("mention", bob.id, third) in await notifications(app, alice)


async def test_muting_a_thread_needs_the_mutes_scope_and_a_visible_status(
    client: httpx.AsyncClient, app
) -> None:
    alice, bob = await actors(app, "alice", "bob")
    secret = (await post(client, alice, "just me", visibility="direct"))["id"]
    assert (await _act(client, bob, secret, "mute")).status_code == 404
    token = await make_token(app, bob, "read write:statuses")
    public = (await post(client, alice, "hello"))["id"]
    refused = await client.post(
        f"/api/v1/statuses/{public}/mute", headers={"Authorization": f"Bearer {token}"}
    )
    assert refused.status_code == 403
    assert refused.json() == {"error": "This action is outside the authorized scopes"}
