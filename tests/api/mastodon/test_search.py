"""GET /api/v2/search and GET /api/v1/tags/:name."""

from __future__ import annotations

from datetime import timedelta

import httpx
from starlette.applications import Starlette

from tests.factories import make_actor, make_token
from tests.search.helpers import add_rows, add_status, add_tag, block, follow, mention, mute
from townsquare.models import StatusTag
from townsquare.models.base import utcnow


def week() -> list[int]:
    """The last seven UTC midnights, newest first, in Unix seconds."""
    today = int(utcnow().timestamp()) // 86_400
    return [(today - back) * 86_400 for back in range(7)]


def quiet_week() -> list[dict[str, str]]:
    return [{"day": str(day), "uses": "0", "accounts": "0"} for day in week()]


def ids(entities: list[dict]) -> list[str]:
    return [e["id"] for e in entities]


async def search(client: httpx.AsyncClient, headers: dict | None = None, **params) -> dict:
    response = await client.get("/api/v2/search", params=params, headers=headers or {})
    assert response.status_code == 200, response.text
    return response.json()


async def test_statuses_are_found_by_words_newest_first(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice = await make_actor(app, "alice")
    older = await add_status(app, alice, "Walking the dog in the park")
    newer = await add_status(app, alice, "The PARK was closed today!")
    await add_status(app, alice, "Nothing to see here")

    found = await search(client, alice.headers, q="park", type="statuses")

    assert ids(found["statuses"]) == [newer, older]
    assert found["statuses"][0]["content"] == "<p>The PARK was closed today!</p>"
    assert found["accounts"] == [] and found["hashtags"] == []


async def test_every_word_must_occur_and_minus_excludes(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice = await make_actor(app, "alice")
    both = await add_status(app, alice, "red apples and green pears")
    await add_status(app, alice, "red cars")
    rotten = await add_status(app, alice, "red apples, rotten")

    assert ids((await search(client, alice.headers, q="apples red"))["statuses"]) == [rotten, both]
    assert ids((await search(client, alice.headers, q="red apples -rotten"))["statuses"]) == [both]
    phrase = await search(client, alice.headers, q='"green pears"')
    assert ids(phrase["statuses"]) == [both]
    assert (await search(client, alice.headers, q='"pears green"'))["statuses"] == []


async def test_query_syntax_of_either_database_is_plain_text(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice = await make_actor(app, "alice")
    status = await add_status(app, alice, "cats OR dogs AND birds NEAR fish")
    for q in ["OR", "NEAR(cats dogs)", "cats & | ! :* dogs", 'unbalanced "quote', "*", "((("]:
        response = await client.get(
            "/api/v2/search", params={"q": q, "type": "statuses"}, headers=alice.headers
        )
        assert response.status_code == 200, (q, response.text)
    found = await search(client, alice.headers, q="NEAR(fish) OR", type="statuses")
    assert ids(found["statuses"]) == [status]


async def test_content_warning_is_searched(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    status = await add_status(app, alice, "the plot twist", spoiler_text="movie spoilers")
    found = await search(client, alice.headers, q="spoilers", type="statuses")
    assert ids(found["statuses"]) == [status]


async def test_edits_and_deletions_reach_the_index(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    from sqlalchemy import delete, update

    from townsquare.models import Status

    alice = await make_actor(app, "alice")
    status = await add_status(app, alice, "first draft about turnips")
    async with app.state.db.session() as session:
        await session.execute(
            update(Status).where(Status.id == int(status)).values(text="final text on parsnips")
        )
        await session.commit()
    assert (await search(client, alice.headers, q="turnips"))["statuses"] == []
    assert ids((await search(client, alice.headers, q="parsnips"))["statuses"]) == [status]

    async with app.state.db.session() as session:
        await session.execute(delete(Status).where(Status.id == int(status)))
        await session.commit()
    assert (await search(client, alice.headers, q="parsnips"))["statuses"] == []


async def test_visibility_decides_who_finds_a_status(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice = await make_actor(app, "alice")
    follower = await make_actor(app, "follower")
    stranger = await make_actor(app, "stranger")
    await add_rows(app, follow(follower, alice))
    public = await add_status(app, alice, "zebra public")
    unlisted = await add_status(app, alice, "zebra unlisted", "unlisted")
    private = await add_status(app, alice, "zebra private", "private")
    direct = await add_status(app, alice, "zebra direct", "direct")
    to_stranger = await add_status(app, alice, "zebra for stranger", "direct")
    await add_rows(app, mention(to_stranger, stranger))

    def found_by(actor):  # type: ignore[no-untyped-def]
        return search(client, actor.headers, q="zebra", type="statuses")

    assert ids((await found_by(alice))["statuses"]) == [
        to_stranger,
        direct,
        private,
        unlisted,
        public,
    ]
    assert ids((await found_by(follower))["statuses"]) == [private, unlisted, public]
    assert ids((await found_by(stranger))["statuses"]) == [to_stranger, unlisted, public]


async def test_accounts_that_opt_out_of_indexing_are_found_only_by_followers(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    shy = await make_actor(app, "shy", indexable=False)
    follower = await make_actor(app, "follower")
    stranger = await make_actor(app, "stranger")
    await add_rows(app, follow(follower, shy))
    status = await add_status(app, shy, "quiet thoughts")
    assert (await search(client, stranger.headers, q="quiet"))["statuses"] == []
    assert ids((await search(client, follower.headers, q="quiet"))["statuses"]) == [status]
    assert ids((await search(client, shy.headers, q="quiet"))["statuses"]) == [status]


async def test_blocks_mutes_and_reblogs_are_left_out(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    viewer = await make_actor(app, "viewer")
    blocker = await make_actor(app, "blocker")
    blocked = await make_actor(app, "blocked")
    muted = await make_actor(app, "muted")
    expired = await make_actor(app, "expired")
    plain = await make_actor(app, "plain")
    await add_rows(
        app,
        block(blocker, viewer),
        block(viewer, blocked),
        mute(viewer, muted),
        mute(viewer, expired, expires_at=utcnow() - timedelta(minutes=1)),
    )
    for author in (blocker, blocked, muted):
        await add_status(app, author, "giraffe news")
    from_expired = await add_status(app, expired, "giraffe news")
    original = await add_status(app, plain, "giraffe news")
    await add_status(app, plain, "giraffe news", reblog_of_id=int(original))

    found = await search(client, viewer.headers, q="giraffe", type="statuses")

    assert ids(found["statuses"]) == [original, from_expired]


async def test_statuses_need_a_signed_in_viewer(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    await add_status(app, alice, "hello world")
    assert (await search(client, q="hello"))["statuses"] == []
    app_token = await make_token(app, alice, "read")
    assert (await search(client, {"Authorization": f"Bearer {app_token}"}, q="hello"))["statuses"]


async def test_account_id_max_id_min_id_limit_and_offset(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice = await make_actor(app, "alice")
    bob = await make_actor(app, "bob")
    posts = [await add_status(app, alice, f"otter number {i}") for i in range(5)]
    by_bob = await add_status(app, bob, "otter by bob")
    newest_first = [by_bob, *reversed(posts)]
    h = alice.headers

    assert ids((await search(client, h, q="otter", type="statuses"))["statuses"]) == newest_first
    only_alice = await search(client, h, q="otter", type="statuses", account_id=alice.id)
    assert ids(only_alice["statuses"]) == list(reversed(posts))
    page = await search(client, h, q="otter", type="statuses", limit=2, max_id=posts[4])
    assert ids(page["statuses"]) == [posts[3], posts[2]]
    page = await search(client, h, q="otter", type="statuses", limit=2, min_id=posts[1])
    assert ids(page["statuses"]) == [posts[3], posts[2]]
    page = await search(client, h, q="otter", type="statuses", limit=2, offset=2)
    assert ids(page["statuses"]) == newest_first[2:4]
    huge = await search(client, h, q="otter", type="statuses", limit=1000)
    assert len(huge["statuses"]) == 6


async def test_accounts_by_username_display_name_and_exact_address(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice = await make_actor(app, "alice")
    alicia = await make_actor(app, "alicia", display_name="Alicia Keys")
    bob = await make_actor(app, "bob", display_name="Bob Alinsky")
    await make_actor(app, "carol")

    found = await search(client, q="ali", type="accounts")
    assert sorted(ids(found["accounts"])) == sorted([alice.id, alicia.id, bob.id])
    assert found["accounts"][0]["acct"] in {"alice", "alicia", "bob"}
    assert ids((await search(client, q="alice"))["accounts"])[0] == alice.id
    exact = await search(client, q="@alice@ts.test")
    assert ids(exact["accounts"]) == [alice.id]
    assert exact["hashtags"] == []
    assert (await search(client, q="@alice@elsewhere.example"))["accounts"] == []
    assert (await search(client, q="keys", type="accounts"))["accounts"][0]["id"] == alicia.id
    assert (await search(client, q="#alice"))["accounts"] == []
    assert (await search(client, q="100%_", type="accounts"))["accounts"] == []


async def test_following_only_and_blocks_in_account_search(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    viewer = await make_actor(app, "viewer")
    friend = await make_actor(app, "sam_friend")
    other = await make_actor(app, "sam_other")
    blocker = await make_actor(app, "sam_blocker")
    await add_rows(app, follow(viewer, friend), block(blocker, viewer))

    everyone = await search(client, viewer.headers, q="sam", type="accounts")
    assert sorted(ids(everyone["accounts"])) == sorted([friend.id, other.id])
    following = await search(client, viewer.headers, q="sam", type="accounts", following="true")
    assert ids(following["accounts"]) == [friend.id]


async def test_hashtags_by_prefix_as_tag_entities(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice = await make_actor(app, "alice")
    cats = await add_tag(app, "Cats")
    await add_tag(app, "catsofmastodon")
    await add_tag(app, "dogs")

    found = await search(client, q="#cat")
    assert [t["name"] for t in found["hashtags"]] == ["Cats", "catsofmastodon"]
    assert found["hashtags"][0] == {
        "id": str(cats),
        "name": "Cats",
        "url": "http://ts.test/tags/cats",
        "history": quiet_week(),
    }
    signed_in = await search(client, alice.headers, q="cats", type="hashtags")
    assert signed_in["hashtags"][0]["following"] is False
    assert signed_in["accounts"] == []
    assert (await search(client, q="cats@ts.test"))["hashtags"] == []
    page = await search(client, alice.headers, q="cat", type="hashtags", limit=1, offset=1)
    assert [t["name"] for t in page["hashtags"]] == ["catsofmastodon"]


async def test_bad_queries(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    h = alice.headers

    async def error(params: dict, headers: dict | None = None) -> tuple[int, str]:
        response = await client.get("/api/v2/search", params=params, headers=headers or {})
        return response.status_code, response.json()["error"]

    missing = (400, "param is missing or the value is empty: q")
    assert await error({}, h) == missing
    assert await error({"q": ""}, h) == missing
    assert await error({"q": "   "}, h) == missing
    assert await error({"q": "x" * 501}, h) == (
        422,
        "Validation failed: q is too long (maximum is 500 characters)",
    )
    assert await error({"q": "x", "type": "posts"}, h) == (
        422,
        "Validation failed: type must be one of accounts, hashtags, statuses",
    )
    negative = (400, "Pagination values for `offset` and `limit` must be positive")
    assert await error({"q": "x", "limit": "-1"}, h) == negative
    assert await error({"q": "x", "type": "accounts", "offset": "-5"}, h) == negative
    assert await error({"q": "x", "type": "accounts", "offset": "9" * 25}, h) == (
        422,
        "Validation failed: offset must be at most 10000",
    )
    assert len((await search(client, h, q="alice", limit="9" * 25))["accounts"]) == 1
    assert await error({"q": "x", "limit": "many"}, h) == (
        422,
        "Validation failed: limit must be an integer",
    )
    assert await error({"q": "x", "account_id": "abc"}, h) == (
        422,
        "Validation failed: account_id is not a valid id",
    )
    assert await error({"q": "x", "type": "statuses", "offset": "1"}) == (
        401,
        "Search queries pagination is not supported without authentication",
    )
    assert await error({"q": "x", "resolve": "true"}) == (
        401,
        "Search queries that resolve remote resources are not supported without authentication",
    )
    assert (await search(client, h, q="x", resolve="true"))["statuses"] == []
    assert await search(client, h, q="alice", limit=0) == {
        "accounts": [],
        "statuses": [],
        "hashtags": [],
    }


async def test_scope_is_read_search(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    wrong = await make_token(app, alice, "write")
    response = await client.get(
        "/api/v2/search", params={"q": "x"}, headers={"Authorization": f"Bearer {wrong}"}
    )
    assert response.status_code == 403
    assert response.json() == {"error": "This action is outside the authorized scopes"}
    granular = await make_token(app, alice, "read:search")
    response = await client.get(
        "/api/v2/search", params={"q": "x"}, headers={"Authorization": f"Bearer {granular}"}
    )
    assert response.status_code == 200


async def test_tag_lookup(app: Starlette, client: httpx.AsyncClient) -> None:
    tag_id = await add_tag(app, "Caturday")
    response = await client.get("/api/v1/tags/CATURDAY")
    assert response.status_code == 200
    assert response.json() == {
        "id": str(tag_id),
        "name": "Caturday",
        "url": "http://ts.test/tags/caturday",
        "history": quiet_week(),
    }
    missing = await client.get("/api/v1/tags/nosuchtag")
    assert (missing.status_code, missing.json()) == (404, {"error": "Record not found"})
    too_long = await client.get("/api/v1/tags/" + "a" * 101)
    assert too_long.status_code == 422


async def test_a_pasted_link_finds_that_post_or_profile(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    post = await add_status(app, alice, "Link me")
    secret = await add_status(app, alice, "Followers only", visibility="private")
    base = "http://ts.test"

    for url in (f"{base}/@alice/{post}", f"{base}/users/alice/statuses/{post}"):
        found = await search(client, bob.headers, q=url, resolve="true")
        assert ids(found["statuses"]) == [post], url
        assert found["accounts"] == [] and found["hashtags"] == []
    profile = await search(client, bob.headers, q=f"{base}/@alice")
    assert ids(profile["accounts"]) == [alice.id] and profile["statuses"] == []
    # What bob may not see, a post under the wrong author, and other servers find nothing.
    for url in (
        f"{base}/@alice/{secret}",
        f"{base}/@bob/{post}",
        f"https://elsewhere.example/@alice/{post}",
        f"{base}/@nobody",
    ):
        found = await search(client, bob.headers, q=url)
        assert found == {"accounts": [], "statuses": [], "hashtags": []}, url


async def test_tag_history_counts_public_uses_and_accounts_per_day(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    from townsquare.ids import new_id

    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    tag_id = await add_tag(app, "Caturday")
    yesterday_ms = (week()[1] + 3_600) * 1000
    today = [await add_status(app, who, "#caturday") for who in (alice, alice, bob)]
    yesterday = await add_status(app, bob, "#caturday", id=new_id(yesterday_ms))
    hidden = await add_status(app, alice, "#caturday", visibility="private")
    old = await add_status(app, bob, "#caturday", id=new_id((week()[6] - 86_400) * 1000))
    for status_id in [*today, yesterday, hidden, old]:
        await add_rows(app, StatusTag(status_id=int(status_id), tag_id=tag_id))

    history = (await client.get("/api/v1/tags/caturday")).json()["history"]
    assert history[0] == {"day": str(week()[0]), "uses": "3", "accounts": "2"}
    assert history[1] == {"day": str(week()[1]), "uses": "1", "accounts": "1"}
    assert history[2:] == quiet_week()[2:]
    found = await search(client, alice.headers, q="#caturday", type="hashtags")
    assert found["hashtags"][0]["history"] == history
