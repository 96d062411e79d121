"""Queries for OAuth apps, codes and tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.prepared import Prepared, columns_of, split_models
from townsquare.models import Account, OAuthApp, OAuthCode, OAuthToken, User
from townsquare.oauth.viewer_facts import on_registration, registered_facts

_MODELS = (OAuthToken, Account, User)
_MODEL_COLUMNS = len(columns_of(*_MODELS))


@lru_cache(maxsize=1)
def _token_with_account() -> tuple[Prepared, tuple[str, ...]]:
    """Every authenticated request runs it: compiled once, run on the driver
    (kit.prepared), with the registered viewer facts as extra columns."""
    facts = registered_facts()
    statement = (
        select(
            *columns_of(*_MODELS),
            *(fact(OAuthToken.account_id).label(f"fact_{name}") for name, fact in facts.items()),
        )
        .select_from(OAuthToken)
        .outerjoin(Account, Account.id == OAuthToken.account_id)
        .outerjoin(User, User.account_id == OAuthToken.account_id)
        .where(OAuthToken.token_digest == bindparam("digest"))
    )
    return Prepared(statement), tuple(facts)


on_registration(_token_with_account.cache_clear)


@dataclass
class TokenFound:
    """A token with its account and user (if any) and the facts read about the account."""

    token: OAuthToken
    account: Account | None
    user: User | None
    facts: dict[str, Any]


async def token_with_account(
    session: AsyncSession, token_digest: str, *, attach: bool = True
) -> TokenFound | None:
    """The token stored under ``token_digest`` with its account and user, if any, and the
    registered viewer facts about that account (``oauth.viewer_facts``).

    With ``attach`` they join the session, for a request that may change them; a read
    leaves them detached (attaching three objects costs about a tenth of a small read).
    """
    statement, fact_names = _token_with_account()
    rows = await statement.rows(session, {"digest": token_digest})
    if not rows:
        return None
    row = rows[0]
    token, account, user = split_models(row[:_MODEL_COLUMNS], _MODELS)
    if attach:
        session.add_all([found for found in (token, account, user) if found is not None])
    facts = dict(zip(fact_names, row[_MODEL_COLUMNS:], strict=True))
    return TokenFound(token, account, user, facts)


async def app_by_client_id(session: AsyncSession, client_id: str) -> OAuthApp | None:
    return (
        await session.execute(select(OAuthApp).where(OAuthApp.client_id == client_id))
    ).scalar_one_or_none()


async def app_by_id(session: AsyncSession, app_id: int) -> OAuthApp | None:
    return await session.get(OAuthApp, app_id)


async def code_by_digest(session: AsyncSession, code_digest: str) -> OAuthCode | None:
    return (
        await session.execute(select(OAuthCode).where(OAuthCode.code_digest == code_digest))
    ).scalar_one_or_none()


async def token_by_refresh(session: AsyncSession, refresh_digest: str) -> OAuthToken | None:
    return (
        await session.execute(select(OAuthToken).where(OAuthToken.refresh_digest == refresh_digest))
    ).scalar_one_or_none()


async def token_by_digest(session: AsyncSession, token_digest: str) -> OAuthToken | None:
    return (
        await session.execute(select(OAuthToken).where(OAuthToken.token_digest == token_digest))
    ).scalar_one_or_none()


async def mark_code_used(session: AsyncSession, code_id: int, at: datetime) -> bool:
    """Consume a code atomically: ``False`` when another request already used it."""
    result = await session.execute(
        update(OAuthCode)
        .where(OAuthCode.id == code_id, OAuthCode.used_at.is_(None))
        .values(used_at=at)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


async def revoke_if_active(session: AsyncSession, token_id: int, at: datetime) -> bool:
    """Revoke a token atomically: ``False`` when it was already revoked (a reused refresh)."""
    result = await session.execute(
        update(OAuthToken)
        .where(OAuthToken.id == token_id, OAuthToken.revoked_at.is_(None))
        .values(revoked_at=at)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
