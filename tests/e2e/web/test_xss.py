"""Hostile text in every field a user controls, shown on every page: no script may run.

Each page records dialogs and Content-Security-Policy violations (an injected inline script
or event handler would be blocked by the policy and reported), and the test also checks
that no injected element reached the DOM and that the payloads show up as plain text.
"""

from __future__ import annotations

import re

from tests.e2e.web.conftest import Watched
from tests.e2e.web.flows import sign_up, unique

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=__xss=1 id=xss-marker>",
    '"><svg onload=__xss=1 id=xss-marker>',
    "'><b id=xss-marker onclick=__xss=1>b</b>",
    "</textarea><script>__xss=1</script>",
    "javascript:__xss=1",
    "{{7*7}} ${7*7} {% raw %}",
]
SHORT = "<img src=x onerror=__xss=1>"  # display names hold 30 characters
CHECK = """() => ({
  flag: window.__xss,
  csp: window.__csp || [],
  markers: document.querySelectorAll('#xss-marker').length,
  inlineScripts: Array.from(document.scripts).filter(s => !s.src).length,
  text: document.body.innerText,
})"""


def _assert_clean(v: Watched, path: str, shown: list[str] = ()) -> None:  # type: ignore[assignment]
    v.go(path)
    seen = v.page.evaluate(CHECK)
    assert seen["flag"] is None, path
    assert seen["csp"] == [], (path, seen["csp"])
    assert seen["markers"] == 0 and seen["inlineScripts"] == 0, path
    for text in shown:
        assert text in seen["text"], (path, text)
    assert v.dialogs == []


def _fill_profile(v: Watched) -> None:
    v.go("/web/settings")
    page = v.page
    page.get_by_label("Display name").fill(SHORT)
    page.get_by_label("Bio").fill("\n".join(PAYLOADS))
    for i in range(4):
        page.locator(f"#field_name_{i}").fill(PAYLOADS[i][:255])
        page.locator(f"#field_value_{i}").fill(PAYLOADS[i + 2][:255])
    page.get_by_role("button", name="Save profile").click()
    assert page.get_by_text("Saved.").is_visible()


def _post_everything(v: Watched) -> str:
    page = v.page
    v.go("/")
    page.get_by_label("What is happening?").fill(" ".join(PAYLOADS))
    page.get_by_text("Content warning, visibility, poll").click()
    page.get_by_label("Content warning (optional)").fill(PAYLOADS[1])
    for i in range(4):
        page.get_by_label(f"Option {i + 1}", exact=True).fill(PAYLOADS[i][:50])
    page.get_by_role("button", name="Post", exact=True).click()
    page.wait_for_url(re.compile(r".*/@\w+/\d+$"))
    return page.url.removeprefix(v.base)


def _note(v: Watched, path: str) -> None:
    v.go(path)
    page = v.page
    page.get_by_text("Write a note").click()
    page.get_by_label("factual error").check()
    page.get_by_label("Note", exact=True).fill("\n".join(PAYLOADS))
    page.get_by_label("Sources (links, one per line)").fill("https://example.test/source")
    page.get_by_role("button", name="Add note").click()
    assert page.get_by_text("You wrote this note.").is_visible()
    # A hostile source is refused, and the refusal shows it as text.
    page.get_by_text("Write a note").click()
    page.get_by_label("factual error").check()
    page.get_by_label("Note", exact=True).fill("again")
    page.get_by_label("Sources (links, one per line)").fill(
        'javascript:__xss=1//"><b id=xss-marker>'
    )
    page.get_by_role("button", name="Add note").click()
    assert page.get_by_text("is not an http(s) URL").is_visible()


def _fork(v: Watched) -> None:
    v.go("/web/algorithm")
    page = v.page
    page.get_by_label("Name of your fork").first.fill(PAYLOADS[2])
    page.get_by_label("Description (optional)").first.fill(PAYLOADS[0])
    page.get_by_role("button", name="Fork “For you”").click()
    page.wait_for_url(re.compile(r".*feed=\d+"))


