"""Logged-out reads of a poll, answered for a moment from memory in each process.

During a vote storm, the readers who only watch the counts (embeds, link previews, people
not logged in) would each cost a database query. They see the poll as every logged-out
reader does, so one read serves them all for ``TOWNSQUARE_POLL_ANONYMOUS_CACHE_SECONDS``
(one second by default; Mastodon lets proxies keep its logged-out API answers for fifteen).
The process's ballot box refreshes the entries of the polls it has just counted, so within
a process the counts never lag behind an acknowledged vote.

Only public and unlisted polls are kept: any other poll is a 404 for a logged-out reader,
and that answer is always read fresh. A logged-in reader is never answered from here: their
view holds their own ballot.
"""

from __future__ import annotations

from townsquare.kit.expiring import ExpiringMap
from townsquare.polls.state import PollState

MAX_ENTRIES = 1024  # polls kept per process at most


class AnonymousPollCache(ExpiringMap[int, PollState]):
    """Polls as a logged-out reader sees them, each for ``seconds`` (``get`` by poll id)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(MAX_ENTRIES)
        self.seconds = seconds

    def keep(self, poll: PollState) -> None:
        """Keep a poll that a logged-out reader may see."""
        if self.seconds > 0:
            self.put(poll.id, poll, self.seconds)

    def refresh(self, poll: PollState) -> None:
        """A newer state of a poll already kept (after the ballot box counted votes)."""
        if poll.id in self:
            self.keep(poll)
