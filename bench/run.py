"""``make bench``: seed, serve and load-test townsquare on SQLite and PostgreSQL.

python -m bench.run [--db sqlite|postgresql|all] [--seconds 10] [--scale 1.0] [--no-docs]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.load import wrk_available
from bench.report import machine, print_report, write_docs
from bench.scenarios import Runner, RunReport
from bench.seed import seed
from bench.server import Server
from townsquare.migrate import upgrade
from townsquare.models import JobLease
from townsquare.settings import Settings
from townsquare.worker.jobs import all_jobs

PG_HOST, PG_PORT = "127.0.0.1", 5432
PG_ADMIN_URL = f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/postgres"
# One database per run, so that benchmarks running side by side never drop each other's.
PG_BENCH_DB = f"townsquare_bench_{os.getpid()}"


SERVER_LOGS = Path(__file__).parent / "results"


def log(message: str) -> None:
    print(message, flush=True)


async def pg_admin(sql: str) -> str | None:
    engine = create_async_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            result = await conn.execute(text(sql))
            value = result.scalar() if result.returns_rows else None
            return None if value is None else str(value)
    finally:
        await engine.dispose()


@asynccontextmanager
async def sqlite_database() -> AsyncIterator[tuple[Settings, dict[str, str]]]:
    with tempfile.TemporaryDirectory(prefix="townsquare-bench-") as folder:
        env = {"TOWNSQUARE_DATA_DIR": folder, "TOWNSQUARE_DATABASE_URL": ""}
        yield Settings(data_dir=Path(folder), database_url=None), env


@asynccontextmanager
async def pg_database() -> AsyncIterator[tuple[Settings, dict[str, str]]]:
    await pg_admin(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
    await pg_admin(f'CREATE DATABASE "{PG_BENCH_DB}"')
    url = f"postgresql://postgres@{PG_HOST}:{PG_PORT}/{PG_BENCH_DB}"
    try:
        with tempfile.TemporaryDirectory(prefix="townsquare-bench-") as folder:
            env = {"TOWNSQUARE_DATA_DIR": folder, "TOWNSQUARE_DATABASE_URL": url}
            yield Settings(data_dir=Path(folder), database_url=url), env
    finally:
        await pg_admin(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')


async def bench_one(name: str, args: argparse.Namespace) -> RunReport:
    database = sqlite_database() if name == "SQLite" else pg_database()
    async with database as (settings, env):
        started = time.monotonic()
        upgrade(settings)
        data = await seed(settings, args.scale)
        counts = ", ".join(f"{v:,} {k}" for k, v in data.counts.items())
        log(f"{name}: migrated and seeded {counts} in {time.monotonic() - started:.0f} s")
        env = {**env, "TOWNSQUARE_RATE_LIMITS": "off"}
        # Kept after the run (the data folder is not): slow writes and errors are logged there.
        SERVER_LOGS.mkdir(parents=True, exist_ok=True)
        with Server(env, SERVER_LOGS / f"core-{name.lower()}-server.log") as server:
            log(f"{name}: server on {server.url} (2 workers)")
            waited = await wait_for_startup_jobs(settings)
            log(f"{name}: startup jobs (integrity scan, notes, feeds) done after {waited:.0f} s")
            report = await Runner(server.url, data.tokens, args.seconds, log).run(name)
    print_report(report)
    return report


STARTUP_JOBS_LIMIT = 300.0  # seconds; past this, measure anyway


async def wait_for_startup_jobs(settings: Settings) -> float:
    """Wait until every exclusive periodic job has finished its first run: the server runs
    them at startup, and a scenario measured beside them measures them too."""
    expected = {job.name for job in all_jobs() if job.exclusive}
    started = time.monotonic()
    engine = create_async_engine(settings.resolved_database_url)
    try:
        while time.monotonic() - started < STARTUP_JOBS_LIMIT:
            async with engine.connect() as conn:
                done = await conn.execute(
                    select(JobLease.name).where(JobLease.last_finished_at.is_not(None))
                )
                if expected <= set(done.scalars()):
                    break
            await asyncio.sleep(0.5)
    finally:
        await engine.dispose()
    return time.monotonic() - started


def pg_reachable() -> bool:
    import socket

    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


async def databases_to_run(choice: str) -> tuple[list[str], str | None]:
    """The databases ``--db`` names that can run here, and PostgreSQL's version if it runs."""
    names = {"sqlite": ["SQLite"], "postgresql": ["PostgreSQL"]}.get(
        choice, ["SQLite", "PostgreSQL"]
    )
    if "PostgreSQL" not in names:
        return names, None
    if not pg_reachable():
        log(f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT}: skipped.")
        return [n for n in names if n != "PostgreSQL"], None
    return names, await pg_admin("SHOW server_version")


async def main(args: argparse.Namespace) -> int:
    if not wrk_available():
        log("wrk is not installed: `apt-get install -y wrk` (make bench does it).")
        return 2
    names, pg_version = await databases_to_run(args.db)
    reports = [await bench_one(name, args) for name in names]
    if args.docs and reports:
        path = write_docs(reports, machine(pg_version), args.seconds)
        log(f"\nwrote {path}")
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per scenario")
    parser.add_argument("--scale", type=float, default=1.0, help="shrink the seed (tests)")
    parser.add_argument("--no-docs", dest="docs", action="store_false",
                        help="do not rewrite docs/benchmarks.md")  # fmt: skip
    return parser.parse_args()


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(parse_args())))
