"""Notification queries: a page of the ones a viewer may still see, one, or deletion.

The list statement is built once per shape (paging bounds, which filters are on) and
cached with named bind parameters, as the timeline statements are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Select, String, bindparam, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.paging import PageRequest, apply_bound
from townsquare.models import Notification, Status
from townsquare.timelines import conditions as cond
from townsquare.timelines.conditions import NOW, VIEWER

statuses = Status.__table__


@dataclass(frozen=True)
class NotificationFilter:
    """Which of the viewer's notifications to list. ``types`` None means every type."""

    types: Sequence[str] | None = None
    exclude_types: Sequence[str] = ()
    from_account_id: int | None = None


def _shown() -> list[ColumnElement[bool]]:
    """Hide notifications from accounts the viewer blocks, or mutes with notifications
    hidden, and those whose status the viewer may no longer see."""
    return [
        Notification.account_id == VIEWER,
        ~cond.viewer_blocks(VIEWER, [Notification.from_account_id]),
        ~cond.notification_mute(VIEWER, Notification.from_account_id, NOW),
        or_(Notification.status_id.is_(None), cond.visible_to(VIEWER, statuses)),
    ]


def _visible() -> Select[Any]:
    return (
        select(Notification).outerjoin(Status, Status.id == Notification.status_id).where(*_shown())
    )


def _types(name: str) -> Any:
    return bindparam(name, type_=String, expanding=True)


@lru_cache(maxsize=64)
def _page_statement(shape: tuple[bool, bool, bool], filters: tuple[bool, ...]) -> Select[Any]:
    has_types, has_exclude, has_from = filters
    query = _visible()
    if has_types:
        query = query.where(Notification.type.in_(_types("types")))
    if has_exclude:
        query = query.where(Notification.type.not_in(_types("exclude_types")))
    if has_from:
        query = query.where(
            Notification.from_account_id == bindparam("from_account_id", type_=BigInteger)
        )
    return apply_bound(query, Notification.id, shape)


async def page(
    session: AsyncSession,
    viewer_id: int,
    wanted: NotificationFilter,
    page: PageRequest,
    now: datetime,
) -> list[Notification]:
    """One page of the viewer's notifications: a range of the (account_id, id) index."""
    filters = (
        wanted.types is not None,
        bool(wanted.exclude_types),
        wanted.from_account_id is not None,
    )
    params = {
        **page.bind_values(),
        "viewer_id": viewer_id,
        "now": now,
        "types": list(wanted.types or ()),
        "exclude_types": list(wanted.exclude_types),
        "from_account_id": wanted.from_account_id,
    }
    statement = _page_statement(page.shape, filters)
    rows = (await session.execute(statement, params)).scalars().all()
    return page.finish(rows)


@lru_cache(maxsize=1)
def _one_statement() -> Select[Any]:
    return _visible().where(Notification.id == bindparam("notification_id", type_=BigInteger))


async def get_visible(
    session: AsyncSession, viewer_id: int, notification_id: int, now: datetime
) -> Notification | None:
    """The viewer's notification ``notification_id``, if they may still see it."""
    params = {"viewer_id": viewer_id, "now": now, "notification_id": notification_id}
    return (await session.execute(_one_statement(), params)).scalar_one_or_none()


async def delete_one(session: AsyncSession, viewer_id: int, notification_id: int) -> bool:
    """Delete one of the viewer's notifications; False when there is no such notification."""
    result = await session.execute(
        delete(Notification).where(
            Notification.id == notification_id, Notification.account_id == viewer_id
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def delete_all(session: AsyncSession, viewer_id: int) -> None:
    await session.execute(delete(Notification).where(Notification.account_id == viewer_id))
