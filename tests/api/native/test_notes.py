"""Community notes API: writing, reading, deleting and rating, with the exact errors."""

from __future__ import annotations

from datetime import timedelta

import httpx

from tests.factories import make_actor
from tests.notes.support import API, SOURCE, eligible, post, rate, write_note
from townsquare.models.base import utcnow


async def test_write_a_note_and_read_it_back(client: httpx.AsyncClient, app) -> None:
    author, writer = await eligible(app, "author"), await eligible(app, "writer")
    status = await post(client, author)

    response = await write_note(
        client, writer, status["id"], text="Context: see https://example.com/report for the data"
    )

    assert response.status_code == 200, response.text
    note = response.json()
    assert note["classification"] == "misinformed_or_potentially_misleading"
    assert note["reasons"] == ["factual_error"]
    assert note["sources"] == [SOURCE, "https://example.com/report"]  # URLs in the text count
    assert note["status"] == "needs_more_ratings"
    assert note["intercept"] is None and note["factor"] is None
    assert note["written_by_you"] is True
    assert note["link"] == f"http://ts.test{API}/notes/{note['id']}"
    listed = (await client.get(f"{API}/statuses/{status['id']}/notes")).json()
    assert [n["id"] for n in listed] == [note["id"]]
    assert listed[0]["written_by_you"] is False  # anonymous reader; authors are not named
    assert "account" not in listed[0]


async def test_note_validation_errors(client: httpx.AsyncClient, app) -> None:
    author, writer = await eligible(app, "author"), await eligible(app, "writer")
    status_id = (await post(client, author))["id"]
    cases = [
        ({"classification": "fake"}, "Validation failed: classification must be "
         "misinformed_or_potentially_misleading or not_misleading"),
        ({"reasons": []}, "Validation failed: reasons must name at least one reason"),
        ({"reasons": ["personal_opinion"]}, "Validation failed: reasons contains "
         "'personal_opinion'; allowed: other, factual_error, manipulated_media, "
         "outdated_information, missing_important_context, unverified_claim_as_fact, satire"),
        ({"text": "   "}, "Validation failed: text can't be blank"),
        ({"text": "x" * 281}, "Validation failed: text is too long (maximum is 280 characters)"),
        ({"sources": []}, "Validation failed: a note that calls a post misleading needs at "
         "least one source URL"),
        ({"sources": ["ftp://x"]}, "Validation failed: source 'ftp://x' is not an http(s) URL"),
    ]  # fmt: skip
    for overrides, message in cases:
        response = await write_note(client, writer, status_id, **overrides)
        assert (response.status_code, response.json()) == (422, {"error": message}), overrides
    missing = await client.post(
        f"{API}/statuses/{status_id}/notes", headers=writer.headers, json={"text": "x"}
    )
    assert missing.json() == {"error": "Missing required parameter: classification"}
    not_misleading = await write_note(
        client, writer, status_id, classification="not_misleading",
        reasons=["personal_opinion"], sources=[],
    )  # fmt: skip
    assert not_misleading.status_code == 200  # no source needed to say a post is fine
    again = await write_note(client, writer, status_id)
    assert again.json() == {"error": "You have already written a note on this post"}


async def test_only_eligible_accounts_write_and_rate(client: httpx.AsyncClient, app) -> None:
    author = await eligible(app, "author")
    status_id = (await post(client, author))["id"]
    newcomer = await make_actor(app, "newcomer", created_at=utcnow() - timedelta(days=6))

    response = await write_note(client, newcomer, status_id)

    assert response.status_code == 403
    assert response.json() == {
        "error": "Your account must be at least 7 days old to write or rate community notes"
    }
    note = (await write_note(client, await eligible(app, "writer"), status_id)).json()
    rating = await rate(client, newcomer, note["id"], "helpful")
    assert rating.status_code == 403
    assert rating.json()["error"].startswith("Your account must be at least 7 days old")
    anonymous = await client.post(
        f"{API}/notes/{note['id']}/ratings", json={"helpfulness": "helpful"}
    )
    assert anonymous.status_code == 401


