"""Locked accounts: follow requests, authorize, reject, withdraw."""

from __future__ import annotations

import httpx

from tests.factories import make_actor, make_token
from tests.social.support import act, counts, link_url, notification_types, relationship


async def test_following_a_locked_account_asks_first(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob", locked=True)

    response = await act(client, alice, "follow", bob, reblogs="false")

    assert response.status_code == 200
    assert response.json()["requested"] is True
    assert response.json()["following"] is False
    assert response.json()["showing_reblogs"] is False
    assert await counts(app, bob) == (0, 0)
    assert await notification_types(app, bob, alice) == ["follow_request"]
    assert (await relationship(client, bob, alice))["requested_by"] is True
    pending = await client.get("/api/v1/follow_requests", headers=bob.headers)
    assert [a["username"] for a in pending.json()] == ["alice"]
    # Asking twice keeps one request and one notification.
    await act(client, alice, "follow", bob)
    assert await notification_types(app, bob, alice) == ["follow_request"]


async def test_authorize_makes_the_requester_a_follower(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob", locked=True)
    await act(client, alice, "follow", bob, reblogs="false", notify="true")

    response = await client.post(
        f"/api/v1/follow_requests/{alice.id}/authorize", headers=bob.headers
    )

    assert response.status_code == 200
    assert response.json()["id"] == alice.id
    assert response.json()["followed_by"] is True
    assert response.json()["requested_by"] is False
    seen_by_alice = await relationship(client, alice, bob)
    assert seen_by_alice["following"] is True
    assert seen_by_alice["requested"] is False
    assert seen_by_alice["showing_reblogs"] is False
    assert seen_by_alice["notifying"] is True
    assert await counts(app, bob) == (1, 0)
    assert await counts(app, alice) == (0, 1)
    # The request and its notification are gone; Mastodon sends no follow notification here.
    assert await notification_types(app, bob, alice) == []
    pending = await client.get("/api/v1/follow_requests", headers=bob.headers)
    assert pending.json() == []
    again = await client.post(f"/api/v1/follow_requests/{alice.id}/authorize", headers=bob.headers)
    assert again.status_code == 404


async def test_reject_drops_the_request(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob", locked=True)
    await act(client, alice, "follow", bob)

    response = await client.post(f"/api/v1/follow_requests/{alice.id}/reject", headers=bob.headers)

    assert response.status_code == 200
    assert response.json()["followed_by"] is False
    assert response.json()["requested_by"] is False
    assert (await relationship(client, alice, bob))["requested"] is False
    assert await counts(app, bob) == (0, 0)
    assert await notification_types(app, bob, alice) == []


async def test_unknown_request_is_not_found(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob", locked=True)
    # alice asked bob; carol never asked, and alice cannot answer her own request.
    carol = await make_actor(app, "carol")
    await act(client, alice, "follow", bob)

    for path in (
        f"/api/v1/follow_requests/{carol.id}/authorize",
        f"/api/v1/follow_requests/{carol.id}/reject",
        f"/api/v1/follow_requests/{bob.id}/authorize",
        "/api/v1/follow_requests/999/reject",
    ):
        headers = alice.headers if bob.id in path else bob.headers
        response = await client.post(path, headers=headers)
        assert response.status_code == 404, path
        assert response.json() == {"error": "Record not found"}
    assert (await relationship(client, alice, bob))["requested"] is True


async def test_unfollow_withdraws_a_request(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob", locked=True)
    await act(client, alice, "follow", bob)

    response = await act(client, alice, "unfollow", bob)

    assert response.json()["requested"] is False
    assert (await client.get("/api/v1/follow_requests", headers=bob.headers)).json() == []
    assert await notification_types(app, bob, alice) == []


async def test_follow_requests_are_paged(client: httpx.AsyncClient, app) -> None:
    bob = await make_actor(app, "bob", locked=True)
    for i in range(3):
        await act(client, await make_actor(app, f"fan{i}"), "follow", bob)

    first = await client.get("/api/v1/follow_requests?limit=2", headers=bob.headers)

    assert [a["username"] for a in first.json()] == ["fan2", "fan1"]
    rest = await client.get(link_url(first, "next"), headers=bob.headers)
    assert [a["username"] for a in rest.json()] == ["fan0"]


async def test_follow_requests_need_read_follows(client: httpx.AsyncClient, app) -> None:
    bob = await make_actor(app, "bob", locked=True)
    write_only = await make_token(app, bob, "write")
    headers = {"Authorization": f"Bearer {write_only}"}

    listing = await client.get("/api/v1/follow_requests", headers=headers)
    anonymous = await client.get("/api/v1/follow_requests")

    assert listing.status_code == 403
    assert anonymous.status_code == 401
    read_only = await make_token(app, bob, "read")
    answer = await client.post(
        f"/api/v1/follow_requests/{bob.id}/authorize",
        headers={"Authorization": f"Bearer {read_only}"},
    )
    assert answer.status_code == 403


async def test_unlocking_accepts_every_pending_request(client: httpx.AsyncClient, app) -> None:
    bob = await make_actor(app, "bob", locked=True)
    alice, carol = await make_actor(app, "alice"), await make_actor(app, "carol")
    await act(client, alice, "follow", bob)
    await act(client, carol, "follow", bob)

    response = await client.patch(
        "/api/v1/accounts/update_credentials", json={"locked": False}, headers=bob.headers
    )

    assert response.status_code == 200
    assert response.json()["locked"] is False
    assert response.json()["followers_count"] == 2
    assert response.json()["source"]["follow_requests_count"] == 0
    for follower in (alice, carol):
        assert (await relationship(client, follower, bob))["following"] is True
    pending = await client.get("/api/v1/follow_requests", headers=bob.headers)
    assert pending.json() == []
