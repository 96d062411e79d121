"""Resolving this server's own URLs: a pasted link to a post or a profile finds it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from townsquare.ids import parse_id
from townsquare.settings import Settings

# The two URL forms townsquare gives statuses and accounts (``url`` and ``uri``).
_STATUS_PATHS = (
    re.compile(r"^/@(?P<username>\w+)/(?P<id>\d+)/?$"),
    re.compile(r"^/users/(?P<username>\w+)/statuses/(?P<id>\d+)/?$"),
)
_ACCOUNT_PATHS = (
    re.compile(r"^/@(?P<username>\w+)/?$"),
    re.compile(r"^/users/(?P<username>\w+)/?$"),
)


@dataclass(frozen=True)
class LocalUrl:
    """What a local URL points at: an account, and for a status URL its id."""

    username: str
    status_id: int | None = None


def is_url(q: str) -> bool:
    return q.startswith(("http://", "https://"))


def parse_local_url(q: str, settings: Settings) -> LocalUrl | None:
    """The account or status a URL of this server names; None for anything else."""
    parts = urlsplit(q)
    if parts.netloc.lower() != settings.domain.lower():
        return None
    for pattern in _STATUS_PATHS:
        found = pattern.match(parts.path)
        if found:
            status_id = parse_id(found["id"])
            return LocalUrl(found["username"], status_id) if status_id else None
    for pattern in _ACCOUNT_PATHS:
        found = pattern.match(parts.path)
        if found:
            return LocalUrl(found["username"])
    return None
