"""Follow, unfollow, remove from followers, and the followers / following lists."""

from __future__ import annotations

import asyncio

import httpx

from tests.factories import make_actor, make_token
from tests.social.support import act, counts, link_url, notification_types, relationship


async def test_follow_a_public_account(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")

    response = await act(client, alice, "follow", bob)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == bob.id
    assert body["following"] is True
    assert body["showing_reblogs"] is True
    assert body["notifying"] is False
    assert body["requested"] is False
    assert body["followed_by"] is False
    assert await counts(app, alice) == (0, 1)
    assert await counts(app, bob) == (1, 0)
    assert await notification_types(app, bob, alice) == ["follow"]
    back = await relationship(client, bob, alice)
    assert back["followed_by"] is True
    assert back["following"] is False


async def test_following_again_changes_options_not_counts(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    await act(client, alice, "follow", bob)

    response = await act(client, alice, "follow", bob, reblogs="false", notify="true")

    assert response.status_code == 200
    assert response.json()["showing_reblogs"] is False
    assert response.json()["notifying"] is True
    assert await counts(app, bob) == (1, 0)
    assert await notification_types(app, bob, alice) == ["follow"]
    # Options left out keep their value.
    again = await act(client, alice, "follow", bob)
    assert again.json()["showing_reblogs"] is False
    assert again.json()["notifying"] is True


async def test_follow_with_json_body_and_languages(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")

    response = await client.post(
        f"/api/v1/accounts/{bob.id}/follow",
        headers=alice.headers,
        json={"reblogs": False, "languages": ["en", "fr"]},
    )

    assert response.status_code == 200
    assert response.json()["following"] is True
    assert response.json()["showing_reblogs"] is False


async def test_follow_rejects_malformed_options(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")

    response = await act(client, alice, "follow", bob, reblogs="maybe")

    assert response.status_code == 422
    assert response.json() == {"error": "Validation failed: reblogs must be a boolean"}
    assert await counts(app, bob) == (0, 0)


async def test_following_oneself_is_not_found(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")

    response = await act(client, alice, "follow", alice)

    assert response.status_code == 404
    assert response.json() == {"error": "Record not found"}
    assert await counts(app, alice) == (0, 0)


async def test_unknown_account_is_not_found(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")
    for verb in ("follow", "unfollow", "remove_from_followers", "block", "mute"):
        response = await client.post(f"/api/v1/accounts/12345/{verb}", headers=alice.headers)
        assert response.status_code == 404, verb
        assert response.json() == {"error": "Record not found"}
    huge = await client.post(f"/api/v1/accounts/{1 << 64}/follow", headers=alice.headers)
    assert huge.status_code == 404
    listing = await client.get("/api/v1/accounts/12345/followers")
    assert listing.status_code == 404


async def test_follow_needs_the_write_follows_scope(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    read_only = await make_token(app, alice, "read")

    response = await client.post(
        f"/api/v1/accounts/{bob.id}/follow", headers={"Authorization": f"Bearer {read_only}"}
    )

    assert response.status_code == 403
    assert response.json() == {"error": "This action is outside the authorized scopes"}
    assert await counts(app, bob) == (0, 0)
    granular = await make_token(app, alice, "write:follows")
    allowed = await client.post(
        f"/api/v1/accounts/{bob.id}/follow", headers={"Authorization": f"Bearer {granular}"}
    )
    assert allowed.status_code == 200


async def test_follow_needs_a_user(client: httpx.AsyncClient, app) -> None:
    bob = await make_actor(app, "bob")

    response = await client.post(f"/api/v1/accounts/{bob.id}/follow")

    assert response.status_code == 401


async def test_unfollow_is_idempotent(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    await act(client, alice, "follow", bob)

    first = await act(client, alice, "unfollow", bob)
    second = await act(client, alice, "unfollow", bob)

    assert first.status_code == second.status_code == 200
    assert second.json()["following"] is False
    assert await counts(app, alice) == (0, 0)
    assert await counts(app, bob) == (0, 0)
    assert await notification_types(app, bob, alice) == []


async def test_remove_from_followers(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    await act(client, alice, "follow", bob)

    response = await act(client, bob, "remove_from_followers", alice)

    assert response.status_code == 200
    assert response.json()["followed_by"] is False
    assert (await relationship(client, alice, bob))["following"] is False
    assert await counts(app, bob) == (0, 0)
    assert await counts(app, alice) == (0, 0)


async def test_followers_and_following_pages(client: httpx.AsyncClient, app) -> None:
    star = await make_actor(app, "star")
    fans = [await make_actor(app, f"fan{i}") for i in range(5)]
    for fan in fans:
        await act(client, fan, "follow", star)

    first = await client.get(f"/api/v1/accounts/{star.id}/followers", params={"limit": 2})

    assert first.status_code == 200
    # Newest follower first.
    assert [a["username"] for a in first.json()] == ["fan4", "fan3"]
    assert first.json()[0]["following_count"] == 1
    next_url = link_url(first, "next")
    assert "max_id=" in next_url and "limit=2" in next_url
    second = await client.get(next_url)
    assert [a["username"] for a in second.json()] == ["fan2", "fan1"]
    third = await client.get(link_url(second, "next"))
    assert [a["username"] for a in third.json()] == ["fan0"]
    back = await client.get(link_url(second, "prev"))
    assert [a["username"] for a in back.json()] == ["fan4", "fan3"]
    following = await client.get(f"/api/v1/accounts/{fans[0].id}/following")
    assert [a["username"] for a in following.json()] == ["star"]


async def test_follow_lists_clamp_the_limit(client: httpx.AsyncClient, app) -> None:
    star, fan = await make_actor(app, "star"), await make_actor(app, "fan")
    await act(client, fan, "follow", star)

    response = await client.get(f"/api/v1/accounts/{star.id}/followers", params={"limit": 500})

    assert response.status_code == 200
    assert len(response.json()) == 1
    bad = await client.get(f"/api/v1/accounts/{star.id}/followers", params={"limit": "x"})
    assert bad.status_code == 422
    assert bad.json() == {"error": "Validation failed: limit must be an integer"}


async def test_follow_lists_hide_what_the_viewer_blocks(client: httpx.AsyncClient, app) -> None:
    star, fan, viewer = [await make_actor(app, n) for n in ("star", "fan", "viewer")]
    await act(client, fan, "follow", star)
    await act(client, viewer, "block", fan)

    seen = await client.get(f"/api/v1/accounts/{star.id}/followers", headers=viewer.headers)
    anonymous = await client.get(f"/api/v1/accounts/{star.id}/followers")

    assert seen.json() == []
    assert [a["username"] for a in anonymous.json()] == ["fan"]
    await act(client, star, "block", viewer)
    hidden = await client.get(f"/api/v1/accounts/{star.id}/following", headers=viewer.headers)
    assert hidden.status_code == 200
    assert hidden.json() == []


async def test_concurrent_follows_count_once(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")

    responses = await asyncio.gather(*(act(client, alice, "follow", bob) for _ in range(5)))

    assert {r.status_code for r in responses} == {200}
    assert await counts(app, bob) == (1, 0)
    assert await counts(app, alice) == (0, 1)
    assert await notification_types(app, bob, alice) == ["follow"]


async def test_hidden_collections_show_empty_to_everyone_but_the_owner(app, client) -> None:
    from tests.factories import make_actor

    alice, bob, carol = [await make_actor(app, n) for n in ("alice", "bob", "carol")]
    assert (
        await client.post(f"/api/v1/accounts/{alice.id}/follow", headers=bob.headers)
    ).status_code == 200
    hidden = await client.patch(
        "/api/v1/accounts/update_credentials",
        headers=alice.headers,
        data={"hide_collections": "true"},
    )
    assert hidden.status_code == 200 and hidden.json()["hide_collections"] is True
    path = f"/api/v1/accounts/{alice.id}/followers"
    assert (await client.get(path, headers=carol.headers)).json() == []
    assert (await client.get(path)).json() == []
    assert [a["id"] for a in (await client.get(path, headers=alice.headers)).json()] == [bob.id]
    profile = (await client.get(f"/api/v1/accounts/{alice.id}")).json()
    assert profile["hide_collections"] is True and profile["followers_count"] == 1
