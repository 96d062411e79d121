"""The migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from starlette.applications import Starlette

from townsquare.models import Base


async def test_migrations_match_models(app: Starlette) -> None:
    def diff(connection: object) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": False})  # type: ignore[arg-type]
        return [
            change
            for change in compare_metadata(context, Base.metadata)
            if not _is_search_index(change)
        ]

    async with app.state.db.engine.connect() as conn:
        changes = await conn.run_sync(diff)
    assert changes == []


def _is_search_index(change: object) -> bool:
    """Full-text search objects are created by hand in migrations, outside the models."""
    text = repr(change)
    return "_fts" in text or "search_vector" in text
