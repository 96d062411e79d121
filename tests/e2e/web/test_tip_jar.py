"""The tip jar in real Chromium: set a Dogecoin address in settings, see it on the profile."""

from __future__ import annotations

from tests.e2e.web.conftest import Watched
from tests.e2e.web.flows import post, sign_up, unique
from tests.tips.support import DOGE


def test_set_a_dogecoin_address_and_see_its_qr_code(
    visitor: Watched, second_visitor: Watched
) -> None:
    owner = unique("tipper")
    sign_up(visitor, owner)
    page = visitor.page
    visitor.go("/web/settings#tip-jar")
    page.get_by_label("Dogecoin address").fill("D" + DOGE[1:-1] + "x")  # a broken checksum
    page.get_by_role("button", name="Save tip jar").click()
    assert page.get_by_text(
        "Validation failed: dogecoin address checksum does not match"
    ).is_visible()
    visitor.go("/web/settings#tip-jar")
    page.get_by_label("Dogecoin address").fill(DOGE)
    page.get_by_role("button", name="Save tip jar").click()
    assert page.get_by_role("cell", name=DOGE).is_visible()  # the change history
    path = post(visitor, "Tips welcome")

    reader = second_visitor.page
    second_visitor.go(f"/@{owner}")
    qr = reader.get_by_role("img", name="QR code for the Dogecoin payment link")
    qr.scroll_into_view_if_needed()
    reader.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    assert qr.evaluate("img => img.naturalWidth") > 0
    link = reader.get_by_role("link", name="Pay with a Dogecoin wallet")
    assert link.get_attribute("href").startswith(f"dogecoin:{DOGE}?label=%40{owner}%40")
    assert reader.get_by_text(DOGE, exact=True).is_visible()
    reader.context.grant_permissions(["clipboard-read", "clipboard-write"])
    reader.get_by_role("button", name="Copy address").click()
    status = reader.locator("#tip-dogecoin .copy-status")
    reader.wait_for_function("s => s.textContent !== ''", arg=status.element_handle())
    assert status.text_content() == "Copied."
    assert reader.evaluate("navigator.clipboard.readText()") == DOGE
    second_visitor.go(path)
    tip = reader.get_by_role("link", name="Dogecoin")
    assert "message=Tip%20for%20" in (tip.get_attribute("href") or "")
    for v in (visitor, second_visitor):
        assert v.csp_violations() == [] and v.dialogs == []
