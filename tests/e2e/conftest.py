"""A real ``townsquare serve`` process per database, for clients that speak HTTP.

The server runs on a free loopback port with a fresh database (SQLite in a temporary
folder, or a PostgreSQL database of its own), rate limits off, and stops after the
session. Users are created with the real ``townsquare create-user`` command.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bench.server import Server, townsquare_command

from tests.conftest import PG_ADMIN_URL, require_service, run_in_thread


@dataclass
class LiveServer:
    url: str
    env: dict[str, str]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``townsquare <args>`` against this server's database."""
        return subprocess.run(
            [*townsquare_command(), *args],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=120,
        )


async def _pg_admin(sql: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    folder: Path = tmp_path_factory.mktemp(f"e2e-{request.param}")
    env = {"TOWNSQUARE_DATA_DIR": str(folder), "TOWNSQUARE_RATE_LIMITS": "off",
           "TOWNSQUARE_DATABASE_URL": ""}  # fmt: skip
    database = None
    if request.param == "postgresql":
        require_service("PostgreSQL", "127.0.0.1", 5432)
        database = f"townsquare_e2e_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        run_in_thread(_pg_admin(f'CREATE DATABASE "{database}"'))
        env["TOWNSQUARE_DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + database
    try:
        migrated = LiveServer("", env).cli("migrate")
        assert migrated.returncode == 0, migrated.stderr
        with Server(env, folder / "server.log", workers=1) as server:
            yield LiveServer(server.url, server.env)
    finally:
        if database:
            run_in_thread(_pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
