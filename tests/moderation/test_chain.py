"""The transparency log's hash chain: appends stay gapless and serialised, and any edit,
deletion or reordering of a stored row is detected, by ``chain.verify`` and by
``townsquare log verify`` reading the public log (a file or a URL)."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import httpx
import orjson
import pytest
from sqlalchemy import delete, select, update
from starlette.applications import Starlette
from typer.testing import CliRunner

from tests.moderation.helpers import log_entries
from townsquare.cli import cli
from townsquare.models import LogEntry
from townsquare.models.base import utcnow
from townsquare.moderation import chain, log


def _fields(i: int) -> dict[str, str]:
    return {
        "action": "remove",
        "action_id": str(1000 + i),
        "target_type": "status",
        "target_id": str(5000 + i),
        "rule": "1",
        "legal_basis": "a law",
        "reason": f"reason {i} — ünïcode",
    }


async def _append(app: Starlette, count: int) -> None:
    async with app.state.db.session() as session:
        for i in range(count):
            await log.append(session, utcnow(), _fields(i))
        await session.commit()


def test_canonical_encoding_is_sorted_compact_json() -> None:
    entry = {
        **_fields(0),
        "seq": 1,
        "time": "2026-11-27T10:00:00.000000Z",
        "prev_hash": chain.GENESIS,
    }
    expected = (
        '{"action":"remove","action_id":"1000","legal_basis":"a law",'
        f'"prev_hash":"{"0" * 64}","reason":"reason 0 — ünïcode","rule":"1","seq":1,'
        '"target_id":"5000","target_type":"status","time":"2026-11-27T10:00:00.000000Z"}'
    )
    assert chain.canonical(entry) == expected.encode()
    assert chain.entry_hash(entry) == hashlib.sha256(expected.encode()).hexdigest()


async def test_a_clean_chain_verifies(app: Starlette, client: httpx.AsyncClient) -> None:
    await _append(app, 5)
    entries = await log_entries(client)
    assert [e["seq"] for e in entries] == [1, 2, 3, 4, 5]
    assert chain.verify(entries).ok and chain.verify(entries).checked == 5
    assert entries[1]["prev_hash"] == entries[0]["hash"]


@pytest.mark.parametrize(
    ("tamper", "bad_seq", "problem"),
    [
        ("edit_reason", 3, "entry 3: hash does not match its content"),
        ("edit_hash", 3, "entry 3: hash does not match its content"),
        ("delete", 3, "entry 3 expected, found 4: an entry was deleted, added or moved"),
        ("reorder", 2, "entry 2: prev_hash does not match"),
        ("delete_last_and_renumber", 3, "entry 3: prev_hash does not match"),
    ],
)
async def test_tampering_with_the_database_is_detected(
    app: Starlette,
    client: httpx.AsyncClient,
    tmp_path: Path,
    tamper: str,
    bad_seq: int,
    problem: str,
) -> None:
    await _append(app, 5)
    async with app.state.db.session() as session:
        if tamper == "edit_reason":
            await session.execute(
                update(LogEntry).where(LogEntry.seq == 3).values(reason="nothing")
            )
        elif tamper == "edit_hash":
            await session.execute(update(LogEntry).where(LogEntry.seq == 3).values(hash="f" * 64))
        elif tamper == "delete":
            await session.execute(delete(LogEntry).where(LogEntry.seq == 3))
        elif tamper == "reorder":  # swap the contents of entries 2 and 3
            await session.execute(update(LogEntry).where(LogEntry.seq == 2).values(seq=-2))
            await session.execute(update(LogEntry).where(LogEntry.seq == 3).values(seq=2))
            await session.execute(update(LogEntry).where(LogEntry.seq == -2).values(seq=3))
        else:  # delete entry 3 and renumber the rest, as a careful forger would
            await session.execute(delete(LogEntry).where(LogEntry.seq == 3))
            for seq in (4, 5):
                await session.execute(
                    update(LogEntry).where(LogEntry.seq == seq).values(seq=seq - 1)
                )
        await session.commit()
    entries = await log_entries(client)
    verdict = chain.verify(entries)
    assert (verdict.first_bad_seq, verdict.problem) == (bad_seq, problem)
    published = tmp_path / "log.json"
    published.write_bytes(orjson.dumps(entries))
    result = CliRunner().invoke(cli, ["log", "verify", str(published)])
    assert result.exit_code == 1
    assert f"MISMATCH at entry {bad_seq}: {problem}" in result.output


async def test_entries_served_out_of_order_are_detected(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await _append(app, 4)
    entries = await log_entries(client)
    swapped = [entries[0], entries[2], entries[1], entries[3]]
    verdict = chain.verify(swapped)
    assert verdict.first_bad_seq == 2
    assert verdict.problem == "entry 2 expected, found 3: an entry was deleted, added or moved"
    assert not chain.verify(entries[1:]).ok  # a log that does not start at 1 is cut


async def test_cli_verifies_a_clean_file_and_refuses_garbage(
    app: Starlette, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    await _append(app, 3)
    published = tmp_path / "log.ndjson"
    published.write_bytes(b"\n".join(orjson.dumps(e) for e in await log_entries(client)))
    result = CliRunner().invoke(cli, ["log", "verify", str(published)])
    assert result.exit_code == 0, result.output
    assert "ok: 3 entries, the chain is intact" in result.output
    garbage = tmp_path / "garbage.json"
    garbage.write_text("not json")
    refused = CliRunner().invoke(cli, ["log", "verify", str(garbage)])
    assert refused.exit_code == 2
    assert "not a JSON array or NDJSON log" in refused.output


async def test_concurrent_appends_never_fork_the_chain(app: Starlette) -> None:
    async def one(i: int) -> None:
        async with app.state.db.session() as session, app.state.db.writer("POST"):
            await log.append(session, utcnow(), _fields(i))
            await asyncio.sleep(0)
            await session.commit()

    await asyncio.gather(*(one(i) for i in range(12)))
    async with app.state.db.session() as session:
        rows = (await session.execute(select(LogEntry).order_by(LogEntry.seq))).scalars().all()
        entries = [log.as_json(r) for r in rows]
    assert [e["seq"] for e in entries] == list(range(1, 13))
    assert chain.verify(entries).ok
