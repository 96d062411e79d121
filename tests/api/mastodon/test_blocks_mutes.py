"""Blocks and mutes, their lists, and the relationships endpoint."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tests.factories import make_actor, make_token
from tests.social.support import (
    act,
    counts,
    expire_mutes,
    link_url,
    notification_types,
    relationship,
)

NOT_ALLOWED = {"error": "This action is not allowed"}


async def test_block_ends_follows_both_ways(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    await act(client, alice, "follow", bob)
    await act(client, bob, "follow", alice)

    response = await act(client, alice, "block", bob)

    assert response.status_code == 200
    body = response.json()
    assert (body["blocking"], body["following"], body["followed_by"]) == (True, False, False)
    assert await counts(app, alice) == (0, 0)
    assert await counts(app, bob) == (0, 0)
    assert (await relationship(client, bob, alice))["blocked_by"] is True
    assert await notification_types(app, alice, bob) == []
    for follower, target in ((alice, bob), (bob, alice)):
        refused = await act(client, follower, "follow", target)
        assert refused.status_code == 403
        assert refused.json() == NOT_ALLOWED
    assert await counts(app, bob) == (0, 0)


async def test_block_withdraws_pending_requests(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice", locked=True), await make_actor(app, "bob")
    await act(client, bob, "follow", alice)

    await act(client, alice, "block", bob)

    assert (await client.get("/api/v1/follow_requests", headers=alice.headers)).json() == []
    assert (await relationship(client, bob, alice))["requested"] is False


async def test_unblock_is_idempotent_and_allows_following(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    await act(client, alice, "block", bob)
    again = await act(client, alice, "block", bob)
    assert again.status_code == 200

    first = await act(client, alice, "unblock", bob)
    second = await act(client, alice, "unblock", bob)

    assert first.json()["blocking"] is False
    assert second.status_code == 200
    assert (await act(client, bob, "follow", alice)).json()["following"] is True


async def test_blocks_list_is_paged(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")
    for i in range(3):
        await act(client, alice, "block", await make_actor(app, f"troll{i}"))

    first = await client.get("/api/v1/blocks", params={"limit": 2}, headers=alice.headers)

    assert first.status_code == 200
    assert [a["username"] for a in first.json()] == ["troll2", "troll1"]
    rest = await client.get(link_url(first, "next"), headers=alice.headers)
    assert [a["username"] for a in rest.json()] == ["troll0"]
    other = await make_actor(app, "other")
    assert (await client.get("/api/v1/blocks", headers=other.headers)).json() == []


async def test_blocking_or_muting_oneself_is_refused(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")
    for verb in ("block", "mute"):
        response = await act(client, alice, verb, alice)
        assert response.status_code == 403
        assert response.json() == NOT_ALLOWED


async def test_block_and_mute_scopes(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    follows_only = {"Authorization": f"Bearer {await make_token(app, alice, 'write:follows')}"}

    block = await client.post(f"/api/v1/accounts/{bob.id}/block", headers=follows_only)
    mute = await client.post(f"/api/v1/accounts/{bob.id}/mute", headers=follows_only)
    blocks = await client.get("/api/v1/blocks", headers=follows_only)

    assert (block.status_code, mute.status_code, blocks.status_code) == (403, 403, 403)
    assert (await relationship(client, alice, bob))["blocking"] is False
    legacy = {"Authorization": f"Bearer {await make_token(app, alice, 'follow')}"}
    allowed = await client.post(f"/api/v1/accounts/{bob.id}/mute", headers=legacy)
    assert allowed.status_code == 200


async def test_mute_forever_by_default(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")

    response = await act(client, alice, "mute", bob)

    body = response.json()
    assert (body["muting"], body["muting_notifications"]) == (True, True)
    assert body["muting_expires_at"] is None
    listed = await client.get("/api/v1/mutes", headers=alice.headers)
    assert [(a["username"], a["mute_expires_at"]) for a in listed.json()] == [("bob", None)]


async def test_mute_with_duration_expires(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")

    response = await act(client, alice, "mute", bob, duration="3600", notifications="false")

    body = response.json()
    assert (body["muting"], body["muting_notifications"]) == (True, False)
    expires = datetime.fromisoformat(body["muting_expires_at"].replace("Z", "+00:00"))
    assert timedelta(minutes=59) < expires - datetime.now(UTC) <= timedelta(hours=1)
    listed = await client.get("/api/v1/mutes", headers=alice.headers)
    assert listed.json()[0]["mute_expires_at"] == body["muting_expires_at"]
    await expire_mutes(app, alice)
    assert (await relationship(client, alice, bob))["muting"] is False
    assert (await client.get("/api/v1/mutes", headers=alice.headers)).json() == []
    # Muting again revives the expired mute.
    again = await act(client, alice, "mute", bob)
    assert (again.json()["muting"], again.json()["muting_expires_at"]) == (True, None)


async def test_mute_rejects_a_bad_duration(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")

    word = await act(client, alice, "mute", bob, duration="soon")
    negative = await act(client, alice, "mute", bob, duration="-5")

    assert word.status_code == 422
    assert word.json() == {"error": "Validation failed: duration must be an integer"}
    assert negative.status_code == 422
    assert negative.json() == {"error": "Validation failed: duration must be at least 0"}
    assert (await relationship(client, alice, bob))["muting"] is False


async def test_unmute_is_idempotent(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    await act(client, alice, "mute", bob)

    first = await act(client, alice, "unmute", bob)
    second = await act(client, alice, "unmute", bob)

    assert first.json()["muting"] is False
    assert second.status_code == 200
    assert (await client.get("/api/v1/mutes", headers=alice.headers)).json() == []


async def test_relationships_for_several_accounts(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    carol, dave = await make_actor(app, "carol"), await make_actor(app, "dave", locked=True)
    await act(client, alice, "follow", bob)
    await act(client, carol, "follow", alice)
    await act(client, alice, "mute", carol, notifications="false")
    await act(client, alice, "follow", dave)
    await act(client, dave, "block", alice)

    response = await client.get(
        "/api/v1/accounts/relationships",
        params=[("id[]", i) for i in (bob.id, "424242", carol.id, dave.id, bob.id)],
        headers=alice.headers,
    )

    assert response.status_code == 200
    by_id = {r["id"]: r for r in response.json()}
    assert [r["id"] for r in response.json()] == [bob.id, carol.id, dave.id]
    assert by_id[bob.id]["following"] is True
    assert by_id[bob.id]["followed_by"] is False
    assert by_id[carol.id]["followed_by"] is True
    assert by_id[carol.id]["muting"] is True
    assert by_id[carol.id]["muting_notifications"] is False
    assert by_id[dave.id]["blocked_by"] is True
    assert by_id[dave.id]["requested"] is False  # the block withdrew the request
    assert set(by_id[bob.id]) >= {"domain_blocking", "endorsed", "note", "languages"}


async def test_relationships_bad_input(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")
    read_only = {"Authorization": f"Bearer {await make_token(app, alice, 'read:accounts')}"}

    bad = await client.get("/api/v1/accounts/relationships?id[]=abc", headers=alice.headers)
    empty = await client.get("/api/v1/accounts/relationships", headers=alice.headers)
    scope = await client.get("/api/v1/accounts/relationships?id[]=1", headers=read_only)
    anonymous = await client.get("/api/v1/accounts/relationships?id[]=1")

    assert bad.status_code == 422
    assert bad.json() == {"error": "Validation failed: id contains an invalid id"}
    assert empty.json() == []
    assert scope.status_code == 403
    assert anonymous.status_code == 401
