"""The moderation and tip jar pages: transparency log, policy, filters, label preferences,
mutes, and the tip jar on profiles, posts and settings."""

from __future__ import annotations

import re

from tests.factories import make_actor
from tests.moderation.helpers import act, moderator
from tests.tips.support import DOGE, LIGHTNING
from tests.web.helpers import logged_in, new_client, post_form

BAD_DOGE = "1AGNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62i"


async def _post(client, text: str) -> str:
    response = await post_form(client, "/web/statuses", {"status": text}, page="/")
    assert response.status_code == 303, response.text
    return response.headers["location"].rsplit("/", 1)[1]


async def test_transparency_log_shows_entries_and_verified_chain(app, client) -> None:
    empty = await client.get("/web/transparency")
    assert empty.status_code == 200
    assert "✓ verified: 0 entries, the chain is intact." in empty.text
    assert "no moderation action has been taken" in empty.text
    author = await make_actor(app, "spammer")
    status = await client.post("/api/v1/statuses", headers=author.headers,
                               json={"status": "buy now"})  # fmt: skip
    mod = await moderator(app, "mod")
    await act(client, mod, "remove", status_id=status.json()["id"], rule_id="1",
              reason="Spam <b>links</b>")  # fmt: skip
    page = await client.get("/web/transparency")
    assert "✓ verified: 1 entry, the chain is intact." in page.text
    row = re.search(r'<tr id="entry-1">(.*?)</tr>', page.text, re.S)
    assert row is not None
    assert "<code>remove</code>" in row.group(1) and "Spam &lt;b&gt;links&lt;/b&gt;" in row.group(1)
    assert f"<code>{status.json()['id']}</code>" in row.group(1)
    log = (await client.get("/api/townsquare/v1/transparency/log")).json()
    assert log[0]["hash"] in page.text  # the head hash, in full
    assert log[0]["legal_basis"] in row.group(1)
    assert '<a href="/web/transparency" aria-current="page">Transparency log</a>' in page.text


async def test_transparency_page_names_a_broken_chain(app, client) -> None:
    from sqlalchemy import update

    from townsquare.models import LogEntry

    author = await make_actor(app, "victim")
    status = await client.post("/api/v1/statuses", headers=author.headers,
                               json={"status": "hi"})  # fmt: skip
    mod = await moderator(app, "mod2")
    await act(client, mod, "remove", status_id=status.json()["id"], rule_id="1", reason="spam")
    async with app.state.db.session() as session:
        await session.execute(update(LogEntry).values(reason="edited later"))
        await session.commit()
    page = await client.get("/web/transparency")
    assert "✗ mismatch at entry 1: entry 1: hash does not match its content" in page.text


async def test_policy_page(client) -> None:
    page = await client.get("/web/policy")
    assert page.status_code == 200
    policy = (await client.get("/api/townsquare/v1/policy")).json()
    for rule in policy["rules"]:
        assert f'<li id="rule-{rule["id"]}">' in page.text
        assert rule["legal_basis"] in page.text
    assert "<code>graphic-media</code>" in page.text


async def test_filter_hides_a_post_on_home_and_can_be_deleted(app, client) -> None:
    await logged_in(app, client, "reader")
    await _post(client, "I like spoilers for the finale")
    await _post(client, "nice weather")
    assert "spoilers for the finale" in (await client.get("/web/home?feed=following")).text
    created = await post_form(client, "/web/settings/filters",
                              [("title", "No <spoilers>"), ("keywords", "spoilers\nfinale"),
                               ("context[]", "home"), ("filter_action", "hide"),
                               ("expires_in", "")], page="/web/settings")  # fmt: skip
    assert created.status_code == 303
    settings = await client.get("/web/settings")
    assert "<strong>No &lt;spoilers&gt;</strong>" in settings.text
    assert '<code class="keyword">spoilers</code>' in settings.text
    home = await client.get("/web/home?feed=following")
    assert "spoilers for the finale" not in home.text and "nice weather" in home.text
    ranked = await client.get("/web/home?feed=for-you")
    assert ranked.status_code == 200 and "spoilers for the finale" not in ranked.text
    filter_id = re.search(r'<li id="filter-(\d+)">', settings.text).group(1)
    deleted = await post_form(client, f"/web/settings/filters/{filter_id}/delete", {},
                              page="/web/settings")  # fmt: skip
    assert deleted.status_code == 303
    assert "spoilers for the finale" in (await client.get("/web/home?feed=following")).text


