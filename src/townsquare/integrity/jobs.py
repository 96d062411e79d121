"""The periodic integrity scan (``TOWNSQUARE_INTEGRITY_SCAN_INTERVAL_SECONDS``)."""

from __future__ import annotations

from townsquare.db import Database
from townsquare.integrity.scan import run_scan
from townsquare.integrity.service import SCAN_JOB
from townsquare.settings import Settings
from townsquare.worker.job import PeriodicJob


async def _scan(db: Database, settings: Settings) -> None:
    await run_scan(db, settings)


def scan_interval(settings: Settings) -> float:
    return settings.integrity_scan_interval_seconds


# A scan of a million posts takes minutes: the lease (and the timeout) allow half an hour.
SCAN = PeriodicJob(SCAN_JOB, _scan, scan_interval, timeout=1800.0)
