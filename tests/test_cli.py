"""The ``townsquare`` command, run as a subprocess the way an operator runs it."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from bench.server import townsquare_command

from townsquare.db import Database
from townsquare.models import Account, Follow, PendingFanout, Status
from townsquare.settings import Settings


def townsquare(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TOWNSQUARE_DATA_DIR": str(data_dir), "TOWNSQUARE_DATABASE_URL": ""}
    return subprocess.run(
        [*townsquare_command(), *args], env=env, capture_output=True, text=True, timeout=120
    )


def query(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(data_dir / "townsquare.db") as db:
        return db.execute(sql).fetchall()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("cli")
    result = townsquare(data_dir, "migrate")
    assert result.returncode == 0, result.stderr
    assert "database is up to date" in result.stdout
    return data_dir


def test_migrate_creates_the_database_and_is_idempotent(migrated: Path) -> None:
    assert (migrated / "townsquare.db").exists()
    again = townsquare(migrated, "migrate")
    assert again.returncode == 0, again.stderr
    assert query(migrated, "SELECT count(*) FROM accounts") == [(0,)]


def test_create_user(migrated: Path) -> None:
    result = townsquare(
        migrated,
        "create-user",
        "carol",
        "--email",
        "carol@example.test",
        "--password",
        "s3cret-pass",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("created @carol (id ")
    rows = query(
        migrated,
        "SELECT a.username, u.email FROM accounts a JOIN users u ON u.account_id = a.id "
        "WHERE a.username = 'carol'",
    )
    assert rows == [("carol", "carol@example.test")]


def test_create_user_rejects_a_bad_username(migrated: Path) -> None:
    result = townsquare(
        migrated,
        "create-user",
        "no spaces!",
        "--email",
        "x@example.test",
        "--password",
        "s3cret-pass",
    )
    assert result.returncode == 2
    assert "Username must contain only letters, numbers and underscores" in result.stderr
    assert query(migrated, "SELECT count(*) FROM users WHERE email = 'x@example.test'") == [(0,)]


def test_create_user_rejects_a_taken_username(migrated: Path) -> None:
    args = ("create-user", "dave", "--email", "dave@example.test", "--password", "s3cret-pass")
    assert townsquare(migrated, *args).returncode == 0
    again = townsquare(
        migrated, "create-user", "DAVE", "--email", "d2@example.test", "--password", "s3cret-pass"
    )
    assert again.returncode == 2
    assert "Username has already been taken" in again.stderr


def test_demo_fills_an_empty_database_and_prints_the_login(tmp_path: Path) -> None:
    assert townsquare(tmp_path, "migrate").returncode == 0
    result = townsquare(tmp_path, "demo", "--accounts", "5", "--posts", "20")
    assert result.returncode == 0, result.stderr
    assert "Demo login: username demo" in result.stdout
    assert "password townsquare-demo" in result.stdout
    assert query(tmp_path, "SELECT count(*) FROM accounts") == [(5,)]
    assert query(tmp_path, "SELECT count(*) FROM statuses")[0][0] >= 18
    (follows,) = query(tmp_path, "SELECT count(*) FROM follows")[0]
    assert follows > 0
    # The demo account sees its own posts and those of the accounts it follows.
    (home,) = query(
        tmp_path,
        "SELECT count(*) FROM home_feed_entries h JOIN accounts a ON a.id = h.account_id "
        "WHERE a.username = 'demo'",
    )[0]
    assert home > 0


def test_demo_if_empty_leaves_existing_data_alone(tmp_path: Path) -> None:
    assert townsquare(tmp_path, "migrate").returncode == 0
    assert townsquare(tmp_path, "demo", "--accounts", "4", "--posts", "10").returncode == 0
    again = townsquare(tmp_path, "demo", "--if-empty", "--accounts", "50")
    assert again.returncode == 0, again.stderr
    assert "already has accounts" in again.stdout
    assert query(tmp_path, "SELECT count(*) FROM accounts") == [(4,)]


def test_demo_rejects_a_short_password(tmp_path: Path) -> None:
    result = townsquare(tmp_path, "demo", "--password", "short")
    assert result.returncode == 2
    assert "Password is too short (minimum is 8 characters)" in result.stderr


def test_worker_once_delivers_queued_fan_out(migrated: Path) -> None:
    """`townsquare worker --once` runs every job: here, a queued post reaches a follower."""
    asyncio.run(_queue_a_post(migrated))
    result = townsquare(migrated, "worker", "--once")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ran ") and "fanout" in result.stdout  # and other jobs
    assert query(migrated, "SELECT a.username FROM home_feed_entries h JOIN accounts a "
                 "ON a.id = h.account_id JOIN statuses s ON s.id = h.status_id "
                 "WHERE s.text = 'queued'") == [("fan",)]  # fmt: skip
    assert query(migrated, "SELECT count(*) FROM pending_fanouts") == [(0,)]


async def _queue_a_post(data_dir: Path) -> None:
    db = Database(Settings(data_dir=data_dir, database_url=None))
    async with db.session() as session:
        author = Account(username="poster", username_lower="poster")
        fan = Account(username="fan", username_lower="fan")
        session.add_all([author, fan])
        await session.flush()
        session.add(Follow(account_id=fan.id, target_account_id=author.id))
        status = Status(account_id=author.id, text="queued", content="<p>queued</p>")
        session.add(status)
        await session.flush()
        session.add(PendingFanout(status_id=status.id))
        await session.commit()
    await db.dispose()
