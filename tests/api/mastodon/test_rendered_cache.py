"""Statuses and accounts are rendered once per version of their rows and kept in the
process (``kit.content_cache``): a reader must still see every change at once, and never
what was rendered for another reader."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Actor, make_actor
from tests.integrity.labelling import add_label


async def _post(client: httpx.AsyncClient, author: Actor, text: str) -> Any:
    response = await client.post("/api/v1/statuses", headers=author.headers, json={"status": text})
    assert response.status_code == 200, response.text
    return response.json()


async def _public(client: httpx.AsyncClient, reader: Actor) -> list[Any]:
    response = await client.get("/api/v1/timelines/public", headers=reader.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def _shown(client: httpx.AsyncClient, reader: Actor, status_id: str) -> Any:
    return next(s for s in await _public(client, reader) if s["id"] == status_id)


async def test_changes_to_a_status_and_its_author_show_at_once(
    client: httpx.AsyncClient, app
) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    status = await _post(client, alice, "first words")
    before = await _shown(client, bob, status["id"])
    assert before["content"] == "<p>first words</p>"
    assert before["account"]["display_name"] == ""

    edited = await client.put(
        f"/api/v1/statuses/{status['id']}", headers=alice.headers, json={"status": "second words"}
    )
    assert edited.status_code == 200, edited.text
    renamed = await client.patch(
        "/api/v1/accounts/update_credentials", headers=alice.headers, json={"display_name": "Alice"}
    )
    assert renamed.status_code == 200, renamed.text
    liked = await client.post(f"/api/v1/statuses/{status['id']}/favourite", headers=bob.headers)
    assert liked.status_code == 200, liked.text

    after = await _shown(client, bob, status["id"])
    assert after["content"] == "<p>second words</p>"
    assert after["edited_at"] is not None
    assert after["account"]["display_name"] == "Alice"
    assert after["favourites_count"] == 1
    assert after["favourited"] is True


async def test_one_readers_flags_and_labels_never_reach_another(
    client: httpx.AsyncClient, app
) -> None:
    alice, bob, carol = [await make_actor(app, n) for n in ("alice", "bob", "carol")]
    status = await _post(client, alice, "shared by all")
    liked = await client.post(f"/api/v1/statuses/{status['id']}/favourite", headers=bob.headers)
    assert liked.status_code == 200, liked.text

    assert (await _shown(client, bob, status["id"]))["favourited"] is True
    seen_by_carol = await _shown(client, carol, status["id"])
    assert seen_by_carol["favourited"] is False
    assert seen_by_carol["favourites_count"] == 1

    await add_label(app, "account", alice.id, "state-affiliated")
    labelled = await _shown(client, carol, status["id"])
    assert [label["value"] for label in labelled["account"]["labels"]] == ["state-affiliated"]
    logged_out = (await client.get("/api/v1/timelines/public")).json()
    anonymous = next(s for s in logged_out if s["id"] == status["id"])
    assert "favourited" not in anonymous
    assert [label["value"] for label in anonymous["account"]["labels"]] == ["state-affiliated"]
