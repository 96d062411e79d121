"""Paged lists of accounts: followers, following, follow requests, blocks and mutes.

Each page is one query joining the relation to its accounts, keyed by the relation
row's id (what ``max_id`` / ``min_id`` in the ``Link`` header refer to, as in
Mastodon). Suspended accounts are left out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.paging import PageRequest
from townsquare.models import Account, Block, Follow, FollowRequest, Mute
from townsquare.models.base import as_utc
from townsquare.social.repository import active_mute_condition, excluded_ids_query

AccountRow = tuple[int, Account]


async def followers(
    session: AsyncSession, account_id: int, page: PageRequest, viewer_id: int | None
) -> list[AccountRow]:
    """Accounts following ``account_id``, minus those the viewer blocks, mutes or is blocked by."""
    query = _accounts_of(Follow.id, Follow.account_id).where(Follow.target_account_id == account_id)
    return await _fetch(session, _hide_excluded(query, viewer_id), Follow.id, page)


async def following(
    session: AsyncSession, account_id: int, page: PageRequest, viewer_id: int | None
) -> list[AccountRow]:
    """Accounts ``account_id`` follows, minus those the viewer blocks, mutes or is blocked by."""
    query = _accounts_of(Follow.id, Follow.target_account_id).where(Follow.account_id == account_id)
    return await _fetch(session, _hide_excluded(query, viewer_id), Follow.id, page)


async def follow_requests(
    session: AsyncSession, account_id: int, page: PageRequest
) -> list[AccountRow]:
    """Accounts waiting for ``account_id`` to answer their follow request."""
    query = _accounts_of(FollowRequest.id, FollowRequest.account_id).where(
        FollowRequest.target_account_id == account_id
    )
    return await _fetch(session, query, FollowRequest.id, page)


async def blocks(session: AsyncSession, account_id: int, page: PageRequest) -> list[AccountRow]:
    """Accounts ``account_id`` blocks."""
    query = _accounts_of(Block.id, Block.target_account_id).where(Block.account_id == account_id)
    return await _fetch(session, query, Block.id, page)


async def mutes(
    session: AsyncSession, account_id: int, page: PageRequest
) -> list[tuple[int, Account, datetime | None]]:
    """Accounts ``account_id`` mutes, with when each mute ends; expired mutes are left out."""
    query = (
        _accounts_of(Mute.id, Mute.target_account_id)
        .add_columns(Mute.expires_at)
        .where(Mute.account_id == account_id, active_mute_condition())
    )
    rows = await session.execute(page.apply(query, Mute.id))
    return page.finish([(key, account, as_utc(expires)) for key, account, expires in rows])


def _accounts_of(key: Any, account_column: Any) -> Select[Any]:
    return (
        select(key, Account)
        .join(Account, Account.id == account_column)
        .where(Account.suspended_at.is_(None))
    )


def _hide_excluded(query: Select[Any], viewer_id: int | None) -> Select[Any]:
    if viewer_id is None:
        return query
    return query.where(Account.id.not_in(excluded_ids_query(viewer_id)))


async def _fetch(
    session: AsyncSession, query: Select[Any], key: Any, page: PageRequest
) -> list[AccountRow]:
    rows = await session.execute(page.apply(query, key))
    return page.finish([(row_key, account) for row_key, account in rows])
