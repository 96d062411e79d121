"""The flat table of periodic jobs. A feature package adds its jobs here."""

from __future__ import annotations

from townsquare.timelines import fanout
from townsquare.worker.job import PeriodicJob


def all_jobs() -> list[PeriodicJob]:
    """Every periodic job townsquare runs."""
    return [
        PeriodicJob(
            "fanout", fanout.deliver_all, lambda s: s.fanout_delivery_seconds, exclusive=False
        ),
    ]