async def test_one_rating_per_rater_changeable_never_on_your_own_note(
    client: httpx.AsyncClient, app
) -> None:
    author, writer, rater = [await eligible(app, n) for n in ("author", "writer", "rater")]
    status_id = (await post(client, author))["id"]
    note_id = (await write_note(client, writer, status_id)).json()["id"]

    first = await rate(client, rater, note_id, "helpful", helpful_tags=["good_sources", "clear"])
    second = await rate(client, rater, note_id, "not_helpful", not_helpful_tags=["incorrect"])
    own = await rate(client, writer, note_id, "helpful")

    assert first.status_code == second.status_code == 200
    assert second.json()["id"] == first.json()["id"]  # the same rating, changed
    assert second.json()["helpfulness"] == "not_helpful"
    assert second.json()["value"] == 0.0
    assert second.json()["not_helpful_tags"] == ["incorrect"]
    assert (own.status_code, own.json()) == (403, {"error": "You cannot rate your own note"})
    detail = (await client.get(f"{API}/notes/{note_id}", headers=rater.headers)).json()
    assert detail["current_ratings"] == {"helpful": 0, "somewhat_helpful": 0, "not_helpful": 1}
    assert detail["your_rating"]["helpfulness"] == "not_helpful"
    removed = await client.delete(f"{API}/notes/{note_id}/ratings", headers=rater.headers)
    assert removed.status_code == 200
    gone = await client.delete(f"{API}/notes/{note_id}/ratings", headers=rater.headers)
    assert (gone.status_code, gone.json()) == (404, {"error": "You have not rated this note"})


async def test_rating_validation_errors(client: httpx.AsyncClient, app) -> None:
    author, writer, rater = [await eligible(app, n) for n in ("author", "writer", "rater")]
    note_id = (await write_note(client, writer, (await post(client, author))["id"])).json()["id"]
    cases = [
        ({"helpfulness": "meh"}, "Validation failed: helpfulness must be helpful, "
         "somewhat_helpful or not_helpful"),
        ({"helpfulness": "helpful", "helpful_tags": ["funny"]}, "Validation failed: helpful_tags "
         "contains 'funny'; allowed: other, clear, good_sources, addresses_claim, "
         "important_context, unbiased_language"),
        ({"helpfulness": "helpful", "not_helpful_tags": ["incorrect"]},
         "Validation failed: not_helpful_tags do not go with a helpful rating"),
        ({"helpfulness": "not_helpful", "helpful_tags": ["clear"]},
         "Validation failed: helpful_tags do not go with a not_helpful rating"),
    ]  # fmt: skip
    for body, message in cases:
        response = await client.post(
            f"{API}/notes/{note_id}/ratings", headers=rater.headers, json=body
        )
        assert (response.status_code, response.json()) == (422, {"error": message}), body
    both = await rate(
        client, rater, note_id, "somewhat_helpful",
        helpful_tags=["clear"], not_helpful_tags=["missing_key_points"],
    )  # fmt: skip
    assert both.status_code == 200 and both.json()["value"] == 0.5


async def test_only_the_author_deletes_a_note(client: httpx.AsyncClient, app) -> None:
    author, writer, rater = [await eligible(app, n) for n in ("author", "writer", "rater")]
    note_id = (await write_note(client, writer, (await post(client, author))["id"])).json()["id"]
    await rate(client, rater, note_id, "helpful")

    refused = await client.delete(f"{API}/notes/{note_id}", headers=rater.headers)
    deleted = await client.delete(f"{API}/notes/{note_id}", headers=writer.headers)

    assert (refused.status_code, refused.json()) == (
        403, {"error": "Only the author of a note can delete it"},
    )  # fmt: skip
    assert deleted.status_code == 200
    assert (await client.get(f"{API}/notes/{note_id}")).status_code == 404


async def test_notes_follow_the_visibility_of_their_post(client: httpx.AsyncClient, app) -> None:
    author, writer = await eligible(app, "author"), await eligible(app, "writer")
    private = await post(client, author, "followers only", visibility="private")
    direct = await post(client, author, "hi @writer", visibility="direct")

    hidden = await write_note(client, writer, private["id"])
    not_public = await write_note(client, writer, direct["id"])

    assert (hidden.status_code, hidden.json()) == (404, {"error": "Record not found"})
    assert (not_public.status_code, not_public.json()) == (
        422, {"error": "Community notes can only be written on public posts"},
    )  # fmt: skip
    assert (await client.get(f"{API}/notes/99999")).status_code == 404
    assert (await client.get(f"{API}/notes/abc")).status_code == 404
