"""GET /api/v1/bookmarks and /api/v1/favourites: paged by the bookmark / favourite id."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from tests.factories import make_actor, make_token
from tests.timelines import builders as b

KINDS = [
    ("/api/v1/bookmarks", b.bookmark, "read:bookmarks"),
    ("/api/v1/favourites", b.favourite, "read:favourites"),
]


@pytest.mark.parametrize(("path", "mark", "scope"), KINDS)
async def test_lists_in_marking_order_with_link_on_row_ids(
    app: Starlette, client: httpx.AsyncClient, path, mark, scope
) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    first, second, third = [await b.post(app, bob, f"p{i}") for i in range(3)]
    # Marked in another order than posted: the list follows the marking order.
    row_ids = [await mark(app, alice, s) for s in (second, third, first)]
    await mark(app, bob, first)  # someone else's mark is not listed
    response = await client.get(path, headers=alice.headers, params={"limit": 2})
    assert response.status_code == 200
    assert [int(s["id"]) for s in response.json()] == [first, third]
    assert response.headers["link"] == (
        f'<http://ts.test{path}?limit=2&max_id={row_ids[1]}>; rel="next", '
        f'<http://ts.test{path}?limit=2&min_id={row_ids[2]}>; rel="prev"'
    )
    rest = await client.get(path, headers=alice.headers, params={"max_id": row_ids[1]})
    assert [int(s["id"]) for s in rest.json()] == [second]
    newer = await client.get(path, headers=alice.headers, params={"min_id": row_ids[0]})
    assert [int(s["id"]) for s in newer.json()] == [first, third]
    token = await make_token(app, alice, scope)
    ok = await client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    other_scope = await make_token(app, alice, "read:statuses")
    wrong = await client.get(path, headers={"Authorization": f"Bearer {other_scope}"})
    assert wrong.status_code == 403
    assert (await client.get(path)).status_code == 401


@pytest.mark.parametrize(("path", "mark", "scope"), KINDS)
async def test_statuses_no_longer_visible_are_left_out(
    app: Starlette, client: httpx.AsyncClient, path, mark, scope
) -> None:
    alice, bob, carol = [await make_actor(app, n) for n in ("alice", "bob", "carol")]
    await b.follow(app, alice, bob)
    private = await b.post(app, bob, "followers only", visibility="private")
    by_carol = await b.post(app, carol, "carol")
    await mark(app, alice, private)
    await mark(app, alice, by_carol)
    body = (await client.get(path, headers=alice.headers)).json()
    assert [int(s["id"]) for s in body] == [by_carol, private]
    marked = "bookmarked" if "bookmarks" in path else "favourited"
    assert all(s[marked] for s in body)
    await b.unfollow(app, alice, bob)
    await b.block(app, carol, alice)
    assert (await client.get(path, headers=alice.headers)).json() == []


async def test_bad_limit(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    bad = await client.get("/api/v1/bookmarks", headers=alice.headers, params={"limit": "x"})
    assert bad.status_code == 422
    assert bad.json() == {"error": "Validation failed: limit must be an integer"}
