"""How the engine sets up its database connections."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from townsquare import db as db_module
from townsquare.db import Database
from townsquare.settings import Settings


async def _plan_cache_mode(settings: Settings) -> str:
    db = Database(settings)
    try:
        async with db.engine.connect() as connection:
            return str((await connection.execute(text("SHOW plan_cache_mode"))).scalar())
    finally:
        await db.dispose()


async def test_postgresql_plans_each_prepared_statement_once_by_default(
    pg_database: str, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=pg_database)
    assert await _plan_cache_mode(settings) == "force_generic_plan"


@pytest.mark.parametrize("mode", ["auto", "force_custom_plan"])
async def test_the_plan_cache_mode_is_a_setting(
    pg_database: str, tmp_path: Path, mode: str
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=pg_database, pg_plan_cache_mode=mode)
    assert await _plan_cache_mode(settings) == mode


def test_an_unknown_plan_cache_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="pg_plan_cache_mode"):
        Settings(data_dir=tmp_path, pg_plan_cache_mode="sometimes")


async def test_a_long_hold_of_sqlites_write_slot_is_logged_with_its_purpose(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_module, "SLOW_WRITE_SECONDS", 0.05)
    db = Database(Settings(data_dir=tmp_path))
    try:
        async with db.writer("POST", "a quick write"):
            pass
        async with db.writer("GET", "a read"):
            await asyncio.sleep(0.1)
        assert "write slot" not in caplog.text
        async with db.writer("POST", "job: a slow one"):
            await asyncio.sleep(0.1)
    finally:
        await db.dispose()
    assert "write slot for 0.1 s: job: a slow one" in caplog.text
