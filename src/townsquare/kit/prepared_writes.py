"""Hot writes run straight on the database driver, inside the session's transaction.

A post writes half a dozen rows and counters. Through the session each write costs the
ORM's unit of work or its ORM-enabled UPDATE (which looks for the rows it changes among
the objects the session holds): about half of a post's time. ``PreparedWrite`` compiles
an INSERT, UPDATE or DELETE once per dialect, as ``kit.prepared.Prepared`` does for reads,
and runs it on the driver connection the session's connection holds, so it commits or
rolls back with everything else the request wrote.

What it skips is the session's knowledge of the rows: an object the session holds does
not see a change written here. Use it where the request holds no such object, or reads
the new values back itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from townsquare.kit.prepared import Compiled, announce, bound_values, compile_statement
from townsquare.kit.prepared import driver_connection as _driver_connection


async def _driver_in_transaction(session: AsyncSession) -> tuple[Any, Any]:
    """The driver connection and the session's ``Connection``, with a transaction begun."""
    driver, connection = await _driver_connection(session)
    if connection.dialect.name == "postgresql":
        # SQLAlchemy's asyncpg adapter sends BEGIN lazily, before its own first statement;
        # a write sent straight to asyncpg before that would commit on its own.
        adapter = connection.connection.dbapi_connection
        if adapter._transaction is None:
            await adapter._start_transaction()
    # sqlite3 begins a transaction itself before the first INSERT, UPDATE or DELETE.
    return driver, connection


def _rows_changed(status: str) -> int:
    """asyncpg's command status (``INSERT 0 3``, ``UPDATE 1``): its last word is the count."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class PreparedWrite:
    """An INSERT, UPDATE or DELETE (RETURNING allowed) compiled once per dialect."""

    def __init__(self, statement: Any | Callable[[str], Any]) -> None:
        """``statement``, or a function that builds it for a dialect's name (for the
        constructs that differ, such as ``ON CONFLICT DO NOTHING``)."""
        self._build = statement if callable(statement) else (lambda _dialect: statement)
        self._compiled: dict[str, Compiled] = {}

    def _for(self, dialect: Dialect) -> Compiled:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            statement = self._build(dialect.name)
            compiled = self._compiled[dialect.name] = compile_statement(statement, dialect, {})
        return compiled

    async def run(self, session: AsyncSession, params: Mapping[str, Any]) -> int:
        """Run it once; how many rows it changed."""
        driver, connection = await _driver_in_transaction(session)
        compiled = self._for(connection.dialect)
        values = bound_values(compiled, params)
        announce(connection, compiled.sql, values)
        if connection.dialect.name == "sqlite":
            return int(driver._conn.execute(compiled.sql, values).rowcount)
        return _rows_changed(await driver.execute(compiled.sql, *values))

    async def run_many(self, session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run it once per row of parameters, in one call to the driver."""
        if not rows:
            return
        driver, connection = await _driver_in_transaction(session)
        compiled = self._for(connection.dialect)
        values = [bound_values(compiled, row) for row in rows]
        announce(connection, compiled.sql, values, many=True)
        if connection.dialect.name == "sqlite":
            driver._conn.executemany(compiled.sql, values)
        else:
            await driver.executemany(compiled.sql, values)

    async def returning(self, session: AsyncSession, params: Mapping[str, Any]) -> list[Any]:
        """Run it once; the rows its RETURNING clause gives, as the driver returns them
        (meant for ids and counts, which need no conversion)."""
        driver, connection = await _driver_in_transaction(session)
        compiled = self._for(connection.dialect)
        values = bound_values(compiled, params)
        announce(connection, compiled.sql, values)
        if connection.dialect.name == "sqlite":
            return driver._conn.execute(compiled.sql, values).fetchall()
        return [tuple(row) for row in await driver.fetch(compiled.sql, *values)]


def table_of(model: type[DeclarativeBase]) -> Table:
    """The model's table, typed as one (the ORM types ``__table__`` as any FROM clause)."""
    return cast(Table, model.__table__)


def with_defaults(model: type[DeclarativeBase], values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` plus the Python-side default of every column they leave out (an id, a
    creation time, a zero counter), as the ORM would fill them in."""
    row = dict(values)
    for column in table_of(model).columns:
        if column.key in row or column.default is None:
            continue
        default: Any = column.default
        if default.is_scalar:
            row[column.key] = default.arg
        elif default.is_callable:
            row[column.key] = default.arg(None)  # SQLAlchemy's wrapper takes a context
    return row


class PreparedInsert:
    """``INSERT INTO`` the model's table, of the columns each call gives (plus their Python
    defaults), compiled once per set of columns."""

    def __init__(self, model: type[DeclarativeBase]) -> None:
        self.model = model
        self.table = table_of(model)
        self._by_columns: dict[tuple[str, ...], PreparedWrite] = {}

    def _statement(self, columns: tuple[str, ...]) -> PreparedWrite:
        prepared = self._by_columns.get(columns)
        if prepared is None:
            binds = {name: bindparam(name, type_=self.table.c[name].type) for name in columns}
            prepared = self._by_columns[columns] = PreparedWrite(insert(self.table).values(binds))
        return prepared

    async def one(self, session: AsyncSession, values: Mapping[str, Any]) -> dict[str, Any]:
        """Insert one row; the row as written, defaults included."""
        row = with_defaults(self.model, values)
        await self._statement(tuple(row)).run(session, row)
        return row
