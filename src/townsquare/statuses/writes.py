"""Writes about statuses: counters, mentions, tags, interactions, idempotency keys.

Counters are always ``n = n + delta`` in SQL, so concurrent requests never lose an
update; inserts that two requests may race on ignore the duplicate and report whether
they changed anything, so that callers touch counters only for real changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Integer, bindparam, case, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from townsquare.ids import new_id
from townsquare.kit.prepared_writes import PreparedInsert, PreparedWrite, table_of
from townsquare.kit.sql import insert_ignoring, insert_ignoring_duplicates
from townsquare.models import (
    Account,
    ConversationMute,
    HomeFeedEntry,
    IdempotencyKey,
    Mention,
    Notification,
    Status,
    StatusEdit,
    StatusTag,
    Tag,
)
from townsquare.models.base import utcnow


def _shifted(column: InstrumentedAttribute[int], delta: int) -> Any:
    """``column + delta`` that never goes below zero."""
    if delta >= 0:
        return column + delta
    return case((column + delta < 0, 0), else_=column + delta).cast(Integer)


async def adjust_statuses_count(
    session: AsyncSession, account_id: int, delta: int, *, posted_at: datetime | None = None
) -> None:
    """Shift an account's ``statuses_count``; ``posted_at`` also sets ``last_status_at``."""
    values: dict[Any, Any] = {Account.statuses_count: _shifted(Account.statuses_count, delta)}
    if posted_at is not None:
        values[Account.last_status_at] = posted_at
    await session.execute(update(Account).where(Account.id == account_id).values(values))


async def adjust_status_counter(
    session: AsyncSession, status_id: int, column: InstrumentedAttribute[int], delta: int
) -> None:
    """Shift ``replies_count``, ``reblogs_count`` or ``favourites_count`` of one status."""
    await session.execute(
        update(Status).where(Status.id == status_id).values({column: _shifted(column, delta)})
    )


async def claim_idempotency_key(
    session: AsyncSession, account_id: int, key: str, status_id: int
) -> bool:
    """Record that ``key`` made ``status_id``; ``False`` when another request claimed it first."""
    inserted = await session.execute(
        insert_ignoring_duplicates(session, IdempotencyKey)
        .values(account_id=account_id, key=key, status_id=status_id, created_at=utcnow())
        .returning(IdempotencyKey.status_id)
    )
    return inserted.first() is not None


async def delete_status_row(session: AsyncSession, status_id: int) -> None:
    """Delete a status; mentions, tags, favourites, pins, edits and reblogs cascade."""
    await session.execute(delete(Status).where(Status.id == status_id))


async def replace_mentions(session: AsyncSession, status_id: int, account_ids: list[int]) -> None:
    """Set an edited status's mentions."""
    await session.execute(delete(Mention).where(Mention.status_id == status_id))
    if account_ids:
        await session.execute(
            insert_ignoring_duplicates(session, Mention),
            [{"status_id": status_id, "account_id": a} for a in account_ids],
        )


async def ensure_tags(session: AsyncSession, names: Iterable[str]) -> dict[str, int]:
    """Tag ids by lower-cased name, creating missing tags (safe under concurrent inserts)."""
    display = {name.lower(): name for name in names}
    if not display:
        return {}
    await session.execute(
        insert_ignoring_duplicates(session, Tag),
        [{"name": lower, "display_name": shown} for lower, shown in display.items()],
    )
    rows = await session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(list(display))))
    return {row[0]: row[1] for row in rows}


async def replace_tags(session: AsyncSession, status_id: int, tag_ids: Iterable[int]) -> None:
    """Set an edited status's hashtags."""
    await session.execute(delete(StatusTag).where(StatusTag.status_id == status_id))
    rows = [{"status_id": status_id, "tag_id": t} for t in set(tag_ids)]
    if rows:
        await session.execute(insert_ignoring_duplicates(session, StatusTag), rows)


async def insert_reblog(session: AsyncSession, values: Mapping[str, Any]) -> int | None:
    """Insert a reblog row; ``None`` when the account had already reblogged the status."""
    inserted = await session.execute(
        insert_ignoring_duplicates(session, Status).values(**values).returning(Status.id)
    )
    row = inserted.first()
    return int(row[0]) if row else None


async def insert_interaction(
    session: AsyncSession, model: type[Any], account_id: int, status_id: int
) -> bool:
    """Insert a favourite, bookmark or pin; ``False`` when it already existed."""
    inserted = await session.execute(
        insert_ignoring_duplicates(session, model)
        .values(account_id=account_id, status_id=status_id)
        .returning(model.id)
    )
    return inserted.first() is not None


async def delete_interaction(
    session: AsyncSession, model: type[Any], account_id: int, status_id: int
) -> bool:
    """Delete a favourite, bookmark or pin; ``False`` when there was none."""
    deleted = await session.execute(
        delete(model)
        .where(model.account_id == account_id, model.status_id == status_id)
        .returning(model.id)
    )
    return deleted.first() is not None


