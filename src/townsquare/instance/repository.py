"""Queries behind the instance's statistics: users, posts, activity."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.ids import id_floor
from townsquare.models import Account, OAuthToken, Status, User


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


async def count_users(session: AsyncSession) -> int:
    """Local users whose account is not suspended."""
    found = await session.execute(
        select(func.count())
        .select_from(User)
        .join(Account, Account.id == User.account_id)
        .where(Account.suspended_at.is_(None))
    )
    return int(found.scalar() or 0)


async def count_statuses(session: AsyncSession) -> int:
    """Every post on this server (all of them are local), reblogs excluded."""
    found = await session.execute(
        select(func.count()).select_from(Status).where(Status.reblog_of_id.is_(None))
    )
    return int(found.scalar() or 0)


async def count_active_users(session: AsyncSession, since: datetime) -> int:
    """Accounts that posted or signed in since ``since``."""
    # Ids are time-ordered, so "posted since" is a range on the primary key.
    posters = select(Status.account_id.label("account_id")).where(Status.id >= id_floor(_ms(since)))
    signed_in = select(User.account_id.label("account_id")).where(User.last_sign_in_at >= since)
    active = union(posters, signed_in).subquery()
    found = await session.execute(select(func.count()).select_from(active))
    return int(found.scalar() or 0)


Week = tuple[datetime, datetime | None]


async def weekly_counts(session: AsyncSession, weeks: Sequence[Week]) -> list[dict[str, int]]:
    """Statuses, logins and registrations in each ``(start, end)`` week (end None: open)."""
    oldest = min(start for start, _ in weeks)
    statuses = await session.execute(
        select(*[_count_if(_id_range(Status.id, s, e)) for s, e in weeks]).where(
            Status.id >= id_floor(_ms(oldest)), Status.reblog_of_id.is_(None)
        )
    )
    registrations = await session.execute(
        select(*[_count_if(_time_range(User.created_at, s, e)) for s, e in weeks]).where(
            User.created_at >= oldest
        )
    )
    # A login is a token issued to a user; each user counts once a week.
    logins = await session.execute(
        select(
            *[
                func.count(
                    func.distinct(
                        case((_time_range(OAuthToken.created_at, s, e), OAuthToken.account_id))
                    )
                )
                for s, e in weeks
            ]
        ).where(OAuthToken.created_at >= oldest, OAuthToken.account_id.is_not(None))
    )
    status_row, registration_row, login_row = statuses.one(), registrations.one(), logins.one()
    return [
        {
            "statuses": int(status_row[i] or 0),
            "logins": int(login_row[i] or 0),
            "registrations": int(registration_row[i] or 0),
        }
        for i in range(len(weeks))
    ]


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def _time_range(column: Any, start: datetime, end: datetime | None) -> ColumnElement[bool]:
    if end is None:
        return column >= start
    return and_(column >= start, column < end)


def _id_range(column: Any, start: datetime, end: datetime | None) -> ColumnElement[bool]:
    """A time range on a time-ordered id column."""
    if end is None:
        return column >= id_floor(_ms(start))
    return and_(column >= id_floor(_ms(start)), column < id_floor(_ms(end)))


async def contact_account(session: AsyncSession) -> Account | None:
    """The oldest active admin: the account people can write to about this server."""
    found = await session.execute(
        select(Account)
        .where(Account.role == "admin", Account.suspended_at.is_(None))
        .order_by(Account.id)
        .limit(1)
    )
    return found.scalar_one_or_none()
