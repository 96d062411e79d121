"""Every filter query."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import bindparam, delete, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.prepared import Prepared, columns_of, split_models
from townsquare.models import Filter, FilterKeyword, FilterStatus


async def filters_of(session: AsyncSession, account_id: int) -> list[Filter]:
    query = select(Filter).where(Filter.account_id == account_id).order_by(Filter.id)
    return list((await session.execute(query)).scalars())


async def get_own(session: AsyncSession, account_id: int, filter_id: int) -> Filter | None:
    query = select(Filter).where(Filter.id == filter_id, Filter.account_id == account_id)
    return (await session.execute(query)).scalar_one_or_none()


async def keywords_of(
    session: AsyncSession, filter_ids: Collection[int]
) -> dict[int, list[FilterKeyword]]:
    found: dict[int, list[FilterKeyword]] = {i: [] for i in filter_ids}
    if not filter_ids:
        return found
    query = (
        select(FilterKeyword)
        .where(FilterKeyword.filter_id.in_(filter_ids))
        .order_by(FilterKeyword.id)
    )
    for keyword in (await session.execute(query)).scalars():
        found[keyword.filter_id].append(keyword)
    return found


async def statuses_of(
    session: AsyncSession, filter_ids: Collection[int]
) -> dict[int, list[FilterStatus]]:
    found: dict[int, list[FilterStatus]] = {i: [] for i in filter_ids}
    if not filter_ids:
        return found
    query = (
        select(FilterStatus).where(FilterStatus.filter_id.in_(filter_ids)).order_by(FilterStatus.id)
    )
    for row in (await session.execute(query)).scalars():
        found[row.filter_id].append(row)
    return found


# Built once and run on the driver: every rendered page of statuses asks for the viewer's.
_ACTIVE_WITH_KEYWORDS = Prepared(
    select(*columns_of(Filter, FilterKeyword), exists().where(FilterStatus.filter_id == Filter.id))
    .select_from(Filter)
    .outerjoin(FilterKeyword, FilterKeyword.filter_id == Filter.id)
    .where(
        Filter.account_id == bindparam("account_id"),
        or_(Filter.expires_at.is_(None), Filter.expires_at > bindparam("now")),
    )
    .order_by(Filter.id, FilterKeyword.id)
)


async def active_with_keywords(
    session: AsyncSession, account_id: int, now: datetime
) -> list[tuple[Filter, FilterKeyword | None, bool]]:
    """The account's unexpired filters with their keywords, and whether each names
    statuses too: one query."""
    rows = await _ACTIVE_WITH_KEYWORDS.rows(session, {"account_id": account_id, "now": now})
    found = []
    for row in rows:
        filter_, keyword = split_models(row, (Filter, FilterKeyword))
        found.append((filter_, keyword, bool(row[-1])))
    return found


async def filtered_statuses_among(
    session: AsyncSession, filter_ids: Collection[int], status_ids: Collection[int]
) -> list[tuple[int, int]]:
    """(filter id, status id) for the statuses among ``status_ids`` that the filters name."""
    if not filter_ids or not status_ids:
        return []
    query = select(FilterStatus.filter_id, FilterStatus.status_id).where(
        FilterStatus.filter_id.in_(filter_ids), FilterStatus.status_id.in_(status_ids)
    )
    return [(row[0], row[1]) for row in await session.execute(query)]


async def keyword_with_filter(
    session: AsyncSession, account_id: int, keyword_id: int
) -> FilterKeyword | None:
    query = (
        select(FilterKeyword)
        .join(Filter, Filter.id == FilterKeyword.filter_id)
        .where(FilterKeyword.id == keyword_id, Filter.account_id == account_id)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def status_with_filter(
    session: AsyncSession, account_id: int, filter_status_id: int
) -> FilterStatus | None:
    query = (
        select(FilterStatus)
        .join(Filter, Filter.id == FilterStatus.filter_id)
        .where(FilterStatus.id == filter_status_id, Filter.account_id == account_id)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def delete_filter(session: AsyncSession, filter_id: int) -> None:
    # Children first: SQLite enforces no foreign keys unless asked, so no cascade relied on.
    await session.execute(delete(FilterKeyword).where(FilterKeyword.filter_id == filter_id))
    await session.execute(delete(FilterStatus).where(FilterStatus.filter_id == filter_id))
    await session.execute(delete(Filter).where(Filter.id == filter_id))


async def delete_keyword(session: AsyncSession, keyword_id: int) -> None:
    await session.execute(delete(FilterKeyword).where(FilterKeyword.id == keyword_id))


async def delete_status(session: AsyncSession, filter_status_id: int) -> None:
    await session.execute(delete(FilterStatus).where(FilterStatus.id == filter_status_id))


async def status_already_filtered(session: AsyncSession, filter_id: int, status_id: int) -> bool:
    query = select(FilterStatus.id).where(
        FilterStatus.filter_id == filter_id, FilterStatus.status_id == status_id
    )
    return (await session.execute(query)).first() is not None
