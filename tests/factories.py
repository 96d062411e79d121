"""Factories: accounts with tokens, statuses and follows, made straight in the database."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from townsquare.accounts import service as accounts
from townsquare.models import OAuthApp, OAuthToken
from townsquare.oauth.secrets import digest, new_secret

_counter = itertools.count(1)


@dataclass
class Actor:
    """A test user: their account id, username and a bearer token."""

    id: str
    username: str
    token: str
    password: str = "correct horse battery"

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def make_actor(
    app: Starlette,
    username: str | None = None,
    *,
    scopes: str = "read write follow push",
    **fields: Any,
) -> Actor:
    """Register an account and give it an access token with ``scopes``."""
    username = username or f"user{next(_counter)}"
    password = "correct horse battery"
    async with app.state.db.session() as session:
        account, _ = await accounts.register(
            session, username=username, email=f"{username}@example.test", password=password
        )
        for key, value in fields.items():
            setattr(account, key, value)
        token = await _issue_token(session, account.id, scopes)
        await session.commit()
        return Actor(str(account.id), username, token, password)


async def make_token(app: Starlette, actor: Actor, scopes: str) -> str:
    """Another token for ``actor`` with different scopes."""
    async with app.state.db.session() as session:
        token = await _issue_token(session, int(actor.id), scopes)
        await session.commit()
    return token


async def _issue_token(session: AsyncSession, account_id: int, scopes: str) -> str:
    """Register an app with ``scopes`` and issue ``account_id`` a token from it."""
    oauth_app = OAuthApp(
        name="tests",
        redirect_uris="urn:ietf:wg:oauth:2.0:oob",
        scopes=scopes,
        client_id=new_secret(),
        client_secret=new_secret(),
    )
    session.add(oauth_app)
    await session.flush()
    token = new_secret()
    session.add(
        OAuthToken(
            token_digest=digest(token), app_id=oauth_app.id, account_id=account_id, scopes=scopes
        )
    )
    return token
