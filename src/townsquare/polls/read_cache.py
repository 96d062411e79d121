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

import time
from collections.abc import Callable
from dataclasses import dataclass

from townsquare.polls.state import PollState

MAX_ENTRIES = 1024  # polls kept per process at most; past that, the memory starts over


@dataclass(frozen=True)
class _Entry:
    expires: float
    poll: PollState


class AnonymousPollCache:
    """Polls as a logged-out reader sees them, each until it expires."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock  # seconds; tests move it instead of waiting
        self._entries: dict[int, _Entry] = {}

    def get(self, poll_id: int) -> PollState | None:
        """The poll, if it was read or counted less than ``seconds`` ago."""
        entry = self._entries.get(poll_id)
        if entry is None or entry.expires <= self.clock():
            return None
        return entry.poll

    def put(self, poll: PollState) -> None:
        """Keep a poll that a logged-out reader may see."""
        if self.seconds <= 0:
            return
        if len(self._entries) >= MAX_ENTRIES and poll.id not in self._entries:
            self._entries.clear()
        self._entries[poll.id] = _Entry(self.clock() + self.seconds, poll)

    def refresh(self, poll: PollState) -> None:
        """A newer state of a poll already kept (after the ballot box counted votes)."""
        if poll.id in self._entries:
            self.put(poll)
