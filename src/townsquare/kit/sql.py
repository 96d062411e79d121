"""Small SQL helpers that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def insert_ignoring_duplicates(session: AsyncSession, model: Any) -> Any:
    """``INSERT ... ON CONFLICT DO NOTHING`` for the session's database."""
    module = postgresql if dialect_name(session) == "postgresql" else sqlite
    return module.insert(model).on_conflict_do_nothing()
