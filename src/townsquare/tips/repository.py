"""Every query of the tip jar."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.paging import PageRequest
from townsquare.models import Account, OAuthApp, TipJarAddress, TipJarChange


async def lock_owner(session: AsyncSession, account_id: int) -> None:
    """Serialise tip jar updates of one account (PostgreSQL row lock; SQLite has one writer),
    so two concurrent ``PUT``s neither collide on a new row nor lose a history entry."""
    await session.execute(select(Account.id).where(Account.id == account_id).with_for_update())


async def addresses_of(session: AsyncSession, account_id: int) -> dict[str, TipJarAddress]:
    """An account's addresses by currency."""
    rows = await session.scalars(
        select(TipJarAddress).where(TipJarAddress.account_id == account_id)
    )
    return {row.currency: row for row in rows}


async def remove(session: AsyncSession, account_id: int, currency: str) -> None:
    await session.execute(
        delete(TipJarAddress).where(
            TipJarAddress.account_id == account_id, TipJarAddress.currency == currency
        )
    )


async def application(session: AsyncSession, app_id: int | None) -> OAuthApp | None:
    return await session.get(OAuthApp, app_id) if app_id is not None else None


async def changes(
    session: AsyncSession, account_id: int, page: PageRequest
) -> Sequence[TipJarChange]:
    """A page of an account's address changes, newest first."""
    query = select(TipJarChange).where(TipJarChange.account_id == account_id)
    rows = await session.scalars(page.apply(query, TipJarChange.id))
    return page.finish(rows.all())


async def changes_notified(
    session: AsyncSession, notification_ids: Sequence[int]
) -> Sequence[TipJarChange]:
    """The changes each of these notifications announced, oldest first."""
    rows = await session.scalars(
        select(TipJarChange)
        .where(TipJarChange.notification_id.in_(notification_ids))
        .order_by(TipJarChange.id)
    )
    return rows.all()
