"""``make screenshots``: a PNG of every page into docs/screenshots/, from a fresh server.

Seeds a small square through the browser itself (two people, posts, a poll with a vote, a
community note, a fork), then photographs each page at a desktop width, plus the home page
in the dark theme and on a phone.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench.server import Server, townsquare_command
from playwright.sync_api import sync_playwright

from tests.e2e.web.conftest import CHROMIUM, CHROMIUM_ARGS, Watched
from tests.e2e.web.flows import post, sign_up
from tests.tips.support import DOGE

OUT = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def _seed(ada: Watched, ben: Watched) -> dict[str, str]:
    sign_up(ada, "ada")
    ada.go("/web/settings")
    ada.page.get_by_label("Display name").fill("Ada Lovelace")
    ada.page.get_by_label("Bio").fill("Writes about engines, numbers and public squares.")
    ada.page.locator("#field_name_0").fill("Site")
    ada.page.locator("#field_value_0").fill("https://example.test/ada")
    ada.page.get_by_role("button", name="Save profile").click()
    ada.go("/web/settings#tip-jar")
    ada.page.get_by_label("Dogecoin address").fill(DOGE)
    ada.page.get_by_role("button", name="Save tip jar").click()
    claim = post(ada, "The analytical engine will compose music one day. #engines")
    post(ada, "Spoilers for the end of the book.", cw="book ending")
    poll = post(ada, "Which should the square build next?", poll=("Search", "Lists", "Quotes"))
    sign_up(ben, "ben")
    for path in ("/@ada",):
        ben.go(path)
        ben.page.get_by_role("button", name="Follow").click()
    post(ben, "Good morning, square! Reading the algorithm page with coffee.")
    doxx = post(ben, "My neighbour lives at 12 Example Road, phone 555 0100. Go tell him.")
    ben.go(poll)
    ben.page.get_by_label("Lists").check()
    ben.page.get_by_role("button", name="Vote").click()
    ben.go(claim)
    ben.page.get_by_label("Your reply").fill("@ada I would listen to that.")
    ben.page.get_by_role("button", name="Reply", exact=True).click()
    ben.page.get_by_role("button", name="Favourite (0)").first.click()
    ben.page.get_by_text("Write a note").click()
    ben.page.get_by_label("missing important context").check()
    ben.page.get_by_label("Note", exact=True).fill(
        "Lovelace wrote this as a possibility in her 1843 notes, not as a prediction."
    )
    ben.page.get_by_label("Sources (links, one per line)").fill("https://example.test/notes-1843")
    ben.page.get_by_role("button", name="Add note").click()
    ben.go("/web/algorithm")
    ben.page.locator("#for-you-weight-author_affinity").fill("2")
    ben.page.get_by_label("Name of your fork").first.fill("Close friends")
    ben.page.get_by_role("button", name="Fork “For you”").click()
    ben.go("/web/settings#filters")
    ben.page.get_by_label("Title").fill("Book spoilers")
    ben.page.get_by_label("Keywords (one per line)").fill("spoilers")
    ben.page.get_by_role("button", name="Add filter").click()
    ben.go(poll)
    link = ben.page.get_by_role("link", name="results, integrity and receipts")
    return {"claim": claim, "poll": link.get_attribute("href") or "/", "doxx": doxx}


def _moderate(env: dict[str, str], status_path: str) -> None:
    """A moderator removes a post from the shell, so the transparency log has an entry."""
    status_id = status_path.rsplit("/", 1)[1]
    steps = [["create-user", "mod", "--email", "mod@example.test", "--password",
              "a long password", "--role", "moderator"],
             ["moderation", "act", "remove", "--status", status_id, "--rule", "1",
              "--reason", "Publishes a private person's address without consent.",
              "--as", "mod"]]  # fmt: skip
    for step in steps:
        done = subprocess.run([*townsquare_command(), *step], env={**env},
                              capture_output=True, text=True, check=False)  # fmt: skip
        if done.returncode:
            sys.exit(done.stderr)


def _shoot(v: Watched, path: str, name: str, *, open_details: str | None = None) -> None:
    v.go(path)
    if open_details:
        v.page.locator(open_details).first.evaluate("d => d.open = true")
    v.page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    print(f"docs/screenshots/{name}.png")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="townsquare-shots-"))
    env = {"TOWNSQUARE_DATA_DIR": str(folder), "TOWNSQUARE_RATE_LIMITS": "off",
           "TOWNSQUARE_DATABASE_URL": "", "TOWNSQUARE_NOTES_MIN_ACCOUNT_AGE_DAYS": "0"}  # fmt: skip
    migrated = subprocess.run([*townsquare_command(), "migrate"], env={**env},
                              capture_output=True, text=True, check=False)  # fmt: skip
    if migrated.returncode:
        sys.exit(migrated.stderr)
    with Server(env, folder / "server.log", workers=1) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        views = []
        for _ in range(3):
            context = browser.new_context(viewport={"width": 1100, "height": 800},
                                          color_scheme="light")  # fmt: skip
            views.append(Watched(context.new_page(), server.url))
        ada, ben, guest = views
        paths = _seed(ada, ben)
        _moderate(server.env, paths["doxx"])
        _shoot(guest, "/web/public", "public")
        _shoot(guest, "/web/signup", "signup")
        _shoot(guest, "/web/login", "login")
        _shoot(ben, "/", "home")
        _shoot(ben, "/?feed=for-you", "home-for-you-receipt", open_details="details.receipt")
        _shoot(ben, paths["claim"], "thread-notes", open_details="details.write-note")
        _shoot(ben, "/@ada", "profile")
        _shoot(ada, "/web/notifications", "notifications")
        _shoot(ben, "/web/search?q=ada", "search")
        _shoot(ben, "/web/algorithm", "algorithm")
        _shoot(ben, paths["poll"], "poll-integrity")
        _shoot(ben, "/web/settings", "settings")
        _shoot(guest, "/web/transparency", "transparency")
        _shoot(guest, "/web/policy", "policy")
        _shoot(ada, "/web/settings#tip-jar", "settings-tip-jar")
        _shoot(guest, "/@ada", "profile-tip-jar")
        dark = browser.new_context(viewport={"width": 1100, "height": 800}, color_scheme="dark")
        dark_view = Watched(dark.new_page(), server.url)
        dark_view.page.context.add_cookies(ben.page.context.cookies())
        _shoot(dark_view, "/", "home-dark")
        phone = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="light")
        phone_view = Watched(phone.new_page(), server.url)
        phone_view.page.context.add_cookies(ben.page.context.cookies())
        _shoot(phone_view, paths["claim"], "thread-phone")
        browser.close()


if __name__ == "__main__":
    main()
