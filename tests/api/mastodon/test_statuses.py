"""Posting, reading, editing and deleting statuses."""

from __future__ import annotations

import httpx

from tests.factories import make_actor, make_token
from tests.statuses.support import account_row, actors, follow, notifications, post, status_count


async def test_post_renders_mentions_tags_and_links(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")

    status = await post(
        client, alice, "Hi @bob, see https://example.com #News", language="en", visibility="public"
    )

    assert status["content"] == (
        '<p>Hi <span class="h-card" translate="no"><a href="http://ts.test/@bob" '
        'class="u-url mention">@<span>bob</span></a></span>, see <a href="https://example.com" '
        'target="_blank" rel="nofollow noopener noreferrer" translate="no">'
        '<span class="invisible">https://</span><span class="">example.com</span>'
        '<span class="invisible"></span></a> <a href="http://ts.test/tags/news" '
        'class="mention hashtag" rel="tag">#<span>News</span></a></p>'
    )
    assert status["mentions"] == [
        {"id": bob.id, "username": "bob", "url": "http://ts.test/@bob", "acct": "bob"}
    ]
    assert status["tags"] == [{"name": "News", "url": "http://ts.test/tags/news"}]
    assert status["visibility"] == "public"
    assert status["language"] == "en"
    assert status["account"]["id"] == alice.id
    assert status["account"]["statuses_count"] == 1
    assert status["application"] == {"name": "tests", "website": None}
    assert status["favourited"] is False
    assert await notifications(app, bob) == [("mention", alice.id, status["id"])]


async def test_post_counts_and_read_back(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")
    status = await post(client, alice, "hello", spoiler_text="cw")

    response = await client.get(f"/api/v1/statuses/{status['id']}")

    assert response.status_code == 200
    body = response.json()
    assert body["content"] == "<p>hello</p>"
    assert body["spoiler_text"] == "cw"
    assert body["sensitive"] is True  # a content warning implies sensitive, as in Mastodon
    assert "favourited" not in body  # anonymous viewers get no viewer flags
    account = await account_row(app, alice)
    assert account.statuses_count == 1
    assert account.last_status_at is not None


async def test_json_body_is_accepted(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")
    response = await client.post(
        "/api/v1/statuses",
        headers=alice.headers,
        json={"status": "json works", "sensitive": True, "visibility": "unlisted"},
    )
    assert response.status_code == 200
    assert response.json()["sensitive"] is True
    assert response.json()["visibility"] == "unlisted"


async def test_get_several_statuses_skips_unknown_and_hidden(
    client: httpx.AsyncClient, app
) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    public = await post(client, alice, "one")
    private = await post(client, alice, "two", visibility="private")

    response = await client.get(
        "/api/v1/statuses",
        params=[("id[]", public["id"]), ("id[]", private["id"]), ("id[]", "123")],
        headers=bob.headers,
    )

    assert response.status_code == 200
    assert [s["id"] for s in response.json()] == [public["id"]]


async def test_reply_sets_thread_fields_and_counts(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    parent = await post(client, alice, "question?")

    reply = await post(client, bob, "@alice answer", in_reply_to_id=parent["id"])

    assert reply["in_reply_to_id"] == parent["id"]
    assert reply["in_reply_to_account_id"] == alice.id
    fetched = (await client.get(f"/api/v1/statuses/{parent['id']}")).json()
    assert fetched["replies_count"] == 1
    assert await notifications(app, alice) == [("mention", bob.id, reply["id"])]


async def test_followers_who_asked_are_notified(client: httpx.AsyncClient, app) -> None:
    alice, bob, carol = await actors(app, "alice", "bob", "carol")
    await follow(app, bob, alice, notify=True)
    await follow(app, carol, alice)

    status = await post(client, alice, "news")

    assert await notifications(app, bob) == [("status", alice.id, status["id"])]
    assert await notifications(app, carol) == []


async def test_idempotency_key_returns_the_same_status(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    headers = {**alice.headers, "Idempotency-Key": "abc-123"}

    first = await client.post("/api/v1/statuses", headers=headers, data={"status": "once"})
    second = await client.post("/api/v1/statuses", headers=headers, data={"status": "once"})
    # The key is per account: another account using it posts its own status.
    other = await client.post(
        "/api/v1/statuses",
        headers={**bob.headers, "Idempotency-Key": "abc-123"},
        data={"status": "once"},
    )

    assert first.status_code == second.status_code == other.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert other.json()["id"] != first.json()["id"]
    assert await status_count(app) == 2
    assert (await account_row(app, alice)).statuses_count == 1


async def test_bad_input_gets_exact_errors(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")
    h = alice.headers
    cases = [
        ({"status": "   "}, 422, "Validation failed: Text can't be blank"),
        ({}, 422, "Validation failed: Text can't be blank"),
        ({"status": "x" * 501}, 422, "Validation failed: Text character limit of 500 exceeded"),
        (
            {"status": "x" * 10, "spoiler_text": "y" * 491},
            422,
            "Validation failed: Text character limit of 500 exceeded",
        ),
        (
            {"status": "x", "visibility": "secret"},
            422,
            "Validation failed: Visibility is not included in the list",
        ),
        (
            {"status": "x", "language": "english!"},
            422,
            "Validation failed: Language is not a valid ISO 639 code",
        ),
        ({"status": "x", "in_reply_to_id": "123"}, 404, "Record not found"),
        (
            {"status": "x", "in_reply_to_id": "abc"},
            422,
            "Validation failed: in_reply_to_id is not a valid id",
        ),
        ({"status": "x", "media_ids[]": "1"}, 422, "Media attachments are not supported yet"),
        (
            {"status": "x", "poll[options][]": "a"},
            422,
            "Validation failed: Poll options must have more than one item",
        ),
        (
            {"status": "x", "scheduled_at": "2030-01-01T00:00:00Z"},
            422,
            "Scheduled statuses are not supported yet",
        ),
    ]
    for data, code, message in cases:
        response = await client.post("/api/v1/statuses", headers=h, data=data)
        assert (response.status_code, response.json()) == (code, {"error": message}), data
    assert await status_count(app) == 0


async def test_malformed_json_and_long_idempotency_key(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")
    malformed = await client.post(
        "/api/v1/statuses",
        headers={**alice.headers, "Content-Type": "application/json"},
        content=b'{"status": "x"',
    )
    assert (malformed.status_code, malformed.json()) == (400, {"error": "Malformed JSON body"})
    long_key = await client.post(
        "/api/v1/statuses",
        headers={**alice.headers, "Idempotency-Key": "k" * 201},
        data={"status": "x"},
    )
    assert long_key.status_code == 422
    assert long_key.json() == {
        "error": "Validation failed: Idempotency-Key is too long (maximum is 200 characters)"
    }


async def test_urls_count_23_characters_toward_the_limit(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")
    url = "https://example.com/" + "a" * 600
    text = url + " " + "x" * (500 - 24)  # 23 + 1 space + 476 = 500

    accepted = await client.post("/api/v1/statuses", headers=alice.headers, data={"status": text})
    refused = await client.post(
        "/api/v1/statuses", headers=alice.headers, data={"status": text + "x"}
    )

    assert accepted.status_code == 200
    assert refused.status_code == 422


async def test_posting_needs_a_user_and_the_write_scope(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")
    read_only = await make_token(app, alice, "read")

    anonymous = await client.post("/api/v1/statuses", data={"status": "x"})
    wrong_scope = await client.post(
        "/api/v1/statuses",
        headers={"Authorization": f"Bearer {read_only}"},
        data={"status": "x"},
    )

    assert anonymous.status_code == 401
    assert wrong_scope.status_code == 403
    assert wrong_scope.json() == {"error": "This action is outside the authorized scopes"}


async def test_edit_records_history_and_source(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    status = await post(client, alice, "first version")
    sid = status["id"]
    assert len((await client.get(f"/api/v1/statuses/{sid}/history")).json()) == 1

    edited = await client.put(
        f"/api/v1/statuses/{sid}",
        headers=alice.headers,
        data={"status": "second version @bob #tagged", "spoiler_text": "cw"},
    )
    await client.put(f"/api/v1/statuses/{sid}", headers=alice.headers, data={"status": "third"})

    assert edited.status_code == 200
    assert edited.json()["edited_at"] is not None
    assert [t["name"] for t in edited.json()["tags"]] == ["tagged"]
    assert [m["acct"] for m in edited.json()["mentions"]] == ["bob"]
    history = (await client.get(f"/api/v1/statuses/{sid}/history")).json()
    assert history[0]["content"] == "<p>first version</p>"
    assert history[1]["spoiler_text"] == "cw"
    assert history[2]["content"] == "<p>third</p>"
    assert history[0]["account"]["id"] == alice.id
    source = await client.get(f"/api/v1/statuses/{sid}/source", headers=bob.headers)
    assert source.json() == {"id": sid, "text": "third", "spoiler_text": "cw"}
    assert await notifications(app, bob) == [("mention", alice.id, sid)]


async def test_edit_notifies_rebloggers(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    status = await post(client, alice, "boost me")
    await client.post(f"/api/v1/statuses/{status['id']}/reblog", headers=bob.headers)

    await client.put(
        f"/api/v1/statuses/{status['id']}", headers=alice.headers, data={"status": "edited"}
    )

    assert await notifications(app, bob) == [("update", alice.id, status["id"])]


async def test_only_the_author_may_edit_or_delete(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    status = await post(client, alice, "mine")

    edit = await client.put(
        f"/api/v1/statuses/{status['id']}", headers=bob.headers, data={"status": "yours"}
    )
    delete = await client.delete(f"/api/v1/statuses/{status['id']}", headers=bob.headers)

    assert (edit.status_code, edit.json()) == (404, {"error": "Record not found"})
    assert (delete.status_code, delete.json()) == (404, {"error": "Record not found"})
    still = await client.get(f"/api/v1/statuses/{status['id']}")
    assert still.json()["content"] == "<p>mine</p>"


async def test_edit_validates_like_a_post(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")
    status = await post(client, alice, "fine")

    response = await client.put(
        f"/api/v1/statuses/{status['id']}", headers=alice.headers, data={"status": "x" * 501}
    )

    assert response.status_code == 422
    assert response.json() == {"error": "Validation failed: Text character limit of 500 exceeded"}
    history = (await client.get(f"/api/v1/statuses/{status['id']}/history")).json()
    assert len(history) == 1


async def test_delete_returns_source_and_removes_everything(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    status = await post(client, alice, "to be deleted #gone")
    sid = status["id"]
    await client.post(f"/api/v1/statuses/{sid}/reblog", headers=bob.headers)
    await client.post(f"/api/v1/statuses/{sid}/favourite", headers=bob.headers)

    response = await client.delete(f"/api/v1/statuses/{sid}", headers=alice.headers)

    assert response.status_code == 200
    assert response.json()["id"] == sid
    assert response.json()["text"] == "to be deleted #gone"
    assert (await client.get(f"/api/v1/statuses/{sid}")).status_code == 404
    assert await status_count(app) == 0  # the reblog went with it
    assert (await account_row(app, alice)).statuses_count == 0
    assert (await account_row(app, bob)).statuses_count == 0
    assert await notifications(app, alice) == []
    again = await client.delete(f"/api/v1/statuses/{sid}", headers=alice.headers)
    assert again.status_code == 404


async def test_ids_beyond_64_bits_are_not_found(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")
    sid = (await post(client, alice, "x"))["id"]

    huge_path = await client.get("/api/v1/statuses/99999999999999999999999")
    huge_cursor = await client.get(
        f"/api/v1/statuses/{sid}/favourited_by", params={"max_id": "9999999999999999999"}
    )

    assert (huge_path.status_code, huge_path.json()) == (404, {"error": "Record not found"})
    assert (huge_cursor.status_code, huge_cursor.json()) == (200, [])


async def test_deleting_a_reply_uncounts_it(client: httpx.AsyncClient, app) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    root = (await post(client, alice, "root"))["id"]
    reply = (await post(client, bob, "reply", in_reply_to_id=root))["id"]

    await client.delete(f"/api/v1/statuses/{reply}", headers=bob.headers)

    assert (await client.get(f"/api/v1/statuses/{root}")).json()["replies_count"] == 0
    context = (await client.get(f"/api/v1/statuses/{root}/context")).json()
    assert context == {"ancestors": [], "descendants": []}
