"""The answer to a post is rendered from what the request holds: it must equal what
reading the status back gives its author, field for field."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Actor, make_actor
from tests.integrity.labelling import add_label


async def post(client: httpx.AsyncClient, author: Actor, text: str, **fields: Any) -> Any:
    response = await client.post(
        "/api/v1/statuses", headers=author.headers, json={"status": text, **fields}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def _read_back(client: httpx.AsyncClient, headers: dict[str, str], status_id: str) -> Any:
    response = await client.get(f"/api/v1/statuses/{status_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_new_post_reads_back_as_it_was_answered(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    await add_label(app, "account", alice.id, "state-affiliated")
    await make_actor(app, "carol")
    await post(client, bob, "earlier #Town")  # the tag exists already; #Square is new

    answered = await post(
        client,
        alice,
        "Hi @carol, @bob and @nobody #TOWN #Square #town",
        visibility="unlisted",
        language="fr",
        poll={"options": ["yes", "no"], "expires_in": 3600},
    )

    assert answered == await _read_back(client, alice.headers, answered["id"])
    assert sorted(m["username"] for m in answered["mentions"]) == ["bob", "carol"]
    # A tag keeps the spelling of its first use.
    assert sorted(t["name"] for t in answered["tags"]) == ["Square", "Town"]
    assert answered["poll"]["options"][0]["title"] == "yes"
    assert [label["value"] for label in answered["account"]["labels"]] == ["state-affiliated"]
    assert answered["account"]["statuses_count"] == 1


async def test_a_reply_in_a_muted_thread_is_answered_muted(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    thread = await post(client, bob, "a thread")
    muted = await client.post(f"/api/v1/statuses/{thread['id']}/mute", headers=alice.headers)
    assert muted.status_code == 200, muted.text

    await make_actor(app, "carol")
    reply = await post(client, alice, "@carol @bob a reply", in_reply_to_id=thread["id"])

    assert reply["muted"] is True and reply["in_reply_to_id"] == thread["id"]
    assert reply == await _read_back(client, alice.headers, reply["id"])
    parent = await _read_back(client, alice.headers, thread["id"])
    assert parent["replies_count"] == 1
