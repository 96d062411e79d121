"""Read markers and the unread notification count built on them."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from tests.factories import make_actor, make_token


async def test_markers_are_saved_versioned_and_shared_by_apps(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    alice = await make_actor(app, "alice")
    other_app = {"Authorization": f"Bearer {await make_token(app, alice, 'read write')}"}

    empty = await client.get("/api/v1/markers", headers=alice.headers)
    assert empty.status_code == 200
    assert empty.json() == {}

    first = await client.post(
        "/api/v1/markers", data={"home[last_read_id]": "12345"}, headers=alice.headers
    )
    assert first.status_code == 200
    assert first.json()["home"]["last_read_id"] == "12345"
    assert first.json()["home"]["version"] == 0
    second = await client.post(
        "/api/v1/markers",
        json={"home": {"last_read_id": "12399"}, "notifications": {"last_read_id": "7"}},
        headers=other_app,
    )
    assert second.json()["home"]["version"] == 1
    assert second.json()["notifications"]["last_read_id"] == "7"

    both = await client.get(
        "/api/v1/markers",
        params=[("timeline[]", "home"), ("timeline[]", "notifications"), ("timeline[]", "x")],
        headers=alice.headers,
    )
    assert set(both.json()) == {"home", "notifications"}
    assert both.json()["home"]["last_read_id"] == "12399"


async def test_markers_are_private_and_validated(client: httpx.AsyncClient, app: Starlette) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    await client.post("/api/v1/markers", data={"home[last_read_id]": "5"}, headers=alice.headers)

    seen_by_bob = await client.get(
        "/api/v1/markers", params={"timeline[]": "home"}, headers=bob.headers
    )
    assert seen_by_bob.json() == {}
    bad = await client.post(
        "/api/v1/markers", data={"home[last_read_id]": "soon"}, headers=alice.headers
    )
    assert bad.status_code == 422
    assert bad.json() == {"error": "Validation failed: last_read_id is not a valid id"}
    anonymous = await client.get("/api/v1/markers")
    assert anonymous.status_code == 401
    read_only = {"Authorization": f"Bearer {await make_token(app, alice, 'read')}"}
    refused = await client.post(
        "/api/v1/markers", data={"home[last_read_id]": "6"}, headers=read_only
    )
    assert refused.status_code == 403


async def test_unread_count_follows_the_notifications_marker(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    alice = await make_actor(app, "alice")
    fans = [await make_actor(app, f"fan{i}") for i in range(3)]
    for fan in fans:
        await client.post(f"/api/v1/accounts/{alice.id}/follow", headers=fan.headers)

    unread = await client.get("/api/v1/notifications/unread_count", headers=alice.headers)
    assert unread.json() == {"count": 3}
    capped = await client.get(
        "/api/v1/notifications/unread_count", params={"limit": "2"}, headers=alice.headers
    )
    assert capped.json() == {"count": 2}
    listed = await client.get("/api/v1/notifications", headers=alice.headers)
    middle = listed.json()[1]["id"]
    await client.post(
        "/api/v1/markers", data={"notifications[last_read_id]": middle}, headers=alice.headers
    )
    after = await client.get("/api/v1/notifications/unread_count", headers=alice.headers)
    assert after.json() == {"count": 1}
    none_of_type = await client.get(
        "/api/v1/notifications/unread_count",
        params={"types[]": "mention"},
        headers=alice.headers,
    )
    assert none_of_type.json() == {"count": 0}
