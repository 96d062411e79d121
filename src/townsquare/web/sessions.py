"""Browser sessions: an OAuth token of the first-party "townsquare web" app, in a signed cookie.

Signing in issues the account an ordinary access token of that app (scopes apply as for any
client, and the token shows up and expires like one). The cookie holds the raw token and an
HMAC of it under the instance's secret key; the database keeps only the token's digest.
Signing out revokes the token, so a copied cookie stops working at once.
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from townsquare.models import Account, OAuthApp
from townsquare.models.base import utcnow
from townsquare.oauth import repository as oauth_repository
from townsquare.oauth.secrets import digest, new_secret
from townsquare.oauth.service import issue_token
from townsquare.settings import Settings

COOKIE = "townsquare_session"
APP_NAME = "townsquare web"
APP_REDIRECT = "urn:townsquare:web"  # marks the first-party app; never used for a redirect
SCOPES = ["read", "write", "follow", "push"]
MAX_COOKIE = 200


def _mac(settings: Settings, token: str) -> str:
    key = settings.secret_key.encode()
    return hmac.new(key, b"web-session:" + token.encode(), hashlib.sha256).hexdigest()


def token_from_cookie(request: Request, settings: Settings) -> str | None:
    """The session's access token when the cookie carries one with a valid signature."""
    cookie = request.cookies.get(COOKIE, "")
    token, _, mac = cookie.partition(".")
    if not token or len(cookie) > MAX_COOKIE or not cookie.isascii():
        return None
    return token if hmac.compare_digest(_mac(settings, token), mac) else None


async def web_app(session: AsyncSession) -> OAuthApp:
    """The first-party app every browser session belongs to, created on first use."""
    query = select(OAuthApp).where(OAuthApp.redirect_uris == APP_REDIRECT).limit(1)
    found = (await session.execute(query)).scalar_one_or_none()
    if found is not None:
        return found
    app = OAuthApp(
        name=APP_NAME,
        website=None,
        redirect_uris=APP_REDIRECT,
        scopes=" ".join(SCOPES),
        client_id=new_secret(),
        client_secret=new_secret(),
        owner_account_id=None,
    )
    session.add(app)
    await session.flush()
    return app


async def start(
    session: AsyncSession, settings: Settings, account: Account, response: Response
) -> None:
    """Issue a token for ``account`` and set it as the session cookie on ``response``."""
    app = await web_app(session)
    issued = await issue_token(session, settings, app, account.id, SCOPES, refreshable=False)
    raw = issued.access_token
    lifetime = settings.access_token_lifetime_days
    response.set_cookie(
        COOKIE,
        f"{raw}.{_mac(settings, raw)}",
        max_age=lifetime * 86400 if lifetime > 0 else 365 * 86400,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.scheme == "https",
    )


async def end(session: AsyncSession, token: str | None, response: Response) -> None:
    """Revoke the session's token and clear the cookie."""
    if token:
        found = await oauth_repository.token_by_digest(session, digest(token))
        if found is not None and found.revoked_at is None:
            found.revoked_at = utcnow()
    response.delete_cookie(COOKIE, path="/")
