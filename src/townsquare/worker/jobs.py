"""The flat table of periodic jobs. A feature package adds its jobs here."""

from __future__ import annotations

from townsquare.notes.job import SCORE_NOTES
from townsquare.worker.job import PeriodicJob


def all_jobs() -> list[PeriodicJob]:
    """Every periodic job townsquare runs."""
    return [SCORE_NOTES]