async def mute_conversation(session: AsyncSession, account_id: int, conversation_id: int) -> None:
    """Mute a thread for the account; muting it again changes nothing."""
    await session.execute(
        insert_ignoring_duplicates(session, ConversationMute).values(
            account_id=account_id, conversation_id=conversation_id, created_at=utcnow()
        )
    )


async def unmute_conversation(session: AsyncSession, account_id: int, conversation_id: int) -> None:
    await session.execute(
        delete(ConversationMute).where(
            ConversationMute.account_id == account_id,
            ConversationMute.conversation_id == conversation_id,
        )
    )


async def delete_reblogs_of(session: AsyncSession, status_id: int) -> None:
    """Remove every reblog of a status, from the rebloggers' counts and from home timelines."""
    reblog_ids = select(Status.id).where(Status.reblog_of_id == status_id)
    rebloggers = select(Status.account_id).where(Status.reblog_of_id == status_id)
    await session.execute(
        update(Account)
        .where(Account.id.in_(rebloggers))
        .values(statuses_count=_shifted(Account.statuses_count, -1))
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        delete(HomeFeedEntry)
        .where(HomeFeedEntry.status_id.in_(reblog_ids))
        .execution_options(synchronize_session=False)
    )
    await session.execute(delete(Status).where(Status.reblog_of_id == status_id))


async def delete_notification(
    session: AsyncSession, *, recipient_id: int, from_account_id: int, type: str, status_id: int
) -> None:
    """Withdraw a notification whose cause was undone (an unfavourite, an unreblog)."""
    await session.execute(
        delete(Notification).where(
            Notification.account_id == recipient_id,
            Notification.from_account_id == from_account_id,
            Notification.type == type,
            Notification.status_id == status_id,
        )
    )


def add_edit(session: AsyncSession, status: Status, *, at: datetime) -> None:
    """Record the status's current version in its history."""
    session.add(
        StatusEdit(
            id=new_id(),  # assigned now, so that versions sort in the order they were added
            status_id=status.id,
            account_id=status.account_id,
            text=status.text,
            content=status.content,
            spoiler_text=status.spoiler_text,
            sensitive=status.sensitive,
            created_at=at,
        )
    )


async def lock_account(session: AsyncSession, account_id: int) -> None:
    """Serialise an account's concurrent limit checks (``FOR UPDATE``; SQLite writes serialise)."""
    await session.execute(select(Account.id).where(Account.id == account_id).with_for_update())


# The writes of a new post run on the driver (``kit.prepared_writes``): a post is the
# platform's most frequent write, and the ORM's unit of work was half of its time.
_STATUS_ROW = PreparedInsert(Status)
_accounts, _statuses, _tags = table_of(Account), table_of(Status), table_of(Tag)
_POSTED = PreparedWrite(
    update(_accounts)
    .where(_accounts.c.id == bindparam("account_id"))
    .values(
        statuses_count=_accounts.c.statuses_count + 1,
        last_status_at=bindparam("at", type_=_accounts.c.last_status_at.type),
    )
)
_REPLIED = PreparedWrite(
    update(_statuses)
    .where(_statuses.c.id == bindparam("status_id"))
    .values(replies_count=_statuses.c.replies_count + 1)
)
_MENTION = PreparedWrite(
    lambda dialect: insert_ignoring(dialect, Mention).values(
        status_id=bindparam("status_id"), account_id=bindparam("account_id")
    )
)
_TAG = PreparedWrite(
    lambda dialect: insert_ignoring(dialect, Tag).values(
        {name: bindparam(name, type_=column.type) for name, column in _tags.c.items()}
    )
)
_TAGGED = PreparedWrite(
    lambda dialect: insert_ignoring(dialect, StatusTag).from_select(
        ["status_id", "tag_id"],
        select(bindparam("status_id", type_=BigInteger), _tags.c.id).where(
            _tags.c.name == bindparam("name")
        ),
    )
)


async def insert_new_status(session: AsyncSession, values: Mapping[str, Any]) -> Status:
    """Write a new status row; the status as written (an object no session holds)."""
    row = await _STATUS_ROW.one(session, values)
    return Status(**row)


async def count_new_post(session: AsyncSession, author_id: int, at: datetime) -> None:
    """One more post in the author's ``statuses_count``, posted ``at``."""
    await _POSTED.run(session, {"account_id": author_id, "at": at})


async def count_new_reply(session: AsyncSession, parent_id: int) -> None:
    """One more reply in the parent's ``replies_count``."""
    await _REPLIED.run(session, {"status_id": parent_id})


async def link_new_status(
    session: AsyncSession, status_id: int, account_ids: list[int], tags: Mapping[str, str]
) -> None:
    """A new status's mentions, and its hashtags (``display`` by lower-cased name),
    creating the tags no status used before."""
    await _MENTION.run_many(
        session, [{"status_id": status_id, "account_id": a} for a in account_ids]
    )
    if not tags:
        return
    now = utcnow()
    await _TAG.run_many(
        session,
        [
            {"id": new_id(), "name": name, "display_name": shown, "created_at": now}
            for name, shown in tags.items()
        ],
    )
    await _TAGGED.run_many(session, [{"status_id": status_id, "name": n} for n in tags])
