"""Filters v2: the CRUD of filters, keywords and statuses as Mastodon documents it."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from tests.factories import make_actor

V2 = "/api/v2/filters"


async def test_create_with_keywords_in_the_documented_form(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice = await make_actor(app, "alice")
    query = (
        "title=test&context[]=public&keywords_attributes[][keyword]=foo"
        "&keywords_attributes[][whole_word]=false&keywords_attributes[][keyword]=bar"
        "&keywords_attributes[][whole_word]=true"
    )
    created = await client.post(f"{V2}?{query}", headers=alice.headers)
    assert created.status_code == 200, created.text
    entity = created.json()
    assert entity["title"] == "test" and entity["context"] == ["public"]
    assert entity["filter_action"] == "warn" and entity["expires_at"] is None
    assert [(k["keyword"], k["whole_word"]) for k in entity["keywords"]] == [
        ("foo", False),
        ("bar", True),
    ]
    assert entity["statuses"] == []
    listed = (await client.get(V2, headers=alice.headers)).json()
    assert [f["id"] for f in listed] == [entity["id"]]


async def test_validation_messages(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    cases = [
        ({}, "Validation failed: Title can't be blank, Context can't be blank, Context None or invalid context supplied"),  # noqa: E501
        ({"title": "x", "context": ["everywhere"]}, "Validation failed: Context None or invalid context supplied"),  # noqa: E501
        ({"title": "x", "context": ["home"], "filter_action": "nuke"}, "Validation failed: Filter action is not one of warn, hide, blur"),  # noqa: E501
        ({"title": "x", "context": ["home"], "keywords_attributes": [{"keyword": " "}]}, "Validation failed: Keyword can't be blank"),  # noqa: E501
        ({"title": "x", "context": ["home"], "expires_in": 0}, "Validation failed: expires_in must be between 1 and 315360000"),  # noqa: E501
    ]  # fmt: skip
    for body, error in cases:
        response = await client.post(V2, headers=alice.headers, json=body)
        assert (response.status_code, response.json()) == (422, {"error": error}), body
    assert (await client.get(V2, headers=alice.headers)).json() == []


async def test_update_keywords_statuses_and_delete(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    created = (
        await client.post(
            V2, headers=alice.headers,
            json={"title": "t", "context": ["home"], "expires_in": 3600,
                  "keywords_attributes": [{"keyword": "one"}, {"keyword": "two"}]},
        )
    ).json()  # fmt: skip
    assert created["expires_at"] is not None
    one, two = created["keywords"]
    updated = await client.put(
        f"{V2}/{created['id']}", headers=alice.headers,
        json={"title": "renamed", "filter_action": "hide", "expires_in": "",
              "keywords_attributes": [{"id": one["id"], "_destroy": True},
                                      {"id": two["id"], "keyword": "TWO", "whole_word": False},
                                      {"keyword": "three"}]},
    )  # fmt: skip
    assert updated.status_code == 200, updated.text
    body = updated.json()
    assert (body["title"], body["filter_action"], body["expires_at"]) == ("renamed", "hide", None)
    assert [(k["keyword"], k["whole_word"]) for k in body["keywords"]] == [
        ("TWO", False),
        ("three", True),
    ]
    keyword = await client.post(
        f"{V2}/{created['id']}/keywords",
        headers=alice.headers,
        json={"keyword": "four", "whole_word": False},
    )
    assert keyword.json()["keyword"] == "four"
    kid = keyword.json()["id"]
    assert (await client.get(f"{V2}/keywords/{kid}", headers=alice.headers)).json()[
        "keyword"
    ] == "four"
    assert (
        await client.put(f"{V2}/keywords/{kid}", headers=alice.headers, json={"keyword": "cinq"})
    ).json()["keyword"] == "cinq"
    assert (await client.get(f"{V2}/keywords/{kid}", headers=bob.headers)).status_code == 404
    assert (await client.delete(f"{V2}/keywords/{kid}", headers=alice.headers)).json() == {}
    assert (
        len((await client.get(f"{V2}/{created['id']}/keywords", headers=alice.headers)).json()) == 2
    )
    status = (
        await client.post("/api/v1/statuses", headers=bob.headers, json={"status": "x"})
    ).json()
    added = await client.post(
        f"{V2}/{created['id']}/statuses", headers=alice.headers, json={"status_id": status["id"]}
    )
    assert added.json()["status_id"] == status["id"]
    dup = await client.post(
        f"{V2}/{created['id']}/statuses", headers=alice.headers, json={"status_id": status["id"]}
    )
    assert dup.json() == {"error": "Validation failed: Status has already been taken"}
    sid = added.json()["id"]
    assert (await client.get(f"{V2}/statuses/{sid}", headers=alice.headers)).json()[
        "status_id"
    ] == status["id"]
    assert (await client.get(f"{V2}/{created['id']}/statuses", headers=alice.headers)).json() == [
        added.json()
    ]
    assert (await client.delete(f"{V2}/statuses/{sid}", headers=alice.headers)).json() == {}
    assert (await client.get(f"{V2}/{created['id']}", headers=bob.headers)).status_code == 404
    assert (await client.delete(f"{V2}/{created['id']}", headers=bob.headers)).status_code == 404
    assert (await client.delete(f"{V2}/{created['id']}", headers=alice.headers)).json() == {}
    assert (await client.get(f"{V2}/{created['id']}", headers=alice.headers)).status_code == 404


async def test_scopes(app: Starlette, client: httpx.AsyncClient) -> None:
    reader = await make_actor(app, "reader", scopes="read")
    refused = await client.post(
        V2, headers=reader.headers, json={"title": "x", "context": ["home"]}
    )
    assert refused.status_code == 403
    assert (await client.get(V2)).status_code == 401
