"""Database engine and sessions for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from townsquare import ids
from townsquare.settings import Settings
from townsquare.sqlite_inline import inline_connector

log = logging.getLogger("townsquare.db")

# A write that holds SQLite's write slot longer than this is logged: every other write of
# every process waits for it meanwhile.
# HTTP methods that read only: they never take the write slot.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SLOW_WRITE_SECONDS = 1.0


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the single writer; busy_timeout makes a writer wait
    # for the lock instead of failing when two processes write at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # A bigger page cache and memory-mapped reads: timelines touch pages all over the file.
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


def make_engine(settings: Settings) -> AsyncEngine:
    """Create the async engine the settings describe."""
    url = settings.resolved_database_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        path = Path(url.split("///", 1)[1])
        engine = create_async_engine(
            url,
            async_creator=inline_connector(path),
            pool_size=settings.db_pool_size,
            max_overflow=10,
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    server_settings = {"plan_cache_mode": settings.pg_plan_cache_mode}
    return create_async_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=10,
        pool_pre_ping=False,
        connect_args={"server_settings": server_settings},
    )


async def _lock_exclusively(fd: int) -> None:
    """Take an exclusive ``flock`` on ``fd`` without stalling the event loop.

    When another process holds the lock, a thread waits for it, so this process keeps
    serving reads meanwhile. A waiter cancelled mid-wait still lets the thread finish
    taking the lock and releases it, so the lock is never left held by nobody.
    """
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    waiting = asyncio.get_running_loop().run_in_executor(None, fcntl.flock, fd, fcntl.LOCK_EX)
    try:
        await asyncio.shield(waiting)
    except asyncio.CancelledError:
        while not waiting.done():
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(waiting)
        fcntl.flock(fd, fcntl.LOCK_UN)
        raise


class Database:
    """Owns the engine and hands out sessions. One per process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Every process writing to this database draws its id node from the same folder.
        ids.use_node_folder(settings.data_dir / "id-nodes", settings.id_node_range)
        self.engine = make_engine(settings)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        self._write_lock = asyncio.Lock() if self.engine.dialect.name == "sqlite" else None
        self._lock_fd: int | None = None

    @asynccontextmanager
    async def writer(self, method: str, purpose: str = "") -> AsyncIterator[None]:
        """Hold SQLite's single write slot for a request that may write (POST, PUT, ...).

        SQLite lets one connection write at a time and makes the others poll, sleeping up
        to 100 ms between tries. Queueing writers here instead (an asyncio lock within the
        process, an exclusive ``flock`` across worker processes) hands the slot over the
        moment it is free. PostgreSQL needs none of this. A hold longer than
        ``SLOW_WRITE_SECONDS`` is logged with its ``purpose`` (a request, a job).
        """
        if self._write_lock is None or method in READ_METHODS:
            yield
            return
        async with self._write_lock:
            fd = self._lock_file()
            await _lock_exclusively(fd)
            taken = time.monotonic()
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                held = time.monotonic() - taken
                if held > SLOW_WRITE_SECONDS:
                    log.warning("held SQLite's write slot for %.1f s: %s", held, purpose or "?")

    def _lock_file(self) -> int:
        if self._lock_fd is None:
            path = self.settings.data_dir / "write.lock"
            self._lock_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        return self._lock_fd

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session that rolls back on error; the caller commits."""
        async with self.sessions() as session:
            try:
                yield session
            except BaseException:
                await session.rollback()
                raise

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
