"""Every page, as a signed-in or signed-out browser sees it, and the forms behind them."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from tests.factories import make_actor
from tests.web.helpers import logged_in, new_client, post_form
from townsquare.models import Poll
from townsquare.models.base import utcnow
from townsquare.polls.closing import close_expired_polls

STATUS_LINK = re.compile(r'href="/@(\w+)/(\d+)"')


async def _post(client, text: str, **fields: str) -> str:
    """Post through the compose form; the id of the new status (from the redirect)."""
    response = await post_form(client, "/web/statuses", {"status": text, **fields}, page="/")
    assert response.status_code == 303, response.text
    return response.headers["location"].rsplit("/", 1)[1]


async def test_signed_out_start_page_is_the_public_timeline(app, client) -> None:
    author = new_client(app)
    await logged_in(app, author, "pub")
    await _post(author, "hello square")
    page = await client.get("/")
    assert page.status_code == 200 and "Public timeline" in page.text
    assert "hello square" in page.text
    assert (await client.get("/web/home")).headers["location"].startswith("/web/login")


async def test_compose_with_content_warning_visibility_and_poll(app, client) -> None:
    await logged_in(app, client, "ann")
    one = await post_form(
        client, "/web/statuses",
        [("status", "Which?"), ("poll[options][]", "tea"), ("poll[options][]", " "),
         ("poll[expires_in]", "3600")], page="/",
    )  # fmt: skip
    # A poll needs two options: the form's blank fields do not count.
    assert one.status_code == 422
    assert "Validation failed: Poll options must have more than one item" in one.text
    response = await post_form(
        client, "/web/statuses",
        [("status", "Tea or coffee?"), ("spoiler_text", "drinks"), ("visibility", "unlisted"),
         ("poll[options][]", "tea"), ("poll[options][]", "coffee"), ("poll[options][]", ""),
         ("poll[expires_in]", "3600")], page="/",
    )  # fmt: skip
    assert response.status_code == 303
    thread = await client.get(response.headers["location"])
    assert thread.status_code == 200
    assert '<span class="cw-label">Content warning:</span> drinks' in thread.text
    assert '<span class="badge">unlisted</span>' in thread.text
    # The author counts as having voted (as in Mastodon): results, not the ballot.
    assert 'aria-label="Poll results"' in thread.text and "coffee" in thread.text


async def test_a_bad_post_shows_the_services_message(app, client) -> None:
    await logged_in(app, client, "long")
    response = await post_form(client, "/web/statuses", {"status": "x" * 600}, page="/")
    assert response.status_code == 422
    assert "Validation failed: Text character limit of 500 exceeded" in response.text


async def test_reply_favourite_boost_and_follow(app, client) -> None:
    author = new_client(app)
    await logged_in(app, author, "author")
    status_id = await _post(author, "original post")
    await logged_in(app, client, "fan")
    thread_url = f"/@author/{status_id}"
    page = await client.get(thread_url)
    assert '<label for="reply-text">Your reply</label>' in page.text
    assert "@author " in page.text  # the reply starts with a mention
    reply = await post_form(client, "/web/statuses",
                            {"status": "@author nice", "in_reply_to_id": status_id,
                             "next": thread_url}, page=thread_url)  # fmt: skip
    assert reply.headers["location"] == thread_url
    for action in ("favourite", "boost"):
        done = await post_form(client, f"/web/statuses/{status_id}/{action}",
                               {"next": thread_url}, page=thread_url)  # fmt: skip
        assert done.status_code == 303
    page = await client.get(thread_url)
    assert "nice" in page.text
    assert 'aria-label="Undo favourite (1)"' in page.text
    assert 'aria-label="Undo boost (1)"' in page.text
    followed = await post_form(client, "/@author/follow", {}, page="/@author")
    assert followed.headers["location"] == "/@author"
    profile = await client.get("/@author")
    assert "Unfollow" in profile.text and "<strong>1</strong> followers" in profile.text
    notifications = await author.get("/web/notifications")
    for words in ("followed you", "favourited your post", "boosted your post", "mentioned you"):
        assert words in notifications.text


async def test_profile_and_settings(app, client) -> None:
    await logged_in(app, client, "prof")
    saved = await post_form(
        client, "/web/settings/profile",
        {"display_name": "Prof <b>X</b>", "note": "line one\nline two",
         "field_name_0": "site", "field_value_0": "https://example.test"}, page="/web/settings",
    )  # fmt: skip
    assert saved.headers["location"] == "/web/settings?saved=profile"
    profile = await client.get("/@prof")
    assert "Prof &lt;b&gt;X&lt;/b&gt;" in profile.text
    assert "<dt>site</dt><dd>https://example.test</dd>" in profile.text
    settings = await client.get("/web/settings")
    assert 'id="home-feed-title"' in settings.text and 'value="for-you"' in settings.text
    assert (await client.get("/@nobody")).status_code == 404


async def test_home_feed_picker_and_receipts(app, client) -> None:
    friend = new_client(app)
    await logged_in(app, friend, "friend")
    await _post(friend, "friend's news")
    await logged_in(app, client, "reader")
    await post_form(client, "/@friend/follow", {}, page="/@friend")
    page = await client.get("/?feed=for-you")
    assert page.status_code == 200
    assert '<option value="for-you" selected>' in page.text
    assert "news" in page.text
    assert "Why am I seeing this?" in page.text and "Score terms: weight \u00d7 value" in page.text
    chosen = await post_form(client, "/web/settings/home_feed", {"feed": "bridging"},
                             page="/web/settings")  # fmt: skip
    assert chosen.status_code == 303
    home = await client.get("/")
    assert '<option value="bridging" selected>Bridging (your home)</option>' in home.text
    unknown = await client.get("/?feed=nope")
    assert unknown.status_code == 400 and "Unknown feed: nope" in unknown.text


async def test_algorithm_page_and_fork(app, client) -> None:
    page = await client.get("/web/algorithm")
    assert page.status_code == 200
    assert re.search(r'<code class="hash" id="source-hash">[0-9a-f]{64}</code>', page.text)
    assert "Log in</a> to fork" in page.text
    await logged_in(app, client, "tuner")
    forked = await post_form(client, "/web/algorithm/forks",
                             {"base": "for-you", "title": "Calm", "weight_author_affinity": "2.5",
                              "weight_show_more": ""}, page="/web/algorithm")  # fmt: skip
    assert forked.status_code == 303
    feed_id = forked.headers["location"].split("=", 1)[1]
    home = await client.get(forked.headers["location"])
    assert f'<option value="{feed_id}" selected>Calm (fork of for-you)</option>' in home.text
    bad = await post_form(client, "/web/algorithm/forks",
                          {"base": "for-you", "title": "Bad", "weight_author_affinity": "lots"},
                          page="/web/algorithm")  # fmt: skip
    assert bad.status_code == 422 and "Weight author_affinity must be a number" in bad.text


async def test_vote_integrity_and_receipt(app, client) -> None:
    author = new_client(app)
    await logged_in(app, author, "pollster")
    made = await post_form(author, "/web/statuses",
                           [("status", "Pick"), ("poll[options][]", "red"),
                            ("poll[options][]", "blue"), ("poll[expires_in]", "300")],
                           page="/")  # fmt: skip
    thread_url = made.headers["location"]
    await logged_in(app, client, "voter")
    thread = await client.get(thread_url)
    poll_id = re.search(r'action="/web/polls/(\d+)/votes"', thread.text).group(1)
    voted = await post_form(client, f"/web/polls/{poll_id}/votes",
                            {"choices[]": "1", "next": thread_url}, page=thread_url)  # fmt: skip
    assert voted.status_code == 303
    after = await client.get(thread_url)
    assert "✓ blue" in after.text and "100.0% (1)" in after.text
    again = await post_form(client, f"/web/polls/{poll_id}/votes", {"choices[]": "0"},
                            page=thread_url)  # fmt: skip
    assert again.status_code == 422 and "You have already voted on this poll" in again.text
    poll_page = await client.get(f"/web/polls/{poll_id}")
    assert poll_page.status_code == 200
    assert "All ballots and ballots from established accounts" in poll_page.text
    assert '<svg class="chart" role="img"' in poll_page.text
    receipt = re.search(r'<code class="hash" id="my-receipt">([^<]+)</code>', poll_page.text).group(
        1
    )
    async with app.state.db.session() as session:
        await session.execute(
            update(Poll).where(Poll.id == int(poll_id)).values(expires_at=utcnow())
        )
        await session.commit()
    await close_expired_polls(app.state.db, app.state.settings)
    verified = await client.get(f"/web/polls/{poll_id}", params={"receipt": receipt})
    assert "is leaf 1 of 1, and its path leads to the published root" in verified.text
    assert 'id="verify-in-browser"' in verified.text
    wrong = await client.get(f"/web/polls/{poll_id}", params={"receipt": "nope"})
    assert '<p class="error">' in wrong.text


async def test_write_and_rate_a_note(app, client) -> None:
    author = new_client(app)
    await logged_in(app, author, "claimer")
    status_id = await _post(author, "the moon is cheese")
    thread_url = f"/@claimer/{status_id}"
    await logged_in(app, client, "checker", created_at=utcnow() - timedelta(days=30))
    written = await post_form(
        client, f"/web/statuses/{status_id}/notes",
        [("classification", "misinformed_or_potentially_misleading"),
         ("reasons[]", "factual_error"), ("text", "It is rock."),
         ("sources", "https://example.test/moon"), ("next", thread_url)], page=thread_url,
    )  # fmt: skip
    assert written.status_code == 303
    page = await client.get(thread_url)
    assert "It is rock." in page.text and "You wrote this note." in page.text
    rater = new_client(app)
    await logged_in(app, rater, "rater", created_at=utcnow() - timedelta(days=30))
    page = await rater.get(thread_url)
    note_id = re.search(r'action="/web/notes/(\d+)/ratings"', page.text).group(1)
    rated = await post_form(
        rater,
        f"/web/notes/{note_id}/ratings",
        {"helpfulness": "helpful", "next": thread_url},
        page=thread_url,
    )
    assert rated.status_code == 303
    page = await rater.get(thread_url)
    assert "You said: helpful." in page.text
    assert f'id="rate-{note_id}-helpful" value="helpful" checked>' in page.text
    bad = await post_form(rater, f"/web/notes/{note_id}/ratings", {"helpfulness": "meh"},
                          page=thread_url)  # fmt: skip
    assert bad.status_code == 422
    newcomer = new_client(app)
    await logged_in(app, newcomer, "newcomer")
    refused = await post_form(newcomer, f"/web/notes/{note_id}/ratings",
                              {"helpfulness": "helpful"}, page=thread_url)  # fmt: skip
    assert refused.status_code == 403
    assert "Your account must be at least 7 days old to write or rate community notes" in (
        refused.text
    )


async def test_search_and_missing_pages(app, client) -> None:
    await make_actor(app, "findme", display_name="Find Me")
    page = await client.get("/web/search", params={"q": "findme"})
    assert page.status_code == 200 and 'href="/@findme"' in page.text
    assert (await client.get("/@findme/123")).status_code == 404
    author = new_client(app)
    await logged_in(app, author, "other")
    status_id = await _post(author, "mine")
    assert (await client.get(f"/@findme/{status_id}")).status_code == 404
    assert (await client.get("/web/polls/99999999999999999999")).status_code == 404
    assert (await client.get("/web/static/app.css")).status_code == 200


async def test_home_pages_back_in_time(app, client) -> None:
    await logged_in(app, client, "scroller")
    for i in range(21):
        await _post(client, f"note number {i}")
    first = await client.get("/")
    assert "note number 20" in first.text and "note number 0<" not in first.text
    older = re.search(r'href="(/\?feed=following&amp;max_id=\d+)"', first.text).group(1)
    second = await client.get(older.replace("&amp;", "&"))
    assert "note number 0<" in second.text and "note number 20" not in second.text


async def test_show_less_from_the_receipt_panel(app, client) -> None:
    friend = new_client(app)
    await logged_in(app, friend, "loud")
    status_id = await _post(friend, "one more hot take")
    await logged_in(app, client, "quiet")
    await post_form(client, "/@loud/follow", {}, page="/@loud")
    page = await client.get("/?feed=for-you")
    assert f'action="/web/statuses/{status_id}/feedback"' in page.text
    sent = await post_form(client, f"/web/statuses/{status_id}/feedback",
                           {"feedback": "less", "next": "/?feed=for-you"}, page="/")  # fmt: skip
    assert sent.headers["location"] == "/?feed=for-you"
    after = await client.get("/?feed=for-you")
    assert "one more hot take" not in after.text  # the shown_less filter drops it
    bad = await post_form(client, f"/web/statuses/{status_id}/feedback", {"feedback": "meh"},
                          page="/")  # fmt: skip
    assert bad.status_code == 422 and "Validation failed: feedback must be more or less" in bad.text
