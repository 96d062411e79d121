"""The flat table of periodic jobs. A feature package adds its jobs here."""

from __future__ import annotations

from townsquare.polls.closing import close_expired_polls
from townsquare.worker.job import PeriodicJob


def all_jobs() -> list[PeriodicJob]:
    """Every periodic job townsquare runs."""
    return [
        PeriodicJob("close_polls", close_expired_polls, lambda s: s.poll_close_interval_seconds),
    ]
