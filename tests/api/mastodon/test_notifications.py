"""Notifications: list with filters and paging, get one, dismiss, clear; hidden senders."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from tests.factories import make_actor, make_token
from tests.timelines import builders as b

LIST = "/api/v1/notifications"


async def listed(client: httpx.AsyncClient, actor, **params) -> list[tuple[str, str]]:
    response = await client.get(LIST, headers=actor.headers, params=params)
    assert response.status_code == 200, response.text
    return [(n["type"], n["account"]["username"]) for n in response.json()]


async def test_entity_shape_and_newest_first(app: Starlette, client: httpx.AsyncClient) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    mine = await b.post(app, alice, "my post")
    follow_id = await b.notification(app, alice, bob, "follow")
    fav_id = await b.notification(app, alice, bob, "favourite", mine)
    response = await client.get(LIST, headers=alice.headers)
    assert response.status_code == 200
    favourite, follow = response.json()
    assert favourite["id"] == str(fav_id)
    assert favourite["type"] == "favourite"
    assert favourite["group_key"] == f"ungrouped-{fav_id}"
    assert favourite["created_at"].endswith("Z")
    assert favourite["account"]["id"] == bob.id
    assert favourite["status"]["id"] == str(mine)
    assert favourite["status"]["account"]["username"] == "alice"
    assert follow["id"] == str(follow_id)
    assert "status" not in follow
    assert await listed(client, bob) == []


async def test_reblog_notification_shows_the_original(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    mine = await b.post(app, alice, "my post")
    reblog = await b.post(app, bob, reblog_of=mine)
    await b.notification(app, alice, bob, "reblog", reblog)
    (notification,) = (await client.get(LIST, headers=alice.headers)).json()
    assert notification["status"]["id"] == str(mine)


async def test_types_exclude_types_and_account_id(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob, carol = [await make_actor(app, n) for n in ("alice", "bob", "carol")]
    mine = await b.post(app, alice, "my post")
    mention = await b.post(app, carol, "@alice hi", mentions=[alice])
    await b.notification(app, alice, bob, "follow")
    await b.notification(app, alice, bob, "favourite", mine)
    await b.notification(app, alice, carol, "mention", mention)
    assert await listed(client, alice, **{"types[]": ["follow", "mention"]}) == [
        ("mention", "carol"),
        ("follow", "bob"),
    ]
    assert await listed(client, alice, **{"exclude_types[]": ["follow", "bogus"]}) == [
        ("mention", "carol"),
        ("favourite", "bob"),
    ]
    # As in Mastodon, unknown types match nothing.
    assert await listed(client, alice, **{"types[]": ["bogus"]}) == []
    assert await listed(client, alice, account_id=bob.id) == [
        ("favourite", "bob"),
        ("follow", "bob"),
    ]
    bad = await client.get(LIST, headers=alice.headers, params={"account_id": "bob"})
    assert bad.status_code == 422
    assert bad.json() == {"error": "Validation failed: account_id is not a valid id"}


async def test_paging_and_link(app: Starlette, client: httpx.AsyncClient) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    made = [await b.notification(app, alice, bob, "follow") for _ in range(3)]
    response = await client.get(LIST, headers=alice.headers, params={"limit": 2})
    assert [int(n["id"]) for n in response.json()] == [made[2], made[1]]
    assert response.headers["link"] == (
        f'<http://ts.test/api/v1/notifications?limit=2&max_id={made[1]}>; rel="next", '
        f'<http://ts.test/api/v1/notifications?limit=2&min_id={made[2]}>; rel="prev"'
    )
    older = await client.get(LIST, headers=alice.headers, params={"max_id": made[1]})
    assert [int(n["id"]) for n in older.json()] == [made[0]]
    newer = await client.get(LIST, headers=alice.headers, params={"min_id": made[0], "limit": 1})
    assert [int(n["id"]) for n in newer.json()] == [made[1]]
    bad = await client.get(LIST, headers=alice.headers, params={"limit": "abc"})
    assert bad.status_code == 422
    assert bad.json() == {"error": "Validation failed: limit must be an integer"}


async def test_hidden_senders_and_invisible_statuses(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob, carol, dave, eve = [
        await make_actor(app, n) for n in ("alice", "bob", "carol", "dave", "eve")
    ]
    await b.follow(app, alice, dave)
    private = await b.post(app, dave, "followers only", visibility="private")
    for sender in (bob, carol, eve):
        await b.notification(app, alice, sender, "follow")
    await b.notification(app, alice, dave, "status", private)
    await b.mute(app, alice, carol, hide_notifications=False)
    await b.mute(app, alice, eve, hide_notifications=True)
    assert await listed(client, alice) == [
        ("status", "dave"),
        ("follow", "carol"),
        ("follow", "bob"),
    ]
    await b.block(app, alice, bob)
    assert await listed(client, alice) == [("status", "dave"), ("follow", "carol")]
    await b.unfollow(app, alice, dave)  # the private status is no longer alice's to see
    assert await listed(client, alice) == [("follow", "carol")]


async def test_get_one_dismiss_and_clear(app: Starlette, client: httpx.AsyncClient) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    first = await b.notification(app, alice, bob, "follow")
    second = await b.notification(app, alice, bob, "follow")
    theirs = await b.notification(app, bob, alice, "follow")
    one = await client.get(f"{LIST}/{first}", headers=alice.headers)
    assert one.status_code == 200
    assert one.json()["id"] == str(first)
    for verb, path in (("get", f"{LIST}/{theirs}"), ("post", f"{LIST}/{theirs}/dismiss")):
        response = await client.request(verb, path, headers=alice.headers)
        assert response.status_code == 404
        assert response.json() == {"error": "Record not found"}
    dismissed = await client.post(f"{LIST}/{first}/dismiss", headers=alice.headers)
    assert dismissed.status_code == 200
    assert dismissed.json() == {}
    assert [n["id"] for n in (await client.get(LIST, headers=alice.headers)).json()] == [
        str(second)
    ]
    assert (await client.post(f"{LIST}/{first}/dismiss", headers=alice.headers)).status_code == 404
    cleared = await client.post(f"{LIST}/clear", headers=alice.headers)
    assert cleared.status_code == 200
    assert cleared.json() == {}
    assert await listed(client, alice) == []
    assert await listed(client, bob) == [("follow", "alice")]


async def test_scopes(app: Starlette, client: httpx.AsyncClient) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    made = await b.notification(app, alice, bob, "follow")
    read_only = {"Authorization": f"Bearer {await make_token(app, alice, 'read:notifications')}"}
    assert (await client.get(LIST, headers=read_only)).status_code == 200
    for path in (f"{LIST}/{made}/dismiss", f"{LIST}/clear"):
        response = await client.post(path, headers=read_only)
        assert response.status_code == 403
        assert response.json() == {"error": "This action is outside the authorized scopes"}
    write_only = {"Authorization": f"Bearer {await make_token(app, alice, 'write')}"}
    assert (await client.get(LIST, headers=write_only)).status_code == 403
    assert (await client.get(f"{LIST}/{made}", headers=write_only)).status_code == 403
    assert (await client.get(LIST)).status_code == 401
    assert await listed(client, alice) == [("follow", "bob")]
