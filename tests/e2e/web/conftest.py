"""A real server and Debian's Chromium, driven by Playwright, for the web interface.

The browser is ``/usr/bin/chromium`` (``make install-browser`` installs it; Playwright's own
browser downloads are never used). Every page records dialogs, console errors and
Content-Security-Policy violations, so a test can assert that no injected script ran.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bench.server import Server

from tests.e2e.conftest import LiveServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WATCH = """
window.__xss = undefined;
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || ''));
});
"""


@dataclass
class Watched:
    """A page and what it saw: dialogs opened and console errors."""

    page: Any
    base: str
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def go(self, path: str) -> Any:
        return self.page.goto(self.base + path)

    def csp_violations(self) -> list[str]:
        return list(self.page.evaluate("window.__csp || []"))

    def xss_flag(self) -> Any:
        return self.page.evaluate("window.__xss")


@pytest.fixture(scope="session")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder: Path = tmp_path_factory.mktemp("e2e-web")
    env = {
        "TOWNSQUARE_DATA_DIR": str(folder),
        "TOWNSQUARE_RATE_LIMITS": "off",
        "TOWNSQUARE_DATABASE_URL": "",
        "TOWNSQUARE_NOTES_MIN_ACCOUNT_AGE_DAYS": "0",  # new accounts may write notes here
        "TOWNSQUARE_POLL_CLOSE_INTERVAL_SECONDS": "0.5",  # a poll ended by hand closes soon
    }
    migrated = LiveServer("", env).cli("migrate")
    assert migrated.returncode == 0, migrated.stderr
    with Server(env, folder / "server.log", workers=1) as server:
        yield LiveServer(server.url, server.env)


@pytest.fixture
def browser() -> Iterator[Any]:
    """A browser per test: Playwright's sync API holds an event loop while it is open, which
    other tests in the same worker (that call ``asyncio.run``) must not find running."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make install-browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_page(browser: Any, base: str) -> Watched:
    """A fresh browser context (its own cookies) with the watchers installed."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    page.set_default_timeout(15_000)
    watched = Watched(page, base)

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    return watched


@pytest.fixture
def visitor(browser: Any, web_server: LiveServer) -> Iterator[Watched]:
    watched = open_page(browser, web_server.url)
    yield watched
    watched.page.context.close()


@pytest.fixture
def second_visitor(browser: Any, web_server: LiveServer) -> Iterator[Watched]:
    watched = open_page(browser, web_server.url)
    yield watched
    watched.page.context.close()
