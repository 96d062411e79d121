"""Test fixtures: a clean database per test, on SQLite and on PostgreSQL, and an API client.

Every API test runs twice, once per database (the ``db_kind`` parameter). On CI
(``CI=true``) PostgreSQL and Redis must be reachable: the run fails rather than skips.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from townsquare.accounts import passwords
from townsquare.app import create_app
from townsquare.migrate import upgrade
from townsquare.models import Base
from townsquare.settings import Settings

PG_ADMIN_URL = os.environ.get(
    "TOWNSQUARE_TEST_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TOWNSQUARE_TEST_REDIS", "redis://127.0.0.1:6379/15")
ON_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip locally, fail on CI, when a service is down."""
    if reachable(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}"
    if ON_CI:
        pytest.fail(message + " (required on CI)")
    pytest.skip(message)


def run_in_thread(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine to completion from sync code, even inside the test's event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database that each test copies."""
    folder = tmp_path_factory.mktemp("template")
    upgrade(Settings(data_dir=folder))
    return folder / "townsquare.db"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A migrated PostgreSQL database of this test run's own (runs may overlap on one server)."""
    require_service("PostgreSQL", "127.0.0.1", 5432)
    name = f"townsquare_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"

    async def admin(sql: str) -> None:
        engine = create_async_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(sql))
        await engine.dispose()

    run_in_thread(admin(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    upgrade(Settings(database_url=url))
    yield url
    run_in_thread(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def truncate_all(url: str) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing() -> None:
    """Hash test passwords with argon2id at its minimum cost.

    The production cost (64 MiB, 3 passes) per test account would dominate the suite's
    time; the algorithm and the code paths stay the same. Server processes started by the
    end-to-end tests keep the production cost.
    """
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def settings(db_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """Settings for one test, on a clean database of the parametrised kind."""
    # Candidate caching is off so that each request ranks what the test just wrote; its own
    # tests turn it on (tests/feeds/test_candidate_cache.py).
    base = {
        "data_dir": tmp_path,
        "rate_limits": "off",
        "domain": "ts.test",
        "feeds_candidate_cache_seconds": 0.0,
    }
    if db_kind == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        shutil.copy(template, tmp_path / "townsquare.db")
        return Settings(**base)
    url = request.getfixturevalue("pg_database")
    await truncate_all(url)
    return Settings(**base, database_url=url)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[object]:
    application = create_app(settings)
    yield application
    await application.state.db.dispose()


@pytest.fixture
async def client(app: object) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://ts.test") as http:
        yield http


@pytest.fixture
def redis_url() -> str:
    require_service("Redis", "127.0.0.1", 6379)
    return REDIS_URL
