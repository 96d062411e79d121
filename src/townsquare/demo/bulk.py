"""Bulk writes for seeding (demo data, benchmarks): Core inserts and set-based fan-out.

``fill_home_feeds`` produces, in a few set-based statements, exactly the
``home_feed_entries`` that ``townsquare.timelines.fanout.fan_out`` would have written had
every seeded status been posted one by one after the follows existed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, exists, insert, literal, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from townsquare.kit.sql import insert_ignoring_duplicates
from townsquare.models import Account, Follow, HomeFeedEntry, Mention, Status
from townsquare.settings import Settings

CHUNK = 5000
Progress = Callable[[int], None]


async def bulk_insert(
    session: AsyncSession,
    model: Any,
    rows: Sequence[dict[str, Any]],
    progress: Progress | None = None,
) -> None:
    """Insert ``rows`` (dicts with the same keys; non-columns are dropped) in large batches.

    Goes straight to the driver's ``executemany`` with SQLAlchemy's own bind processing
    and column defaults: ORM-level inserts cost ~20x more per row, which matters when
    seeding hundreds of thousands of rows.
    """
    if not rows:
        return
    table = model.__table__
    dialect = session.get_bind().dialect
    given = [column for column in table.columns if column.key in rows[0]]
    defaulted = [
        column
        for column in table.columns
        if column.key not in rows[0]
        and column.default is not None
        and (column.default.is_scalar or column.default.is_callable)
    ]
    columns = given + defaulted
    compiled = (
        insert(table).values({c.key: bindparam(c.key) for c in columns}).compile(dialect=dialect)
    )
    order = list(compiled.positiontup or [])
    processors = compiled._bind_processors  # the per-type conversions a normal insert applies
    connection = await session.connection()
    for chunk in chunks(rows):
        batch = [_values(row, order, defaulted, processors) for row in chunk]
        await connection.exec_driver_sql(str(compiled), batch)
        if progress is not None:
            progress(len(chunk))


def _values(
    row: dict[str, Any], order: list[str], defaulted: list[Any], processors: Any
) -> tuple[Any, ...]:
    values = dict(row)
    for column in defaulted:
        default = column.default
        values[column.key] = default.arg(None) if default.is_callable else default.arg
    out = []
    for key in order:
        value = values[key]
        processor = processors.get(key)
        out.append(processor(value) if processor is not None else value)
    return tuple(out)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def fill_home_feeds(session: AsyncSession, settings: Settings) -> None:
    """Write the home-timeline entries that fan-out on write would have made for every status."""
    entry = insert_ignoring_duplicates(session, HomeFeedEntry)
    target = ["account_id", "status_id", "author_id"]
    # SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT (parsing ambiguity).
    own = select(Status.account_id, Status.id, Status.account_id).where(true())
    await session.execute(entry.from_select(target, own))
    direct = (
        select(Mention.account_id, Status.id, Status.account_id)
        .join(Mention, Mention.status_id == Status.id)
        .where(Status.visibility == "direct")
    )
    await session.execute(entry.from_select(target, direct))
    await session.execute(entry.from_select(target, _follower_entries(settings)))


def _follower_entries(settings: Settings) -> Any:
    """Followers' entries, with fan_out's rules for reblogs, replies and big authors."""
    other_side = aliased(Follow)
    replies_ok = or_(
        Status.in_reply_to_account_id.is_(None),
        Status.in_reply_to_account_id == Status.account_id,
        Follow.account_id == Status.in_reply_to_account_id,  # the addressee follows the author
        exists().where(
            other_side.account_id == Follow.account_id,
            other_side.target_account_id == Status.in_reply_to_account_id,
        ),
    )
    return (
        select(Follow.account_id, Status.id, Status.account_id)
        .join(Follow, Follow.target_account_id == Status.account_id)
        .join(Account, Account.id == Status.account_id)
        .where(
            Follow.account_id != Status.account_id,
            Status.visibility != "direct",
            Account.followers_count <= settings.fanout_threshold,
            or_(Status.reblog_of_id.is_(None), Follow.show_reblogs.is_(True)),
            replies_ok,
        )
    )


async def has_accounts(session: AsyncSession) -> bool:
    """Whether the database holds any account (``townsquare demo --if-empty``)."""
    found = await session.execute(select(literal(1)).select_from(Account).limit(1))
    return found.first() is not None
