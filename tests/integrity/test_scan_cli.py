"""``townsquare integrity scan`` as an operator runs it, and the periodic job."""

from __future__ import annotations

from pathlib import Path

import httpx
from starlette.applications import Starlette

from tests.integrity.helpers import community
from tests.test_cli import query, townsquare
from townsquare.app import create_app
from townsquare.integrity.jobs import SCAN
from townsquare.migrate import upgrade
from townsquare.settings import Settings
from townsquare.worker.jobs import all_jobs
from townsquare.worker.runner import JobRunner


async def test_the_command_scans_and_prints_a_summary(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=None, rate_limits="off")
    upgrade(settings)
    app = create_app(settings)
    try:
        await community(app)
    finally:
        await app.state.db.dispose()
    result = townsquare(tmp_path, "integrity", "scan")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()[-3:]
    assert lines[0].startswith("scanned 269 posts by 10 accounts in ")
    assert "posts/s" in lines[0]
    assert lines[1].startswith("automation: 1 account(s) flagged; labels applied 1, lifted 0")
    assert lines[2].startswith("coordination: 1 campaign(s) (1 new, 0 updated, 0 dissolved); "
                               "post labels applied 5, lifted 0")  # fmt: skip
    assert query(tmp_path, "SELECT value, count(*) FROM labels GROUP BY value ORDER BY value") == [
        ("coordinated", 5),
        ("suspected-automated", 1),
    ]
    again = townsquare(tmp_path, "integrity", "scan")
    assert "labels applied 0, lifted 0" in again.stdout


async def test_the_periodic_job_runs_the_scan(app: Starlette, client: httpx.AsyncClient) -> None:
    assert SCAN in all_jobs()
    assert SCAN.interval(app.state.settings) == 3600.0
    await community(app)
    runner = JobRunner(app.state.db, app.state.settings, [SCAN])
    assert await runner.run_once(SCAN)
    manifest = (await client.get("/api/townsquare/v1/integrity")).json()
    assert manifest["scan"]["last_finished_at"] is not None
    log = (await client.get("/api/townsquare/v1/transparency/log")).json()
    assert len(log) == 6
