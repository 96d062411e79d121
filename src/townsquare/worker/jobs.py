"""The flat table of periodic jobs. A feature package adds its jobs here."""

from __future__ import annotations

from townsquare.feeds import jobs as feed_jobs
from townsquare.integrity.jobs import SCAN as INTEGRITY_SCAN
from townsquare.notes.job import SCORE_NOTES
from townsquare.polls.closing import close_expired_polls
from townsquare.timelines import fanout
from townsquare.worker.job import PeriodicJob


def all_jobs() -> list[PeriodicJob]:
    """Every periodic job townsquare runs."""
    return [
        PeriodicJob(
            "fanout", fanout.deliver_all, lambda s: s.fanout_delivery_seconds, exclusive=False
        ),
        PeriodicJob("feeds.score_posts", feed_jobs.score_posts, lambda s: 300.0, timeout=600.0),
        PeriodicJob("feeds.forget_sessions", feed_jobs.forget_sessions, lambda s: 600.0),
        SCORE_NOTES,
        INTEGRITY_SCAN,
        PeriodicJob("close_polls", close_expired_polls, lambda s: s.poll_close_interval_seconds),
    ]
