"""Plain text to HTML, and Mastodon's way of counting characters."""

from __future__ import annotations

from types import SimpleNamespace

from townsquare.statuses.formatting import (
    hashtags,
    mentioned_usernames,
    render_html,
    sanitize,
    text_length,
)

BASE = "http://ts.test"
ALICE = SimpleNamespace(username="Alice")


def render(text: str) -> str:
    return render_html(text, base_url=BASE, local_domain="ts.test", accounts={"alice": ALICE})


def test_paragraphs_and_line_breaks() -> None:
    assert render("one\ntwo\n\nthree") == "<p>one<br>two</p><p>three</p>"


def test_blank_text_renders_nothing() -> None:
    assert render("  \n\n ") == ""


def test_link_is_shortened_like_mastodon() -> None:
    html = render("see https://example.com/a/very/long/path/that/goes/on?x=1&y=2.")
    assert html == (
        '<p>see <a href="https://example.com/a/very/long/path/that/goes/on?x=1&amp;y=2" '
        'target="_blank" rel="nofollow noopener noreferrer" translate="no">'
        '<span class="invisible">https://</span>'
        '<span class="ellipsis">example.com/a/very/long/path/t</span>'
        '<span class="invisible">hat/goes/on?x=1&amp;y=2</span></a>.</p>'
    )


def test_short_link_and_balanced_parentheses() -> None:
    html = render("(https://www.x.org/a_(b))")
    assert html == (
        '<p>(<a href="https://www.x.org/a_(b)" target="_blank" '
        'rel="nofollow noopener noreferrer" translate="no">'
        '<span class="invisible">https://www.</span><span class="">x.org/a_(b)</span>'
        '<span class="invisible"></span></a>)</p>'
    )


def test_local_mentions_link_to_the_profile() -> None:
    html = render("hi @alice and @ALICE@ts.test")
    mention = (
        '<span class="h-card" translate="no"><a href="http://ts.test/@Alice" '
        'class="u-url mention">@<span>Alice</span></a></span>'
    )
    assert html == f"<p>hi {mention} and {mention}</p>"


def test_unknown_and_remote_mentions_stay_text() -> None:
    assert render("@bob @alice@elsewhere.example") == "<p>@bob @alice@elsewhere.example</p>"


def test_email_address_is_not_a_mention() -> None:
    assert render("mail me@alice.example") == "<p>mail me@alice.example</p>"


def test_hashtags_link_to_the_tag_page() -> None:
    html = render("#Café and #123 and x#no")
    assert html == (
        '<p><a href="http://ts.test/tags/café" class="mention hashtag" rel="tag">'
        "#<span>Café</span></a> and #123 and x#no</p>"
    )


def test_script_tags_are_escaped() -> None:
    html = render("<script>alert(1)</script>")
    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert "<script" not in html


def test_javascript_urls_are_not_links() -> None:
    html = render('javascript:alert(1) <a href="javascript:alert(1)">x</a>')
    assert html == ('<p>javascript:alert(1) &lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;</p>')


def test_attribute_injection_through_a_url_stays_outside_the_tag() -> None:
    html = render('https://x.example/"onmouseover="alert(1)')
    assert html == (
        '<p><a href="https://x.example/" target="_blank" rel="nofollow noopener noreferrer" '
        'translate="no"><span class="invisible">https://</span><span class="">x.example/</span>'
        '<span class="invisible"></span></a>"onmouseover="alert(1)</p>'
    )


def test_attribute_injection_through_a_hashtag_or_mention_stays_text() -> None:
    html = render('#tag"><img src=x onerror=alert(1)> @alice"onclick="x')
    assert html == (
        '<p><a href="http://ts.test/tags/tag" class="mention hashtag" rel="tag">#<span>tag</span>'
        '</a>"&gt;&lt;img src=x onerror=alert(1)&gt; <span class="h-card" translate="no">'
        '<a href="http://ts.test/@Alice" class="u-url mention">@<span>Alice</span></a></span>'
        '"onclick="x</p>'
    )


def test_sanitizer_drops_markup_outside_the_allow_list() -> None:
    dirty = (
        '<p onclick="x"><a href="javascript:alert(1)" class="mention evil" rel="me">a</a>'
        '<script>alert(1)</script><img src=x><span class="h-card" style="x">b</span></p>'
    )
    assert sanitize(dirty) == '<p><a class="mention">a</a><span class="h-card">b</span></p>'


def test_mention_and_tag_extraction() -> None:
    text = "@Alice @bob@ts.test @carol@far.away #One #one #two https://x.example/#three"
    assert mentioned_usernames(text, "ts.test") == ["alice", "bob"]
    assert hashtags(text) == ["One", "two"]


def test_urls_count_23_characters() -> None:
    assert text_length("https://example.com/" + "a" * 200) == 23
    assert text_length("go https://x.io/ now") == len("go ") + 23 + len(" now")


def test_remote_mentions_count_without_domain() -> None:
    assert text_length("@bob@far.away.example hi") == len("@bob hi")
