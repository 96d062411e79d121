"""The transparency log's storage: serialised appends, public pages, the monthly report."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.models import LogEntry
from townsquare.moderation import chain

# Any constant: the key of the PostgreSQL advisory lock that serialises appends.
CHAIN_LOCK_KEY = 0x7A11_0C4A
PUBLIC_FIELDS = (*chain.HASHED_FIELDS, "hash")


async def _lock_chain(session: AsyncSession) -> None:
    """Serialise appends so two concurrent actions cannot fork the chain.

    SQLite has one writer at a time already; PostgreSQL takes a transaction-scoped
    advisory lock, released at commit or rollback.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})


async def head(session: AsyncSession) -> LogEntry | None:
    query = select(LogEntry).order_by(LogEntry.seq.desc()).limit(1)
    return (await session.execute(query)).scalar_one_or_none()


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


async def append(session: AsyncSession, moment: datetime, fields: dict[str, str]) -> dict[str, Any]:
    """Append one entry (action, action_id, target_type, target_id, rule, legal_basis,
    reason) after the chain head, with its sequence number and hash; returns it."""
    await _lock_chain(session)
    query = select(LogEntry.seq, LogEntry.hash).order_by(LogEntry.seq.desc()).limit(1)
    last = (await session.execute(query)).first()
    values: dict[str, Any] = {
        **fields,
        "seq": (last[0] + 1) if last else 1,
        "time": _stamp(moment),
        "prev_hash": last[1] if last else chain.GENESIS,
    }
    values["hash"] = chain.entry_hash(values)
    await session.execute(insert(LogEntry), [values])
    return values


def as_json(entry: LogEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in PUBLIC_FIELDS}


async def page(session: AsyncSession, after: int, limit: int) -> list[LogEntry]:
    """Entries after sequence ``after``, ascending (the order a verifier reads them in)."""
    query = select(LogEntry).where(LogEntry.seq > after).order_by(LogEntry.seq).limit(limit)
    return list((await session.execute(query)).scalars())


async def stream(session: AsyncSession, chunk: int = 5000) -> AsyncIterator[dict[str, Any]]:
    """Every entry as published, ascending, read in chunks of plain rows."""
    columns = [getattr(LogEntry, name) for name in PUBLIC_FIELDS]
    after = 0
    while True:
        query = select(*columns).where(LogEntry.seq > after).order_by(LogEntry.seq).limit(chunk)
        rows = (await session.execute(query)).all()
        for row in rows:
            yield dict(zip(PUBLIC_FIELDS, row, strict=True))
        if len(rows) < chunk:
            return
        after = rows[-1][0]


async def report(session: AsyncSession) -> list[dict[str, Any]]:
    """Counts of actions by month and rule (reversals counted apart)."""
    rows = await session.execute(select(LogEntry.time, LogEntry.rule, LogEntry.action))
    counts: Counter[tuple[str, str, str]] = Counter(
        (time[:7], rule, action) for time, rule, action in rows
    )
    return [
        {"month": month, "rule": rule, "action": action, "count": count}
        for (month, rule, action), count in sorted(counts.items())
    ]
