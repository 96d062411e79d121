"""PollState: a poll with its options and counters, as read from the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from townsquare.models.base import as_utc


@dataclass
class PollState:
    """What rendering, voting and closing need to know about one poll."""

    id: int
    status_id: int
    account_id: int
    multiple: bool
    hide_totals: bool
    expires_at: datetime
    closed_at: datetime | None
    merkle_root: str | None
    votes_count: int
    voters_count: int
    created_at: datetime
    titles: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        # SQLite hands datetimes back naive; they are always UTC.
        self.expires_at = as_utc(self.expires_at) or self.expires_at
        self.created_at = as_utc(self.created_at) or self.created_at
        self.closed_at = as_utc(self.closed_at)

    def expired(self, now: datetime) -> bool:
        """Ended: closed by the job, or past its end and not swept yet."""
        return self.closed_at is not None or self.expires_at <= now

    def totals_visible(self, now: datetime) -> bool:
        return not self.hide_totals or self.expired(now)