async def test_warn_filter_puts_a_warning_and_bad_filter_shows_the_message(app, client) -> None:
    await logged_in(app, client, "warned")
    await _post(client, "politics again")
    await post_form(client, "/web/settings/filters",
                    [("title", "Politics"), ("keywords", "politics"), ("context[]", "home"),
                     ("filter_action", "warn")], page="/web/settings")  # fmt: skip
    home = await client.get("/web/home?feed=following")
    assert '<span class="cw-label">Filtered:</span> Politics' in home.text
    bad = await post_form(client, "/web/settings/filters",
                          [("title", ""), ("keywords", "x")], page="/web/settings")  # fmt: skip
    assert bad.status_code == 422
    assert ("Validation failed: Title can&#39;t be blank, Context can&#39;t be blank, "
            "Context None or invalid context supplied") in bad.text  # fmt: skip


async def test_label_preferences_and_mutes(app, client) -> None:
    me = await logged_in(app, client, "chooser")
    page = await client.get("/web/settings")
    assert (
        'id="label-graphic-media-warn" name="label_graphic-media" value="warn" checked' in page.text
    )
    saved = await post_form(client, "/web/settings/labels", {"label_graphic-media": "hide"},
                            page="/web/settings")  # fmt: skip
    assert saved.status_code == 303
    page = await client.get("/web/settings")
    assert (
        'id="label-graphic-media-hide" name="label_graphic-media" value="hide" checked' in page.text
    )
    bad = await post_form(client, "/web/settings/labels", {"label_graphic-media": "never"},
                          page="/web/settings")  # fmt: skip
    assert bad.status_code == 422
    assert "Validation failed: the setting for graphic-media must be hide, warn or show" in bad.text
    loud = await make_actor(app, "loud")
    muted = await client.post(f"/api/v1/accounts/{loud.id}/mute", headers=me.headers)
    assert muted.status_code == 200
    page = await client.get("/web/settings")
    assert 'aria-label="Unmute @loud"' in page.text
    gone = await post_form(client, "/web/settings/mutes/loud/unmute", {}, page="/web/settings")
    assert gone.status_code == 303
    assert 'aria-label="Unmute @loud"' not in (await client.get("/web/settings")).text


async def test_tip_jar_settings_profile_and_post(app, client) -> None:
    await logged_in(app, client, "tipped")
    bad = await post_form(client, "/web/settings/tip_jar", {"dogecoin": BAD_DOGE},
                          page="/web/settings")  # fmt: skip
    assert bad.status_code == 422
    assert (
        "Validation failed: dogecoin address is a Bitcoin address, not a Dogecoin one" in bad.text
    )
    saved = await post_form(client, "/web/settings/tip_jar",
                            {"dogecoin": DOGE, "bitcoin": "", "lightning": LIGHTNING},
                            page="/web/settings")  # fmt: skip
    assert saved.status_code == 303
    settings = await client.get("/web/settings")
    assert f'name="dogecoin" value="{DOGE}"' in settings.text
    assert f"<td>(none)</td><td><code>{DOGE}</code></td>" in settings.text  # the history
    status_id = await _post(client, "thanks for reading")
    reader = new_client(app)
    profile = await reader.get("/@tipped")
    account_id = (await reader.get("/api/v1/accounts/lookup?acct=tipped")).json()["id"]
    assert f'<code class="address" id="tip-dogecoin-address">{DOGE}</code>' in profile.text
    assert f'src="/api/townsquare/v1/tip_jar/{account_id}/dogecoin/qr.svg"' in profile.text
    assert f'href="dogecoin:{DOGE}?label=%40tipped%40' in profile.text
    assert 'href="lightning:alice@pay.example.com"' in profile.text
    assert 'data-copy-target="tip-dogecoin-address"' in profile.text
    qr = await reader.get(f"/api/townsquare/v1/tip_jar/{account_id}/dogecoin/qr.svg")
    assert qr.status_code == 200 and qr.headers["content-type"].startswith("image/svg+xml")
    thread = await reader.get(f"/@tipped/{status_id}")
    assert 'class="tip-link"' in thread.text
    assert (
        "message=Tip%20for%20http%3A%2F%2F" in thread.text
        and f"%2F%40tipped%2F{status_id}" in thread.text
    )
    cleared = await post_form(client, "/web/settings/tip_jar", {"dogecoin": "", "lightning": ""},
                              page="/web/settings")  # fmt: skip
    assert cleared.status_code == 303
    assert "Tip jar" not in (await reader.get("/@tipped")).text.split("<h2>Posts</h2>")[0]


