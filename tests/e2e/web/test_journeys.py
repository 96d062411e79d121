"""A person's journeys through the web interface in real Chromium."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

from tests.e2e.conftest import LiveServer
from tests.e2e.web.conftest import Watched
from tests.e2e.web.flows import post, sign_up, unique


def _no_script_trouble(*visitors: Watched) -> None:
    for v in visitors:
        assert v.csp_violations() == []
        assert v.dialogs == []


def test_sign_up_post_reply_follow(visitor: Watched, second_visitor: Watched) -> None:
    alice, bob = unique("alice"), unique("bob")
    sign_up(visitor, alice)
    path = post(visitor, "Hello from the square", cw="greetings")
    page = visitor.page
    assert page.get_by_text("Content warning: greetings").is_visible()
    page.get_by_text("Content warning: greetings").click()  # reveal behind the warning
    assert page.get_by_text("Hello from the square").is_visible()

    sign_up(second_visitor, bob)
    other = second_visitor.page
    second_visitor.go(f"/@{alice}")
    other.get_by_role("button", name="Follow").click()
    assert other.get_by_role("button", name="Unfollow").is_visible()
    second_visitor.go(path)
    other.get_by_label("Your reply").fill(f"@{alice} welcome!")
    other.get_by_role("button", name="Reply", exact=True).click()
    other.get_by_role("button", name="Favourite (0)").first.click()
    assert other.get_by_role("button", name="Undo favourite (1)").is_visible()
    assert other.get_by_text("welcome!").is_visible()

    visitor.go("/web/notifications")
    for words in ("followed you", "mentioned you", "favourited your post"):
        assert page.get_by_text(words).first.is_visible()
    _no_script_trouble(visitor, second_visitor)


def test_switch_feeds_and_open_a_receipt(visitor: Watched, second_visitor: Watched) -> None:
    writer, reader = unique("writer"), unique("reader")
    sign_up(visitor, writer)
    post(visitor, "Ranked news of the day")
    sign_up(second_visitor, reader)
    page = second_visitor.page
    second_visitor.go(f"/@{writer}")
    page.get_by_role("button", name="Follow").click()
    second_visitor.go("/")
    page.get_by_label("Feed", exact=True).select_option("for-you")  # submits by itself
    page.wait_for_url(re.compile(r".*feed=for-you"))
    assert page.get_by_text("Ranked news of the day").is_visible()
    page.get_by_text("Why am I seeing this?").first.click()
    assert page.get_by_text("Score terms: weight \u00d7 value").first.is_visible()
    assert page.get_by_role("rowheader", name="author_affinity").first.is_visible()
    _no_script_trouble(visitor, second_visitor)


def test_vote_read_the_integrity_view_and_verify(
    visitor: Watched, second_visitor: Watched, web_server: LiveServer
) -> None:
    author, voter = unique("asker"), unique("voter")
    sign_up(visitor, author)
    path = post(visitor, "Best season?", poll=("spring", "autumn"))
    sign_up(second_visitor, voter)
    page = second_visitor.page
    second_visitor.go(path)
    page.get_by_label("autumn").check()
    page.get_by_role("button", name="Vote").click()
    assert page.get_by_text("✓ autumn").is_visible()
    page.get_by_role("link", name="results, integrity and receipts").click()
    chart = page.get_by_role("img", name=re.compile("Share of votes per option"))
    assert chart.is_visible()
    assert page.get_by_role("img", name="Ballots cast per minute").is_visible()
    receipt = page.locator("#my-receipt").inner_text()
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,64}", receipt)

    # End the poll now (its shortest length is five minutes), let the closing job publish the
    # Merkle root, then verify the receipt on the server and again in the browser.
    poll_id = int(page.url.rsplit("/", 1)[1])
    with sqlite3.connect(Path(web_server.env["TOWNSQUARE_DATA_DIR"]) / "townsquare.db") as db:
        db.execute("UPDATE polls SET expires_at = '2000-01-01 00:00:00.000000' WHERE id = ?",
                   (poll_id,))  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        page.reload()
        if page.get_by_role("button", name="Verify").count():
            break
        time.sleep(0.5)
    assert page.get_by_label("Receipt", exact=True).input_value() == receipt
    page.get_by_role("button", name="Verify").click()
    assert page.get_by_text("is leaf 1 of 1, and its path leads to the published root").is_visible()
    page.get_by_text("The proof, step by step").click()
    page.get_by_role("button", name="Recompute in this browser").click()
    verdict = page.locator("#browser-verdict")
    verdict.get_by_text("Recomputed in your browser: the path leads").wait_for()
    _no_script_trouble(visitor, second_visitor)


def test_write_and_rate_a_note(visitor: Watched, second_visitor: Watched) -> None:
    author, checker = unique("claim"), unique("checker")
    sign_up(visitor, author)
    path = post(visitor, "Water boils at 50 degrees")
    sign_up(second_visitor, checker)
    page = second_visitor.page
    second_visitor.go(path)
    page.get_by_text("Write a note").click()
    page.get_by_label("factual error").check()
    page.get_by_label("Note", exact=True).fill("At sea level water boils at 100 °C.")
    page.get_by_label("Sources (links, one per line)").fill("https://example.test/boiling")
    page.get_by_role("button", name="Add note").click()
    assert page.get_by_text("At sea level water boils at 100 °C.").is_visible()
    assert page.get_by_text("You wrote this note.").is_visible()

    rater = unique("rater")
    visitor.page.context.clear_cookies()
    sign_up(visitor, rater)
    visitor.go(path)
    visitor.page.get_by_label("Yes").check()
    visitor.page.get_by_role("button", name="Rate").click()
    assert visitor.page.get_by_text("You said: helpful.").is_visible()
    _no_script_trouble(visitor, second_visitor)


def test_fork_a_feed_and_choose_it(visitor: Watched) -> None:
    sign_up(visitor, unique("tuner"))
    visitor.go("/web/algorithm")
    page = visitor.page
    assert re.fullmatch(r"[0-9a-f]{64}", page.locator("#source-hash").inner_text())
    page.locator("#for-you-weight-author_affinity").fill("3")
    page.get_by_label("Name of your fork").first.fill("Close friends")
    page.get_by_role("button", name="Fork “For you”").click()
    page.wait_for_url(re.compile(r".*/\?feed=\d+"))
    assert page.get_by_label("Feed", exact=True).input_value().isdigit()
    visitor.go("/web/settings")
    page.get_by_label("Close friends (fork of for-you)").check()
    page.get_by_role("button", name="Use this feed").click()
    assert page.get_by_role("status").get_by_text("Saved.").is_visible()
    _no_script_trouble(visitor)


def test_theme_toggle_and_keyboard(visitor: Watched) -> None:
    visitor.go("/web/public")
    page = visitor.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    toggle = page.locator("#theme-toggle")
    before = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle.focus()
    page.keyboard.press("Enter")
    after = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert before != after
    assert page.evaluate("document.documentElement.dataset.theme") in ("dark", "light")
    visitor.go("/web/public")  # the choice is remembered
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == after
    page.set_viewport_size({"width": 380, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
