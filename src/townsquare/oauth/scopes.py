"""Mastodon's OAuth scopes and the rule for whether a token's scopes cover a requirement."""

from __future__ import annotations

TOP_LEVEL = ("read", "write", "follow", "push", "profile")

GRANULAR = (
    "read:accounts", "read:blocks", "read:bookmarks", "read:favourites", "read:filters",
    "read:follows", "read:lists", "read:mutes", "read:notifications", "read:search",
    "read:statuses",
    "write:accounts", "write:blocks", "write:bookmarks", "write:conversations",
    "write:favourites", "write:filters", "write:follows", "write:lists", "write:media",
    "write:mutes", "write:notifications", "write:reports", "write:statuses",
    "admin:read", "admin:write",
)  # fmt: skip

# The deprecated ``follow`` scope still grants these, as in Mastodon.
FOLLOW_GRANTS = frozenset(
    {"read:blocks", "write:blocks", "read:follows", "write:follows", "read:mutes", "write:mutes"}
)

ALL_SCOPES = frozenset(TOP_LEVEL + GRANULAR)


def parse_scopes(text: str | None, *, default: str = "read") -> list[str]:
    """Split a space- (or plus-) separated scope string, keeping order, dropping repeats."""
    raw = (text or default).replace("+", " ").split()
    seen: list[str] = []
    for scope in raw:
        if scope not in seen:
            seen.append(scope)
    return seen


def unknown_scopes(scopes: list[str]) -> list[str]:
    """The scopes that Mastodon does not define."""
    return [s for s in scopes if s not in ALL_SCOPES and not s.startswith("admin:")]


def covers(granted: list[str] | frozenset[str] | set[str], required: str) -> bool:
    """Whether a token with ``granted`` scopes may use an endpoint that needs ``required``."""
    if required in granted:
        return True
    parent = required.split(":", 1)[0]
    if parent != required and parent in granted:
        return True
    if required == "profile" and "read:accounts" in granted:
        return False
    return "follow" in granted and required in FOLLOW_GRANTS


def subset(requested: list[str], allowed: list[str]) -> bool:
    """Whether every requested scope is one the app registered (or is covered by one)."""
    return all(covers(allowed, scope) for scope in requested)
