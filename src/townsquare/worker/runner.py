"""JobRunner: starts each periodic job when it is due, under a lease, in the background."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import traceback
from collections.abc import Sequence

from townsquare.db import Database
from townsquare.settings import Settings
from townsquare.worker import leases
from townsquare.worker.job import PeriodicJob

log = logging.getLogger("townsquare.worker")


class JobRunner:
    """Runs ``jobs`` on their intervals until stopped. One per process."""

    def __init__(self, db: Database, settings: Settings, jobs: Sequence[PeriodicJob]) -> None:
        self.db = db
        self.settings = settings
        self.jobs = list(jobs)
        self.holder = f"{socket.gethostname()}:{os.getpid()}"[:64]
        self._next_run = {job.name: 0.0 for job in self.jobs}
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Begin running jobs in a background task."""
        if self.jobs and self._task is None:
            self._task = asyncio.create_task(self._loop(), name="townsquare-jobs")

    async def stop(self) -> None:
        """Stop after cancelling the run in progress; its lease expires on its own."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        while True:
            await self.run_due()
            await asyncio.sleep(self.seconds_to_next())

    def seconds_to_next(self) -> float:
        """How long until a job is due, at most ``job_poll_seconds``."""
        soonest = min(self._next_run.values(), default=float("inf")) - time.monotonic()
        return max(0.0, min(soonest, self.settings.job_poll_seconds))

    async def run_due(self) -> list[str]:
        """Run every job whose time has come and whose lease is free; their names."""
        ran = []
        for job in self.jobs:
            if time.monotonic() < self._next_run[job.name]:
                continue
            self._next_run[job.name] = time.monotonic() + job.interval(self.settings)
            if await self.run_once(job):
                ran.append(job.name)
        return ran

    async def run_once(self, job: PeriodicJob) -> bool:
        """Run ``job`` now if no other process holds its lease; False if one does."""
        if not job.exclusive:
            await self._run_guarded(job)
            return True
        async with self.db.writer("POST"), self.db.session() as session:
            claimed = await leases.claim(session, job.name, self.holder, job.timeout)
            await session.commit()
        if not claimed:
            return False
        error = await self._run_guarded(job)
        async with self.db.writer("POST"), self.db.session() as session:
            await leases.release(session, job.name, self.holder, error)
            await session.commit()
        return True

    async def _run_guarded(self, job: PeriodicJob) -> str | None:
        """Run ``job`` within its timeout; the traceback if it failed."""
        try:
            await asyncio.wait_for(job.run(self.db, self.settings), job.timeout)
        except Exception:  # a failing job must not stop the others; its error is recorded
            log.exception("job %s failed", job.name)
            return traceback.format_exc(limit=5)
        return None
