"""The plain records the detectors read: what the scan job loads from the database."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AccountRecord:
    """One account as the automation detector sees it."""

    account_id: int
    bot: bool  # declared automation (Mastodon's bot flag)
    created_at: float  # epoch seconds


@dataclass(frozen=True, slots=True)
class PostRecord:
    """One status (or reblog row) as both detectors see it."""

    status_id: int
    account_id: int
    created_at: float  # epoch seconds
    text: str  # plain text (HTML stripped); "" for a reblog
    application: str | None  # the OAuth app (client) name that posted it, None if unknown
    reblog_of_id: int | None  # set when this row is a reblog of another status
