"""``townsquare polls verify`` against a real server process, and against tampered files."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from bench.polls_seed import seed_voters
from sqlalchemy import update

from tests.conftest import run_in_thread
from tests.e2e.conftest import LiveServer
from townsquare.db import Database
from townsquare.models import Poll
from townsquare.models.base import utcnow
from townsquare.settings import Settings


def _settings(server: LiveServer) -> Settings:
    url = server.env.get("TOWNSQUARE_DATABASE_URL") or None
    return Settings(data_dir=Path(server.env["TOWNSQUARE_DATA_DIR"]), database_url=url)


async def _voters(server: LiveServer, count: int) -> list[str]:
    db = Database(_settings(server))
    async with db.session() as session:
        voters = await seed_voters(session, count)
        await session.commit()
    await db.dispose()
    return [token for _, token in voters]


async def _expire(server: LiveServer, poll_id: str) -> None:
    db = Database(_settings(server))
    async with db.session() as session:
        await session.execute(
            update(Poll).where(Poll.id == int(poll_id)).values(expires_at=utcnow())
        )
        await session.commit()
    await db.dispose()


def _closed_poll(server: LiveServer) -> tuple[str, str]:
    """A poll with 6 ballots, closed by ``townsquare worker --once``: (tally URL, a receipt)."""
    author, *voters = run_in_thread(_voters(server, 7))
    with httpx.Client(base_url=server.url, timeout=30) as http:
        status = http.post(
            "/api/v1/statuses",
            json={
                "status": "Vote carefully",
                "poll": {"options": ["yes", "no"], "expires_in": 600},
            },
            headers={"Authorization": f"Bearer {author}"},
        ).json()
        poll_id = status["poll"]["id"]
        for i, token in enumerate(voters):
            voted = http.post(
                f"/api/v1/polls/{poll_id}/votes",
                data={"choices[]": str(i % 2)},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert voted.status_code == 200, voted.text
        receipt = http.get(
            f"/api/townsquare/v1/polls/{poll_id}/receipt",
            headers={"Authorization": f"Bearer {voters[0]}"},
        ).json()["receipt"]
    run_in_thread(_expire(server, poll_id))
    ran = server.cli("worker", "--once")
    assert ran.returncode == 0, ran.stderr
    return f"{server.url}/api/townsquare/v1/polls/{poll_id}/tally", receipt


def test_verify_accepts_the_published_tally_and_detects_tampering(
    live_server: LiveServer, tmp_path: Path
) -> None:
    url, receipt = _closed_poll(live_server)
    good = live_server.cli("polls", "verify", url, "--receipt", receipt)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "the tally is consistent with its leaves" in good.stdout
    assert "receipt included" in good.stdout

    tally = httpx.get(url).json()
    leaves = httpx.get(tally["leaves_url"]).text.splitlines()
    tally_file, leaves_file = tmp_path / "tally.json", tmp_path / "leaves.ndjson"
    tally_file.write_text(json.dumps(tally))
    first = json.loads(leaves[0])
    first["choices"] = [1 - first["choices"][0]]  # one ballot changed its mind
    leaves_file.write_text("\n".join([json.dumps(first), *leaves[1:]]))
    tampered = live_server.cli("polls", "verify", str(tally_file), "--leaves", str(leaves_file))
    assert tampered.returncode == 1
    assert "merkle root mismatch" in tampered.stderr

    tally["options"][0]["votes_count"] += 1
    tally_file.write_text(json.dumps(tally))
    padded = live_server.cli("polls", "verify", str(tally_file), "--leaves", tally["leaves_url"])
    assert padded.returncode == 1
    assert "option totals mismatch" in padded.stderr

    unknown = live_server.cli("polls", "verify", url, "--receipt", "not-a-receipt")
    assert unknown.returncode == 1 and "not among the leaves" in unknown.stderr
