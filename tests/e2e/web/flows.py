"""What a person does in the browser, step by step."""

from __future__ import annotations

import itertools
import re

from tests.e2e.web.conftest import Watched

PASSWORD = "a long password"
_names = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_names)}_{id(_names) % 10000}"


def sign_up(v: Watched, username: str) -> None:
    v.go("/web/signup")
    v.page.get_by_label("Username").fill(username)
    v.page.get_by_label("Email").fill(f"{username}@example.test")
    v.page.get_by_label("Password").fill(PASSWORD)
    v.page.get_by_label("I agree to the server rules").check()
    v.page.get_by_role("button", name="Sign up").click()
    v.page.wait_for_url(v.base + "/")


def post(v: Watched, text: str, *, cw: str = "", poll: tuple[str, ...] = ()) -> str:
    """Post from the home page; the new post's path."""
    v.go("/")
    v.page.get_by_label("What is happening?").fill(text)
    if cw or poll:
        v.page.get_by_text("Content warning, visibility, poll").click()
    if cw:
        v.page.get_by_label("Content warning (optional)").fill(cw)
    for i, option in enumerate(poll):
        v.page.get_by_label(f"Option {i + 1}", exact=True).fill(option)
    v.page.get_by_role("button", name="Post", exact=True).click()
    v.page.wait_for_url(re.compile(r".*/@\w+/\d+$"))
    return v.page.url.removeprefix(v.base)