async def test_new_forms_need_csrf_and_a_session(app, client) -> None:
    for path in ("/web/settings/filters", "/web/settings/labels", "/web/settings/tip_jar"):
        signed_out = await client.post(path, data={})
        assert signed_out.status_code in (303, 403)
    await logged_in(app, client, "csrf")
    forged = await client.post("/web/settings/tip_jar", data={"dogecoin": DOGE})
    assert forged.status_code == 403
    assert f'value="{DOGE}"' not in (await client.get("/web/settings")).text


async def test_thread_filter_hides_replies_but_shows_the_post_asked_for(app, client) -> None:
    await logged_in(app, client, "threader")
    top = await _post(client, "a post about chess")
    reply = await post_form(client, "/web/statuses",
                            {"status": "chess openings are dull", "in_reply_to_id": top},
                            page="/")  # fmt: skip
    assert reply.status_code == 303
    await post_form(client, "/web/settings/filters",
                    [("title", "Chess"), ("keywords", "chess"), ("context[]", "thread"),
                     ("filter_action", "hide")], page="/web/settings")  # fmt: skip
    thread = await client.get(f"/@threader/{top}")
    assert thread.status_code == 200
    assert '<span class="cw-label">Filtered:</span> Chess' in thread.text  # the post itself
    assert "chess openings are dull" not in thread.text  # the reply, hidden


async def test_label_preference_hide_takes_a_labelled_post_off_home(app, client) -> None:
    await logged_in(app, client, "viewer")
    status_id = await _post(client, "an injury, described")
    mod = await moderator(app, "labeller")
    await act(client, mod, "label", status_id=status_id, rule_id="5", reason="gore",
              label="graphic-media")  # fmt: skip
    home = await client.get("/web/home?feed=following")
    assert '<span class="badge label">graphic-media</span>' in home.text
    assert "an injury, described" in home.text  # default: warn
    await post_form(client, "/web/settings/labels", {"label_graphic-media": "hide"},
                    page="/web/settings")  # fmt: skip
    assert "an injury, described" not in (await client.get("/web/home?feed=following")).text


async def test_notifications_explain_tip_jar_changes_and_moderation(app, client) -> None:
    me = await logged_in(app, client, "notified")
    await post_form(client, "/web/settings/tip_jar", {"dogecoin": DOGE}, page="/web/settings")
    status = await client.post("/api/v1/statuses", headers=me.headers, json={"status": "oops"})
    mod = await moderator(app, "warner")
    await act(client, mod, "remove", status_id=status.json()["id"], rule_id="1",
              reason="Private <data>")  # fmt: skip
    page = await client.get("/web/notifications")
    assert page.status_code == 200
    assert "<strong>Your tip jar changed</strong>" in page.text
    assert f"Dogecoin: set to <code>{DOGE}</code> by townsquare web" in page.text
    assert "<strong>A moderator acted on your account or post</strong>" in page.text
    assert "Rule 1: No content that is illegal where this server operates." in page.text
    assert "Private &lt;data&gt;" in page.text
