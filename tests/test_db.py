"""How the engine sets up its database connections."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

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
