"""Periodic jobs: one process at a time runs a job, failures are recorded, dead runs resume."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select, update

from townsquare.db import Database
from townsquare.models import JobLease
from townsquare.models.base import utcnow
from townsquare.settings import Settings
from townsquare.worker.job import PeriodicJob
from townsquare.worker.runner import JobRunner


def every_minute(_settings: Settings) -> float:
    return 60.0


async def lease(db: Database, name: str) -> JobLease:
    async with db.session() as session:
        return (await session.execute(select(JobLease).where(JobLease.name == name))).scalar_one()


async def test_two_processes_never_run_the_same_job_at_once(settings: Settings) -> None:
    db = Database(settings)
    runs: list[str] = []

    async def slow(_db: Database, _settings: Settings) -> None:
        runs.append("run")
        await asyncio.sleep(0.2)

    job = PeriodicJob("slow", slow, every_minute)
    first, second = JobRunner(db, settings, [job]), JobRunner(db, settings, [job])
    second.holder = "another-host:1"
    results = await asyncio.gather(first.run_due(), second.run_due())

    assert sorted(map(len, results)) == [0, 1]
    assert runs == ["run"]
    finished = await lease(db, "slow")
    assert finished.holder == "" and finished.last_error is None
    assert finished.last_finished_at is not None
    await db.dispose()


async def test_a_failing_job_is_recorded_and_the_next_still_runs(settings: Settings) -> None:
    db = Database(settings)
    ran: list[str] = []

    async def broken(_db: Database, _settings: Settings) -> None:
        raise ValueError("the scorer fell over")

    async def healthy(_db: Database, _settings: Settings) -> None:
        ran.append("healthy")

    runner = JobRunner(
        db,
        settings,
        [PeriodicJob("broken", broken, every_minute), PeriodicJob("ok", healthy, every_minute)],
    )
    assert await runner.run_due() == ["broken", "ok"]
    assert ran == ["healthy"]
    failed = await lease(db, "broken")
    assert failed.last_error is not None and "the scorer fell over" in failed.last_error
    # Not due again until its interval has passed.
    assert await runner.run_due() == []
    await db.dispose()


async def test_a_lease_left_by_a_dead_process_is_taken_over_when_it_expires(
    settings: Settings,
) -> None:
    db = Database(settings)
    ran: list[str] = []

    async def job_body(_db: Database, _settings: Settings) -> None:
        ran.append("ran")

    job = PeriodicJob("sweep", job_body, every_minute)
    dead = JobRunner(db, settings, [job])
    dead.holder = "dead-host:9"
    async with db.session() as session:
        session.add(
            JobLease(name="sweep", holder=dead.holder, expires_at=utcnow() + timedelta(hours=1))
        )
        await session.commit()

    alive = JobRunner(db, settings, [job])
    assert await alive.run_once(job) is False
    async with db.session() as session:
        await session.execute(update(JobLease).values(expires_at=utcnow() - timedelta(seconds=1)))
        await session.commit()
    assert await alive.run_once(job) is True
    assert ran == ["ran"]
    await db.dispose()
