"""Voters in bulk (accounts and bearer tokens, Core inserts), for the poll benchmark and tests."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.demo.bulk import bulk_insert
from townsquare.ids import new_id
from townsquare.models import Account, OAuthApp, OAuthToken
from townsquare.oauth.secrets import digest, new_secret

SCOPES = "read write follow push"


def voter_rows(count: int, created_at: datetime | None = None) -> list[dict[str, object]]:
    """Account rows named ``v<random>_<i>`` (unique across calls)."""
    prefix = "v" + secrets.token_hex(3)
    when = created_at or datetime.now(UTC)
    return [
        {"id": new_id(), "username": f"{prefix}_{i}", "username_lower": f"{prefix}_{i}",
         "display_name": "", "note": "", "note_html": "", "fields": [],
         "created_at": when, "updated_at": when}
        for i in range(count)
    ]  # fmt: skip


async def seed_voters(
    session: AsyncSession, count: int, created_at: datetime | None = None
) -> list[tuple[int, str]]:
    """``count`` accounts, each with a bearer token: (account id, token) pairs. Not committed."""
    accounts = voter_rows(count, created_at)
    await bulk_insert(session, Account, accounts)
    app = {"id": new_id(), "name": "voters", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
           "scopes": SCOPES, "client_id": new_secret(), "client_secret": new_secret()}  # fmt: skip
    await bulk_insert(session, OAuthApp, [app])
    tokens = [new_secret() for _ in accounts]
    await bulk_insert(
        session,
        OAuthToken,
        [
            {"id": new_id(), "token_digest": digest(token), "app_id": app["id"],
             "account_id": account["id"], "scopes": SCOPES}
            for account, token in zip(accounts, tokens, strict=True)
        ],
    )  # fmt: skip
    return [(int(str(a["id"])), t) for a, t in zip(accounts, tokens, strict=True)]
