"""Alembic environment: migrates the database the settings (or the caller) name."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from townsquare.db import make_engine
from townsquare.models import Base
from townsquare.settings import Settings

target_metadata = Base.metadata


def managed_by_hand(
    obj: object, name: str | None, type_: str, reflected: bool, _other: object
) -> bool:
    """Autogenerate skips full-text objects: migrations create those with raw SQL."""
    return not (name and ("_fts" in name or "search_vector" in name))


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=managed_by_hand,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    settings = context.config.attributes.get("settings") or Settings()
    engine = make_engine(settings)
    async with engine.begin() as conn:
        await conn.run_sync(run_with)
    await engine.dispose()


if context.config.attributes.get("connection") is not None:
    run_with(context.config.attributes["connection"])
else:
    asyncio.run(run_online())
