"""Running Alembic migrations from code (``townsquare migrate``, tests, ``make run``)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from alembic import command
from alembic.config import Config

from townsquare.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(settings: Settings | None = None) -> Config:
    """An Alembic config pointing at the repository's migrations folder."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["settings"] = settings or Settings()
    return config


def upgrade(settings: Settings | None = None, revision: str = "heads") -> None:
    """Bring the database up to ``revision`` (every head); safe inside an event loop."""
    config = alembic_config(settings)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        command.upgrade(config, revision)
        return
    # The migration environment runs its own event loop, which needs a thread of its own.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(command.upgrade, config, revision).result()
