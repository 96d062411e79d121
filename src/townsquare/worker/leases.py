"""Queries for job leases: claim one atomically, record how a run ended."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.sql import insert_ignoring_duplicates
from townsquare.models import JobLease
from townsquare.models.base import utcnow


async def claim(session: AsyncSession, name: str, holder: str, seconds: float) -> bool:
    """Take the lease on ``name`` for ``seconds`` if it is free or expired; True if taken."""
    now = utcnow()
    expires = now + timedelta(seconds=seconds)
    await session.execute(
        insert_ignoring_duplicates(session, JobLease).values(
            name=name, holder="", expires_at=datetime.fromtimestamp(0, now.tzinfo)
        )
    )
    taken = await session.execute(
        update(JobLease)
        .where(JobLease.name == name)
        .where(or_(JobLease.expires_at < now, JobLease.holder == holder))
        .values(holder=holder, expires_at=expires, last_started_at=now)
    )
    return bool(taken.rowcount)  # type: ignore[attr-defined]


async def release(session: AsyncSession, name: str, holder: str, error: str | None) -> None:
    """End a run: free the lease and keep its outcome for operators to read."""
    await session.execute(
        update(JobLease)
        .where(JobLease.name == name, JobLease.holder == holder)
        .values(
            holder="",
            expires_at=datetime.fromtimestamp(0, utcnow().tzinfo),
            last_finished_at=utcnow(),
            last_error=error,
        )
    )