def test_no_payload_runs_anywhere(visitor: Watched, second_visitor: Watched) -> None:
    author = unique("xss")
    sign_up(visitor, author)
    _fill_profile(visitor)
    path = _post_everything(visitor)
    _fork(visitor)
    sign_up(second_visitor, unique("xssnote"))
    _note(second_visitor, path)
    second_visitor.go(f"/@{author}")
    second_visitor.page.get_by_role("button", name="Follow").click()

    pages = ["/", "/?feed=for-you", "/web/public", f"/@{author}", path, "/web/algorithm",
             "/web/settings", "/web/notifications"]  # fmt: skip
    for page_path in pages:
        _assert_clean(visitor, page_path)
    _assert_clean(visitor, path, [PAYLOADS[1], PAYLOADS[0][:50]])  # CW and a poll option
    _assert_clean(second_visitor, path, ["{{7*7}} ${7*7}"])
    poll_link = visitor.page.get_by_role("link", name="results, integrity and receipts")
    _assert_clean(visitor, poll_link.get_attribute("href") or "/")
    _assert_clean(visitor, f"/@{author}", [SHORT, PAYLOADS[0]])
    for query in PAYLOADS:
        visitor.go("/web/search")
        visitor.page.get_by_label(re.compile("^Search people")).fill(query)
        visitor.page.get_by_role("button", name="Search").click()
        _assert_clean(visitor, visitor.page.url.removeprefix(visitor.base))
    second_visitor.page.context.clear_cookies()
    second_visitor.go("/web/login")
    second_visitor.page.get_by_label("Email or username").fill(PAYLOADS[2])
    second_visitor.page.get_by_label("Password").fill("wrong password")
    second_visitor.page.get_by_role("button", name="Log in").click()
    seen = second_visitor.page.evaluate(CHECK)
    assert seen["flag"] is None and seen["csp"] == [] and seen["markers"] == 0


def _check_here(v: Watched) -> dict[str, object]:
    """The page the browser is on now (a form's answer), checked like ``_assert_clean``."""
    seen = v.page.evaluate(CHECK)
    assert seen["flag"] is None and seen["csp"] == [], seen["csp"]
    assert seen["markers"] == 0 and seen["inlineScripts"] == 0
    assert v.dialogs == []
    return seen  # type: ignore[no-any-return]


def _filter(v: Watched, title: str, keywords: str) -> None:
    v.go("/web/settings#filters")
    page = v.page
    page.get_by_label("Title").fill(title)
    page.get_by_label("Keywords (one per line)").fill(keywords)
    page.get_by_label("Warn (show behind a warning)").check()
    page.get_by_role("button", name="Add filter").click()
    _check_here(v)


def test_filters_and_tip_addresses_show_payloads_as_text(visitor: Watched) -> None:
    author = unique("xssfilter")
    sign_up(visitor, author)
    _post_everything(visitor)
    _filter(visitor, PAYLOADS[1], "\n".join(PAYLOADS))
    _filter(visitor, PAYLOADS[2][:200], PAYLOADS[0])
    for page_path in ("/", "/?feed=for-you", "/web/settings", f"/@{author}", "/web/transparency",
                      "/web/policy"):  # fmt: skip
        _assert_clean(visitor, page_path)
    _assert_clean(visitor, "/", [f"Filtered: {PAYLOADS[1]}"])
    _assert_clean(visitor, "/web/settings", [PAYLOADS[3]])  # a keyword, as text
    page = visitor.page
    for payload in PAYLOADS:
        for label in (
            "Dogecoin address",
            "Bitcoin address",
            "Lightning address (name@example.com)",
        ):
            visitor.go("/web/settings#tip-jar")
            page.get_by_label(label, exact=True).fill(payload)
            page.get_by_role("button", name="Save tip jar").click()
            seen = _check_here(visitor)
            assert "Validation failed" in str(seen["text"]), (label, payload)
    _assert_clean(visitor, f"/@{author}")
