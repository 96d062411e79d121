"""Plain text to Mastodon-style HTML: paragraphs, line breaks, links, mentions and hashtags.

User text is HTML-escaped before any markup is added, and the result still passes through
nh3 with a strict allow-list, so a status can never carry markup its author typed.
Lengths are counted as Mastodon counts them: every URL is 23 characters and a mention
``@user@domain`` counts as ``@user``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape
from typing import Protocol

import nh3

URL_LENGTH = 23
MAX_TAG_LENGTH = 100
LINK_DISPLAY_LENGTH = 30

# One scan finds the three kinds of entity; a URL is matched first at a position, so the
# ``#`` of a URL fragment or the ``@`` of a URL path never becomes a hashtag or mention.
ENTITY_RE = re.compile(
    r"(?P<url>\bhttps?://[^\s<>\"'\x00-\x1f\x7f]+)"
    r"|(?<![\w/@])@(?P<user>[A-Za-z0-9_]{1,30})(?:@(?P<domain>[\w.:-]*\w))?"
    r"|(?<![\w/)&#])#(?P<tag>\w{1,100})(?!\w)",
    re.IGNORECASE,
)
TRAILING_PUNCTUATION = ".,:;!?'\""
PARAGRAPH_SPLIT = re.compile(r"\n[ \t]*\n\s*")

ALLOWED_TAGS = {"p", "br", "a", "span"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "span": set()}
ALLOWED_VALUES = {
    "a": {
        "rel": {"tag", "nofollow noopener noreferrer"},
        "target": {"_blank"},
        "translate": {"no"},
    },
    "span": {"translate": {"no"}},
}
ALLOWED_CLASSES = {
    "a": {"u-url", "mention", "hashtag"},
    "span": {"h-card", "invisible", "ellipsis"},
}


class Mentionable(Protocol):
    """A local account a status may mention (an ``Account`` will do)."""

    @property
    def username(self) -> str: ...


def _trim_url(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets, as linkifiers do."""
    while url:
        last = url[-1]
        unbalanced = last == ")" and url.count("(") < url.count(")")
        if last in TRAILING_PUNCTUATION or unbalanced:
            url = url[:-1]
        else:
            break
    return url


def is_local_domain(domain: str | None, local_domain: str) -> bool:
    return domain is None or domain.lower() == local_domain.lower()


def mentioned_usernames(text: str, local_domain: str) -> list[str]:
    """Lower-cased usernames of local mentions (``@user`` or ``@user@<local domain>``), in order."""
    found: list[str] = []
    for match in ENTITY_RE.finditer(text):
        user = match.group("user")
        if user and is_local_domain(match.group("domain"), local_domain):
            lowered = user.lower()
            if lowered not in found:
                found.append(lowered)
    return found


def hashtags(text: str) -> list[str]:
    """Hashtags as written (first spelling wins), without ``#``, distinct by lower case."""
    found: dict[str, str] = {}
    for match in ENTITY_RE.finditer(text):
        tag = match.group("tag")
        if tag and not tag.isdigit():
            found.setdefault(tag.lower(), tag)
    return list(found.values())


def text_length(text: str) -> int:
    """The length Mastodon counts: URLs are 23 characters, remote mentions lose their domain."""
    total = 0
    position = 0
    for match in ENTITY_RE.finditer(text):
        total += match.start() - position
        position = match.end()
        if match.group("url"):
            url = _trim_url(match.group("url"))
            total += URL_LENGTH + (len(match.group("url")) - len(url))
        elif match.group("user"):
            total += 1 + len(match.group("user"))
        else:
            total += len(match.group(0))
    return total + len(text) - position


def _link_html(url: str) -> str:
    scheme_match = re.match(r"https?://(www\.)?", url, re.IGNORECASE)
    prefix = scheme_match.group(0) if scheme_match else ""
    rest = url[len(prefix) :]
    if len(rest) > LINK_DISPLAY_LENGTH:
        shown = f'<span class="ellipsis">{escape(rest[:LINK_DISPLAY_LENGTH])}</span>'
        hidden = escape(rest[LINK_DISPLAY_LENGTH:])
    else:
        shown, hidden = f'<span class="">{escape(rest)}</span>', ""
    return (
        f'<a href="{escape(url)}" target="_blank" rel="nofollow noopener noreferrer" '
        f'translate="no"><span class="invisible">{escape(prefix)}</span>{shown}'
        f'<span class="invisible">{hidden}</span></a>'
    )


def _mention_html(base_url: str, account: Mentionable) -> str:
    name = escape(account.username)
    return (
        f'<span class="h-card" translate="no"><a href="{escape(base_url)}/@{name}" '
        f'class="u-url mention">@<span>{name}</span></a></span>'
    )


def _hashtag_html(base_url: str, tag: str) -> str:
    return (
        f'<a href="{escape(base_url)}/tags/{escape(tag.lower())}" class="mention hashtag" '
        f'rel="tag">#<span>{escape(tag)}</span></a>'
    )


def _entity_html(
    match: re.Match[str],
    base_url: str,
    local_domain: str,
    accounts: Mapping[str, Mentionable],
) -> str:
    """The markup for one matched entity, or its escaped text when it is not one."""
    if match.group("url"):
        url = _trim_url(match.group("url"))
        return _link_html(url) + escape(match.group("url")[len(url) :])
    user = match.group("user")
    if user:
        account = accounts.get(user.lower())
        if account is not None and is_local_domain(match.group("domain"), local_domain):
            return _mention_html(base_url, account)
        return escape(match.group(0))
    tag = match.group("tag")
    if tag.isdigit():
        return escape(match.group(0))
    return _hashtag_html(base_url, tag)


def _line_html(
    line: str, base_url: str, local_domain: str, accounts: Mapping[str, Mentionable]
) -> str:
    parts: list[str] = []
    position = 0
    for match in ENTITY_RE.finditer(line):
        parts.append(escape(line[position : match.start()]))
        parts.append(_entity_html(match, base_url, local_domain, accounts))
        position = match.end()
    parts.append(escape(line[position:]))
    return "".join(parts)


def sanitize(html: str) -> str:
    """Keep only the markup townsquare itself produces."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_VALUES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https"},
        link_rel=None,
    )


def render_html(
    text: str,
    *,
    base_url: str,
    local_domain: str,
    accounts: Mapping[str, Mentionable],
) -> str:
    """Render plain ``text``; ``accounts`` maps lower-cased usernames that may be mentioned."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    paragraphs = []
    for paragraph in PARAGRAPH_SPLIT.split(text):
        lines = [
            _line_html(line, base_url, local_domain, accounts) for line in paragraph.split("\n")
        ]
        paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
    return sanitize("".join(paragraphs))
