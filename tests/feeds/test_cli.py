"""``townsquare algorithm``: the hash equals the API's; replay checks a served order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
from starlette.applications import Starlette

from tests.api.native.test_feeds import API, _world

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "townsquare.cli", "algorithm", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_hash_and_replay_from_the_command_line(
    app: Starlette, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    published = (await client.get(f"{API}/algorithm")).json()["source_hash"]["value"]
    result = _cli("hash", "--root", str(ROOT / "src/townsquare/feeds"))
    assert result.returncode == 0 and result.stdout.strip() == published
    w = await _world(app, client)
    page = await client.get(
        f"{API}/feeds/for-you/timeline?explain=true", headers=w["viewer"].headers
    )
    path = tmp_path / "receipts.json"
    path.write_text(json.dumps(page.json()))
    replayed = _cli("replay", str(path))
    assert replayed.returncode == 0, replayed.stderr
    assert json.loads(replayed.stdout)["matches"] is True
    tampered = page.json()
    tampered[0]["receipt"]["inputs"]["likes"] = -1000
    path.write_text(json.dumps(tampered))
    assert _cli("replay", str(path)).returncode == 1
