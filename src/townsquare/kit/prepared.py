"""Hot read statements run straight on the database driver, inside the session's transaction.

Through an ``AsyncSession`` every statement costs 100 to 200 µs of SQLAlchemy bookkeeping
(execution context, result objects, ORM loading), several times what SQLite or PostgreSQL
need to answer it; a timeline page runs a dozen. ``Prepared`` keeps SQLAlchemy for what it
is good at (writing the statement once, per dialect) and skips the rest: the statement is
compiled once per dialect, its parameters and columns are converted by the same type
processors SQLAlchemy would use, and it runs on the driver connection that the session's
connection already holds, so it sees the same transaction.

Only for reads on hot paths, measured: everything else goes through the session.
(``kit.prepared_writes`` does the same for the few writes of a post.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

import orjson
from sqlalchemy import JSON, BindParameter, CompoundSelect, DateTime, Float, Numeric, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, configure_mappers
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.types import TypeEngine

Processor = Callable[[Any], Any] | None
# Any SELECT or UNION, whatever the types of its columns.
Statement = Select[*tuple[Any, ...]] | CompoundSelect[*tuple[Any, ...]]
Model = TypeVar("Model", bound=DeclarativeBase)

_DRIVER_KEY = "townsquare.driver_connection"


@dataclass(frozen=True)
class Compiled:
    sql: str
    names: tuple[str, ...]  # bind parameter names, in placeholder order
    defaults: Mapping[str, Any]  # values fixed in the statement (literals, limits)
    binds: tuple[Processor, ...]
    converted: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column index, processor)


def _sqlite_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _result_processor(type_: TypeEngine[Any], dialect: Dialect) -> Processor:
    """SQLAlchemy's own conversion, except two C-speed equivalents on SQLite's hot types
    (its datetime parser is a regular expression; its JSON is the standard library's)."""
    if dialect.name == "sqlite":
        if isinstance(type_, DateTime):
            return _sqlite_datetime
        if isinstance(type_, JSON):
            return orjson.loads
    if isinstance(type_, (Numeric, Float)):
        # asyncpg decodes numbers itself; SQLAlchemy's processor wants the column's type code.
        return None if type_.asdecimal else float
    return type_.dialect_impl(dialect).result_processor(dialect, None)


def _inline(bind: BindParameter[Any], value: Any, dialect: Dialect) -> str:
    """SQL text for a parameter written into the statement, by the type's literal renderer."""
    render = bind.type.dialect_impl(dialect).literal_processor(dialect)
    if render is None:
        raise ValueError(f"cannot write {bind.key} into SQL")
    if bind.expanding:
        return ", ".join(render(v) for v in value)
    return str(render(value))


def compile_statement(statement: Any, dialect: Dialect, inlined: Mapping[str, Any]) -> Compiled:
    """The statement's SQL for ``dialect``, with ``inlined`` parameters written into it,
    and how to convert the rest of its parameters and the columns it selects."""
    compiled: Any = statement.compile(dialect=dialect)
    sql = compiled.string
    inlined = {
        **{
            name: bind.value
            for name, bind in compiled.binds.items()
            if (bind.expanding or bind.literal_execute) and not bind.required
        },
        **inlined,
    }
    for name, value in inlined.items():
        bind = compiled.binds[name]
        sql = sql.replace(f"__[POSTCOMPILE_{name}]", _inline(bind, value, dialect))
    names = tuple(n for n in compiled.positiontup or () if n not in inlined)
    binds = compiled.binds
    return Compiled(
        sql=sql,
        names=names,
        defaults={n: binds[n].effective_value for n in names if not binds[n].required},
        binds=tuple(binds[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names),
        converted=tuple(
            (index, process)
            # An INSERT, UPDATE or DELETE selects nothing to convert.
            for index, column in enumerate(getattr(statement, "selected_columns", ()))
            if (process := _result_processor(column.type, dialect)) is not None
        ),
    )


async def driver_connection(session: AsyncSession) -> tuple[Any, Any]:
    """The driver connection under the session's connection (begun if need be), and the
    session's (synchronous) ``Connection``."""
    sync = session.sync_session
    if sync.new or sync.deleted or sync.dirty:
        # As autoflush would: a read must see what this request has written so far.
        await session.flush()
    # While the session's transaction is the one the connection was looked up in, it is
    # the same connection: asking the session again costs a greenlet switch per statement.
    transaction = sync.get_transaction()
    cached = session.info.get(_DRIVER_KEY)
    if cached is not None and transaction is cached[0] and transaction.is_active:
        return cached[1], cached[2]
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    cached = (sync.get_transaction(), raw.driver_connection, connection.sync_connection)
    session.info[_DRIVER_KEY] = cached
    return cached[1], cached[2]


def bound_values(compiled: Compiled, params: Mapping[str, Any]) -> list[Any]:
    """The statement's parameters in placeholder order, converted for the driver."""
    values = []
    for name, process in zip(compiled.names, compiled.binds, strict=True):
        value = params[name] if name in params else compiled.defaults[name]
        values.append(process(value) if process is not None else value)
    return values


def announce(connection: Any, sql: str, values: Any, many: bool = False) -> None:
    """Tell the connection's statement listeners about a statement run on the driver."""
    if connection.dispatch.before_cursor_execute:
        # Statement listeners (logging, the tests that check what ranking reads) see
        # these statements as they see the session's.
        connection.dispatch.before_cursor_execute(connection, None, sql, values, None, many)


class Prepared:
    """A SELECT compiled once per dialect and run on the driver connection."""

    def __init__(self, statement: Statement) -> None:
        self.statement = statement
        self._compiled: dict[tuple[Any, ...], Compiled] = {}
        binds = statement._get_embedded_bindparams()
        # SQLAlchemy writes some parameters into the SQL at each execution: ``IN`` lists
        # (``expanding``) and a page's LIMIT (``literal_execute``). Those fixed in the
        # statement, and LIMITs given at execution, are written in here, once per value; a
        # statement with an ``IN`` list given at execution stays on the session
        # (``kit.sql.in_ids`` binds a list as one parameter instead).
        self.supported = not any(b.expanding and b.required for b in binds)
        self._literal_names = tuple(
            sorted({b.key for b in binds if b.literal_execute and b.required})
        )

    def _for(self, dialect: Dialect, params: Mapping[str, Any]) -> Compiled:
        literals = tuple(params[name] for name in self._literal_names)
        key = (dialect.name, *literals)
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) > 256:
                self._compiled.clear()
            inlined = dict(zip(self._literal_names, literals, strict=True))
            compiled = self._compiled[key] = compile_statement(self.statement, dialect, inlined)
        return compiled

    async def rows(self, session: AsyncSession, params: Mapping[str, Any]) -> list[Any]:
        """Every row, each a tuple or list of Python values typed as the ORM would type them."""
        driver, connection = await driver_connection(session)
        dialect = connection.dialect
        compiled = self._for(dialect, params)
        values = bound_values(compiled, params)
        announce(connection, compiled.sql, values)
        if dialect.name == "sqlite":
            raw_rows = driver._conn.execute(compiled.sql, values).fetchall()
            if not compiled.converted:
                return raw_rows  # sqlite3 rows are tuples already
        else:
            raw_rows = await driver.fetch(compiled.sql, *values)
            if not compiled.converted:
                return [tuple(row) for row in raw_rows]
        rows = [list(row) for row in raw_rows]
        for index, process in compiled.converted:
            for row in rows:
                value = row[index]
                if value is not None:
                    row[index] = process(value)
        return rows


@cache
def attribute_keys(model: type[DeclarativeBase]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The model's attribute names in table column order, and its primary key's positions."""
    # Instances made by hand need the mappers' attribute machinery set up, as a query would.
    configure_mappers()
    mapper: Any = model.__mapper__
    columns = list(model.__table__.columns)
    keys = tuple(mapper.get_property_by_column(c).key for c in columns)
    return keys, tuple(columns.index(c) for c in mapper.primary_key)


def columns_of(*models: type[DeclarativeBase]) -> list[Any]:
    """Every column of each model's table, in order: the select list ``as_models`` and
    ``split_models`` read."""
    return [column for model in models for column in model.__table__.columns]


def as_models(model: type[Model], rows: Sequence[Sequence[Any]]) -> list[Model]:
    """Detached, read-only instances of ``model`` from rows of ``columns_of(model)``.

    They read like loaded objects; they belong to no session, so nothing written to them
    is saved (``session.add`` one to change it), and relationships (``lazy="raise"``) stay
    unloaded.
    """
    manager: Any = model.__mapper__.class_manager
    keys, primary_key = attribute_keys(model)
    objects = []
    for row in rows:
        obj = manager.new_instance()
        state = instance_state(obj)
        state.dict.update(zip(keys, row, strict=True))
        state.key = (model, tuple(row[i] for i in primary_key), None)
        objects.append(obj)
    return objects


async def models_by_id(
    session: AsyncSession, prepared: Prepared, model: type[Model], ids: Iterable[int]
) -> dict[Any, Model]:
    """Detached copies of ``model`` by id, from a ``Prepared`` select of the model's columns
    whose only parameter is the id list ``ids`` (``kit.sql.in_ids``)."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = await prepared.rows(session, {"ids": wanted})
    return {obj.id: obj for obj in as_models(model, rows)}  # type: ignore[attr-defined]


def split_models(row: Sequence[Any], models: Sequence[type[Any]]) -> list[Any]:
    """One instance per model from a row of ``columns_of(*models)``; ``None`` for a model
    whose columns are all NULL (an outer join that found nothing)."""
    found: list[Any] = []
    start = 0
    for model in models:
        width = len(model.__table__.columns)
        values = row[start : start + width]
        start += width
        found.append(None if values[0] is None else as_models(model, [values])[0])
    return found


_by_statement: dict[int, tuple[Any, Prepared]] = {}


def prepared_for(statement: Any) -> Prepared:
    """The ``Prepared`` of a statement built once and reused (e.g. from an ``lru_cache``)."""
    found = _by_statement.get(id(statement))
    if found is None or found[0] is not statement:
        if len(_by_statement) > 4096:
            _by_statement.clear()
        found = _by_statement[id(statement)] = (statement, Prepared(statement))
    return found[1]
