"""Profile text and updates: the bio (note) and fields rendered to safe HTML, and their limits.

HTML is built from escaped text plus the links we add ourselves, so nothing a user types
can become markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any

from townsquare.kit.errors import Unprocessable
from townsquare.models import Account
from townsquare.models.base import utcnow

MAX_DISPLAY_NAME = 30
MAX_NOTE = 500
MAX_FIELD_NAME = 255
MAX_FIELD_VALUE = 255
URL_RE = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?'\"]}>"
DISPLAY_LENGTH = 30  # longer links are shown shortened, as Mastodon does


@dataclass
class ProfileUpdate:
    """The profile attributes a client sent; ``None`` leaves one unchanged."""

    display_name: str | None = None
    note: str | None = None
    fields: list[tuple[str, str]] | None = None
    bot: bool | None = None
    locked: bool | None = None
    discoverable: bool | None = None
    indexable: bool | None = None
    hide_collections: bool | None = None


def _trim_url(url: str) -> str:
    """Drop trailing punctuation that ends the sentence, keeping balanced parentheses."""
    while url and (
        url[-1] in TRAILING_PUNCTUATION or (url[-1] == ")" and url.count("(") < url.count(")"))
    ):
        url = url[:-1]
    return url


def _anchor(url: str, rel: str) -> str:
    scheme, _, rest = url.partition("://")
    prefix = scheme + "://"
    if rest.lower().startswith("www."):
        prefix, rest = prefix + rest[:4], rest[4:]
    shown, hidden = rest[:DISPLAY_LENGTH], rest[DISPLAY_LENGTH:]
    return (
        f'<a href="{escape(url)}" rel="{rel}" target="_blank">'
        f'<span class="invisible">{escape(prefix)}</span>'
        f'<span class="{"ellipsis" if hidden else ""}">{escape(shown)}</span>'
        f'<span class="invisible">{escape(hidden)}</span></a>'
    )


def linkify(text: str, rel: str = "nofollow noopener noreferrer") -> str:
    """Escape ``text`` and turn http(s) URLs into links."""
    out: list[str] = []
    position = 0
    while (match := URL_RE.search(text, position)) is not None:
        url = _trim_url(match.group())
        if len(url) <= len(match.group().split("://", 1)[0]) + 3:
            out.append(escape(text[position : match.end()]))
            position = match.end()
            continue
        out.append(escape(text[position : match.start()]))
        out.append(_anchor(url, rel))
        position = match.start() + len(url)
    out.append(escape(text[position:]))
    return "".join(out)


def note_to_html(note: str) -> str:
    """The bio as Mastodon renders it: paragraphs on blank lines, ``<br />`` on line breaks."""
    text = note.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    paragraphs = re.split(r"\n\s*\n", text)
    rendered = ("<br />".join(linkify(line) for line in p.split("\n")) for p in paragraphs)
    return "".join(f"<p>{p}</p>" for p in rendered)


def field_entry(name: str, value: str) -> dict[str, Any]:
    """A stored profile field: plain name and value, and the value as HTML."""
    value = " ".join(value.split())
    return {
        "name": name.strip(),
        "value": value,
        "value_html": linkify(value, "me nofollow noopener noreferrer"),
    }


@dataclass(frozen=True)
class PostingDefaults:
    """What a post gets when it does not say: visibility, sensitivity, language (None: keep)."""

    privacy: str | None = None
    sensitive: bool | None = None
    language: str | None = None


def validate_update(update: ProfileUpdate, max_fields: int) -> None:
    """422 with Mastodon's wording for anything over its limits."""
    if update.display_name is not None and len(update.display_name) > MAX_DISPLAY_NAME:
        raise Unprocessable(
            f"Validation failed: Display name is too long (maximum is {MAX_DISPLAY_NAME} "
            "characters)"
        )
    if update.note is not None and len(update.note) > MAX_NOTE:
        raise Unprocessable(
            f"Validation failed: Note is too long (maximum is {MAX_NOTE} characters)"
        )
    if update.fields is None:
        return
    if len(update.fields) > max_fields:
        raise Unprocessable(f"Validation failed: Fields can have at most {max_fields} entries")
    for name, value in update.fields:
        if len(name) > MAX_FIELD_NAME:
            raise Unprocessable(
                f"Validation failed: Field name is too long (maximum is {MAX_FIELD_NAME} "
                "characters)"
            )
        if len(value) > MAX_FIELD_VALUE:
            raise Unprocessable(
                f"Validation failed: Field value is too long (maximum is {MAX_FIELD_VALUE} "
                "characters)"
            )


def apply_update(account: Account, update: ProfileUpdate, *, max_fields: int) -> None:
    """Validate and apply ``update`` to ``account`` (the caller commits)."""
    if update.fields is not None:
        # Mastodon drops rows whose name and value are both blank (how clients delete one).
        update.fields = [(n, v) for n, v in update.fields if n.strip() or v.strip()]
    validate_update(update, max_fields)
    if update.display_name is not None:
        account.display_name = update.display_name.strip()
    if update.note is not None:
        account.note = update.note
        account.note_html = note_to_html(update.note)
    if update.fields is not None:
        account.fields = [field_entry(name, value) for name, value in update.fields]
    for flag in ("bot", "locked", "discoverable", "indexable", "hide_collections"):
        value = getattr(update, flag)
        if value is not None:
            setattr(account, flag, value)
    account.updated_at = utcnow()
