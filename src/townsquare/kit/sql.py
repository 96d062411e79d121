"""Small SQL helpers that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import BigInteger, Boolean, String, bindparam, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import TypeDecorator, TypeEngine


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def insert_ignoring_duplicates(session: AsyncSession, model: Any) -> Any:
    """``INSERT ... ON CONFLICT DO NOTHING`` for the session's database."""
    return insert_ignoring(dialect_name(session), model)


def insert_ignoring(dialect: str, model: Any) -> Any:
    """``INSERT ... ON CONFLICT DO NOTHING`` for the database named ``dialect``."""
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(model).on_conflict_do_nothing()


class IdList(TypeDecorator[list[int]]):
    """A list of 64-bit ids bound as ONE parameter: a JSON array on SQLite, an array on
    PostgreSQL. See ``in_ids``."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.ARRAY(BigInteger))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        ids = [int(i) for i in value or ()]
        return ids if dialect.name == "postgresql" else orjson.dumps(ids).decode()


class _InIds(ColumnElement[bool]):
    """``column IN <one bound list of ids>``, rendered per dialect by ``_render_in_ids``."""

    type = Boolean()
    inherit_cache = True
    # A predicate in its own right: without this, SQLite would get "... IN (...) = 1",
    # which it cannot answer from an index.
    _is_implicitly_boolean = True
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("ids", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: ColumnElement[Any], ids: BindParameter[Any]) -> None:
        self.column = column
        self.ids = ids


@compiles(_InIds)
def _render_in_ids(element: _InIds, compiler: Any, **kw: Any) -> str:
    column, ids = compiler.process(element.column, **kw), compiler.process(element.ids, **kw)
    return f"{column} = ANY({ids})"


@compiles(_InIds, "sqlite")
def _render_in_ids_sqlite(element: _InIds, compiler: Any, **kw: Any) -> str:
    column, ids = compiler.process(element.column, **kw), compiler.process(element.ids, **kw)
    return f"{column} IN (SELECT value FROM json_each({ids}))"


def in_ids(column: Any, name: str) -> ColumnElement[bool]:
    """``column IN (:name)`` where ``:name`` is bound to a list of ids at execution.

    Unlike an ``expanding`` IN, the SQL text never changes with the list's length, so a
    cached statement is not re-rendered on every execution (SQLAlchemy's re-rendering
    cost ~50 µs a list, ten times the query on SQLite) and the database keeps one
    prepared statement.
    """
    return _InIds(column, bindparam(name, type_=IdList()))


def id_rows(name: str, dialect: str) -> Any:
    """The ids bound to ``:name`` (an ``IdList``) as rows with one column, ``value``.

    For statements that probe an index once per id (a correlated subquery on
    ``.c.value``) whatever the plan: PostgreSQL caches a generic plan for a prepared
    statement, made without the parameter values, and an ``IN`` list next to
    "the viewer's rows" then became a filter over all of the viewer's rows.
    """
    ids = bindparam(name, type_=IdList())
    if dialect == "postgresql":
        return func.unnest(ids).table_valued("value").render_derived(name=f"{name}_rows")
    return func.json_each(ids).table_valued("value").alias(f"{name}_rows")
