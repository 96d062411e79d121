"""Pure account rules: bio and field HTML, sign-up validation, default images."""

from __future__ import annotations

import pytest

from townsquare.accounts.images import solid_png
from townsquare.accounts.profile import field_entry, linkify, note_to_html
from townsquare.accounts.registration import SignUp, check_form


def test_note_escapes_markup_and_keeps_line_structure() -> None:
    html = note_to_html('<img src=x onerror="alert(1)">\r\nline two\r\n\r\npara two')
    assert html == (
        "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br />line two</p><p>para two</p>"
    )
    assert note_to_html("   \n ") == ""


def test_links_are_made_without_trailing_punctuation() -> None:
    html = linkify("see (https://example.org/a_(b)), or http://x.example.")
    assert 'href="https://example.org/a_(b)"' in html
    assert html.endswith("</a>.")
    assert "</a>), or " in html


def test_link_href_cannot_break_out_of_the_attribute() -> None:
    html = linkify('https://example.org/"onmouseover="alert(1)')
    assert 'href="https://example.org/"' in html
    assert "&quot;onmouseover=&quot;alert(1)" in html


def test_long_links_are_shortened_for_display() -> None:
    url = "https://example.org/" + "x" * 60
    html = linkify(url)
    assert f'href="{url}"' in html
    assert '<span class="ellipsis">' in html


def test_bare_scheme_is_not_a_link() -> None:
    assert linkify("http://.") == "http://."


def test_field_value_is_one_line_and_linked_with_rel_me() -> None:
    entry = field_entry(" Site ", "https://me.example\nnext")
    assert entry["name"] == "Site"
    assert entry["value"] == "https://me.example next"
    assert 'rel="me nofollow noopener noreferrer"' in entry["value_html"]


@pytest.mark.parametrize(
    ("sign_up", "fields"),
    [
        (SignUp("ok_name", "a@b.example", "long enough"), set()),
        (SignUp("", "", "", agreement=False), {"username", "email", "password", "agreement"}),
        (SignUp("ok", "a@b.example", "long enough", locale="pt-BR"), set()),
        (SignUp("ok", "a@b.example", "long enough", locale="<x>"), {"locale"}),
        (SignUp("ok", "a@b.example", "long enough", reason="r" * 1001), {"reason"}),
    ],
)
def test_sign_up_form_checks(sign_up: SignUp, fields: set[str]) -> None:
    assert set(check_form(sign_up).details) == fields


def test_solid_png_has_a_valid_structure() -> None:
    data = solid_png(2, 3, (1, 2, 3))
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    assert data.endswith(b"IEND\xaeB`\x82")
