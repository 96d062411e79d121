"""``POST /oauth/token``: the grant types a Mastodon server accepts, one function each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts import repository as accounts_repository
from townsquare.accounts import service as accounts_service
from townsquare.models import OAuthApp
from townsquare.models.base import as_utc, utcnow
from townsquare.oauth import repository
from townsquare.oauth.errors import OAuthError
from townsquare.oauth.scopes import parse_scopes, subset, unknown_scopes
from townsquare.oauth.secrets import digest, pkce_matches
from townsquare.oauth.service import (
    IssuedToken,
    authenticate_client,
    issue_token,
    requested_scopes,
)
from townsquare.settings import Settings


@dataclass(frozen=True)
class TokenRequest:
    """The parameters of a token request (client credentials from the body or Basic auth)."""

    grant_type: str | None
    client_id: str | None
    client_secret: str | None
    code: str | None = None
    redirect_uri: str | None = None
    code_verifier: str | None = None
    scope: str | None = None
    username: str | None = None
    password: str | None = None
    refresh_token: str | None = None


Grant = Callable[[AsyncSession, Settings, OAuthApp, TokenRequest], Awaitable[IssuedToken]]


def _require(value: str | None, name: str) -> str:
    if not value:
        raise OAuthError("invalid_request", f"Missing required parameter: {name}.")
    return value


async def exchange(session: AsyncSession, settings: Settings, request: TokenRequest) -> IssuedToken:
    """Run the requested grant for an authenticated client."""
    grant = GRANTS.get(_require(request.grant_type, "grant_type"))
    if grant is None:
        raise OAuthError("unsupported_grant_type")
    app = await authenticate_client(session, request.client_id, request.client_secret)
    return await grant(session, settings, app, request)


async def authorization_code(
    session: AsyncSession, settings: Settings, app: OAuthApp, request: TokenRequest
) -> IssuedToken:
    """Trade a single-use code (and its PKCE verifier) for a user token."""
    raw_code = _require(request.code, "code")
    code = await repository.code_by_digest(session, digest(raw_code))
    now = utcnow()
    expires_at = as_utc(code.expires_at) if code else None
    if code is None or code.app_id != app.id or expires_at is None or expires_at <= now:
        raise OAuthError("invalid_grant")
    if request.redirect_uri != code.redirect_uri:
        raise OAuthError("invalid_grant")
    if code.code_challenge:
        verifier = _require(request.code_verifier, "code_verifier")
        if not pkce_matches(verifier, code.code_challenge, code.code_challenge_method):
            raise OAuthError("invalid_grant")
    if not await repository.mark_code_used(session, code.id, now):
        raise OAuthError("invalid_grant")
    await _require_active_account(session, code.account_id)
    return await issue_token(session, settings, app, code.account_id, parse_scopes(code.scopes))


async def password(
    session: AsyncSession, settings: Settings, app: OAuthApp, request: TokenRequest
) -> IssuedToken:
    """Resource-owner password credentials, for first-party clients."""
    login = _require(request.username, "username")
    secret = _require(request.password, "password")
    scopes = requested_scopes(app, request.scope)
    account = await accounts_service.check_login(session, login, secret)
    if account is None:
        raise OAuthError("invalid_grant")
    return await issue_token(session, settings, app, account.id, scopes)


async def client_credentials(
    session: AsyncSession, settings: Settings, app: OAuthApp, request: TokenRequest
) -> IssuedToken:
    """An app token acting as no user (account_id NULL), e.g. for registration."""
    scopes = requested_scopes(app, request.scope)
    return await issue_token(session, settings, app, None, scopes, refreshable=False)


async def refresh_token(
    session: AsyncSession, settings: Settings, app: OAuthApp, request: TokenRequest
) -> IssuedToken:
    """Rotate: the old token and its refresh token stop working, a new pair is issued."""
    raw = _require(request.refresh_token, "refresh_token")
    token = await repository.token_by_refresh(session, digest(raw))
    if token is None or token.app_id != app.id or token.revoked_at is not None:
        raise OAuthError("invalid_grant")
    granted = parse_scopes(token.scopes)
    scopes = granted
    if request.scope:
        scopes = parse_scopes(request.scope)
        if not scopes or unknown_scopes(scopes) or not subset(scopes, granted):
            raise OAuthError("invalid_scope")
    if not await repository.revoke_if_active(session, token.id, utcnow()):
        raise OAuthError("invalid_grant")
    if token.account_id is not None:
        await _require_active_account(session, token.account_id)
    return await issue_token(session, settings, app, token.account_id, scopes)


async def _require_active_account(session: AsyncSession, account_id: int) -> None:
    account = await accounts_repository.get(session, account_id)
    user = await accounts_repository.user_for_account(session, account_id)
    if account is None or account.suspended_at is not None or user is None or user.disabled:
        raise OAuthError("invalid_grant")


GRANTS: dict[str, Grant] = {
    "authorization_code": authorization_code,
    "password": password,
    "client_credentials": client_credentials,
    "refresh_token": refresh_token,
}
