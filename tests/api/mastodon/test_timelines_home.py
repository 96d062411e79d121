"""GET /api/v1/timelines/home: fan-out entries merged with big authors, minus mutes and blocks."""

from __future__ import annotations

from datetime import timedelta

import httpx
from starlette.applications import Starlette

from tests.factories import make_actor, make_token
from tests.timelines import builders as b
from townsquare.models.base import utcnow

HOME = "/api/v1/timelines/home"


async def home_ids(client: httpx.AsyncClient, actor, **params) -> list[int]:
    response = await client.get(HOME, headers=actor.headers, params=params)
    assert response.status_code == 200, response.text
    return [int(s["id"]) for s in response.json()]


async def test_home_has_own_and_followed_posts_newest_first(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob, carol = [await make_actor(app, n) for n in ("alice", "bob", "carol")]
    await b.follow(app, alice, bob)
    own = await b.post(app, alice, "mine")
    followed = await b.post(app, bob, "from bob")
    await b.post(app, carol, "a stranger")
    assert await home_ids(client, alice) == [followed, own]
    body = (await client.get(HOME, headers=alice.headers)).json()
    assert body[0]["content"] == "<p>from bob</p>"
    assert body[0]["account"]["username"] == "bob"


async def test_following_backfills_and_unfollowing_removes(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    earlier = await b.post(app, bob, "before the follow")
    await b.follow(app, alice, bob)
    assert await home_ids(client, alice) == [earlier]
    await b.unfollow(app, alice, bob)
    await b.post(app, bob, "after the unfollow")
    assert await home_ids(client, alice) == []


async def test_private_posts_reach_followers_and_direct_only_mentioned(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob, carol = [await make_actor(app, n) for n in ("alice", "bob", "carol")]
    await b.follow(app, alice, bob)
    private = await b.post(app, bob, "followers only", visibility="private")
    direct_to_carol = await b.post(app, bob, "psst", visibility="direct", mentions=[carol])
    assert await home_ids(client, alice) == [private]
    assert await home_ids(client, carol) == [direct_to_carol]


async def test_muted_and_blocked_authors_and_their_reblogs_are_hidden(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob, carol, dave = [await make_actor(app, n) for n in ("alice", "bob", "carol", "dave")]
    for other in (bob, carol, dave):
        await b.follow(app, alice, other)
    by_bob = await b.post(app, bob, "bob")
    by_carol = await b.post(app, carol, "carol")
    reblog_of_carol = await b.post(app, dave, reblog_of=by_carol)
    by_dave = await b.post(app, dave, "dave")
    assert await home_ids(client, alice) == [by_dave, reblog_of_carol, by_carol, by_bob]
    await b.mute(app, alice, carol)
    assert await home_ids(client, alice) == [by_dave, by_bob]
    await b.block(app, bob, alice)  # blocked by bob: his posts go too
    assert await home_ids(client, alice) == [by_dave]


async def test_expired_mute_no_longer_hides(app: Starlette, client: httpx.AsyncClient) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    await b.follow(app, alice, bob)
    by_bob = await b.post(app, bob, "bob")
    await b.mute(app, alice, bob, expires_at=utcnow() - timedelta(minutes=1))
    assert await home_ids(client, alice) == [by_bob]


async def test_reblogs_hidden_when_show_reblogs_is_off(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob, carol = [await make_actor(app, n) for n in ("alice", "bob", "carol")]
    await b.follow(app, alice, bob, show_reblogs=False)
    original = await b.post(app, carol, "carol's")
    await b.post(app, bob, reblog_of=original)
    by_bob = await b.post(app, bob, "bob's")
    assert await home_ids(client, alice) == [by_bob]


async def test_big_author_is_merged_at_read_time(app: Starlette, client: httpx.AsyncClient) -> None:
    app.state.settings.fanout_threshold = 2
    star, alice, bob, carol, stranger = [
        await make_actor(app, n) for n in ("star", "alice", "bob", "carol", "stranger")
    ]
    for fan in (alice, bob, carol):
        await b.follow(app, fan, star)
    await b.follow(app, alice, bob)
    by_bob = await b.post(app, bob, "bob")
    public = await b.post(app, star, "hello fans")
    private = await b.post(app, star, "fans only", visibility="private")
    reply_to_bob = await b.post(app, star, "reply", reply_to=by_bob)
    async with app.state.db.session() as session:
        from sqlalchemy import func, select

        from townsquare.models import HomeFeedEntry

        entries = await session.execute(
            select(func.count()).where(HomeFeedEntry.author_id == int(star.id))
        )
        assert entries.scalar() == 3  # only the star's own home, not the fans'
    # alice follows bob, so the star's reply to bob reaches her, and bob himself; not carol.
    assert await home_ids(client, alice) == [reply_to_bob, private, public, by_bob]
    assert await home_ids(client, bob) == [reply_to_bob, private, public, by_bob]
    assert await home_ids(client, carol) == [private, public]
    assert await home_ids(client, stranger) == []
    await b.mute(app, carol, star)
    assert await home_ids(client, carol) == []


async def test_big_author_merge_respects_show_reblogs(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    app.state.settings.fanout_threshold = 0
    star, alice, bob = [await make_actor(app, n) for n in ("star", "alice", "bob")]
    await b.follow(app, alice, star, show_reblogs=False)
    await b.follow(app, bob, star)
    original = await b.post(app, alice, "alice's")
    reblog = await b.post(app, star, reblog_of=original)
    assert await home_ids(client, bob) == [reblog]
    assert await home_ids(client, alice) == [original]


async def test_paging_with_max_id_min_id_since_id_and_link(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice = await make_actor(app, "alice")
    ids = [await b.post(app, alice, f"post {i}") for i in range(5)]  # oldest first
    newest = ids[::-1]
    response = await client.get(HOME, headers=alice.headers, params={"limit": 2})
    assert [int(s["id"]) for s in response.json()] == newest[:2]
    assert response.headers["link"] == (
        f'<http://ts.test/api/v1/timelines/home?limit=2&max_id={newest[1]}>; rel="next", '
        f'<http://ts.test/api/v1/timelines/home?limit=2&min_id={newest[0]}>; rel="prev"'
    )
    assert await home_ids(client, alice, limit=2, max_id=newest[1]) == newest[2:4]
    # min_id: the entries immediately newer than the cursor; since_id: the newest ones.
    assert await home_ids(client, alice, limit=2, min_id=ids[0]) == [ids[2], ids[1]]
    assert await home_ids(client, alice, limit=2, since_id=ids[0]) == newest[:2]
    assert await home_ids(client, alice, max_id=ids[0]) == []
    empty = await client.get(HOME, headers=alice.headers, params={"max_id": ids[0]})
    assert "link" not in empty.headers


async def test_paging_merges_big_author_pages(app: Starlette, client: httpx.AsyncClient) -> None:
    app.state.settings.fanout_threshold = 1
    star, alice, bob, carol = [await make_actor(app, n) for n in ("star", "alice", "bob", "carol")]
    for fan in (alice, bob):
        await b.follow(app, fan, star)
    await b.follow(app, alice, carol)
    ids = []
    for i in range(3):
        ids.append(await b.post(app, star, f"star {i}"))
        ids.append(await b.post(app, carol, f"carol {i}"))
    newest = ids[::-1]
    first = await home_ids(client, alice, limit=4)
    assert first == newest[:4]
    assert await home_ids(client, alice, limit=4, max_id=first[-1]) == newest[4:]
    assert await home_ids(client, alice, limit=3, min_id=ids[1]) == [ids[4], ids[3], ids[2]]


async def test_home_requires_a_user_and_read_scope(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice = await make_actor(app, "alice")
    anonymous = await client.get(HOME)
    assert anonymous.status_code == 401
    assert anonymous.json() == {"error": "This method requires an authenticated user"}
    token = await make_token(app, alice, "write")
    wrong = await client.get(HOME, headers={"Authorization": f"Bearer {token}"})
    assert wrong.status_code == 403
    assert wrong.json() == {"error": "This action is outside the authorized scopes"}
    granular = await make_token(app, alice, "read:statuses")
    ok = await client.get(HOME, headers={"Authorization": f"Bearer {granular}"})
    assert ok.status_code == 200


async def test_bad_limit_is_rejected_and_large_limit_clamped(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice = await make_actor(app, "alice")
    bad = await client.get(HOME, headers=alice.headers, params={"limit": "abc"})
    assert bad.status_code == 422
    assert bad.json() == {"error": "Validation failed: limit must be an integer"}
    for i in range(41):
        await b.post(app, alice, f"post {i}")
    assert len(await home_ids(client, alice, limit=500)) == 40
    assert len(await home_ids(client, alice)) == 20


async def test_followers_see_a_post_before_and_after_its_fan_out_is_delivered(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    from townsquare.timelines import fanout

    alice, bob, carol, dave = [await make_actor(app, n) for n in ("alice", "bob", "carol", "dave")]
    await b.follow(app, alice, bob)
    await b.follow(app, alice, carol, show_reblogs=False)
    await b.follow(app, carol, bob)
    by_dave = await b.post(app, dave, "dave's")
    root = await b.post(app, carol, "root")
    posts = [
        await b.post(app, bob, "bob's"),
        await b.post(app, bob, "to carol", reply_to=root),
        await b.post(app, bob, "to dave", reply_to=by_dave),  # alice does not follow dave
        await b.post(app, carol, reblog_of=by_dave),  # alice hides carol's reblogs
        await b.post(app, bob, "followers only", visibility="private"),
    ]
    await b.mute(app, alice, dave)
    expected = [posts[4], posts[1], posts[0], root]
    assert await home_ids(client, alice) == expected  # merged from the fan-out queue
    await fanout.deliver_all(app.state.db, app.state.settings)
    assert await home_ids(client, alice) == expected  # read from delivered entries
