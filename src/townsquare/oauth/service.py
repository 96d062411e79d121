"""OAuth rules: client authentication, authorization requests and codes, tokens, revocation.

Secrets are handed to the client once and stored only as SHA-256 digests.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.models import Account, OAuthApp, OAuthCode, OAuthToken
from townsquare.models.base import utcnow
from townsquare.oauth import repository
from townsquare.oauth.applications import OOB_URI, redirect_uris_of
from townsquare.oauth.errors import OAuthError
from townsquare.oauth.scopes import parse_scopes, subset, unknown_scopes
from townsquare.oauth.secrets import digest, new_secret
from townsquare.settings import Settings

CODE_LIFETIME = timedelta(minutes=10)
MAX_STATE = 1000
PKCE_METHODS = ("S256", "plain")
# RFC 7636 section 4.2: 43 to 128 characters of the unreserved set.
PKCE_VALUE = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")


@dataclass(frozen=True)
class IssuedToken:
    """A freshly created token and the secrets the client sees exactly once."""

    token: OAuthToken
    access_token: str
    refresh_token: str | None


@dataclass(frozen=True)
class AuthorizationRequest:
    """A validated ``/oauth/authorize`` request."""

    app: OAuthApp
    redirect_uri: str
    scopes: list[str]
    state: str | None
    code_challenge: str | None
    code_challenge_method: str | None

    @property
    def out_of_band(self) -> bool:
        return self.redirect_uri == OOB_URI


class AuthorizationError(OAuthError):
    """An authorization request error; ``redirect_uri`` is set when the client may be told."""

    def __init__(
        self,
        error: str,
        description: str | None = None,
        *,
        redirect_uri: str | None = None,
        state: str | None = None,
    ) -> None:
        super().__init__(error, description)
        self.redirect_uri = None if redirect_uri == OOB_URI else redirect_uri
        self.state = state


def text_field(params: Mapping[str, Any], name: str, max_length: int = 2000) -> str | None:
    """A single string parameter; ``invalid_request`` when it is not one or is too long."""
    value = params.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > max_length or "\x00" in value:
        raise OAuthError("invalid_request", f"Invalid parameter: {name}.")
    return value


async def authenticate_client(
    session: AsyncSession, client_id: str | None, client_secret: str | None
) -> OAuthApp:
    """The app whose credentials these are; ``invalid_client`` otherwise."""
    if not client_id or not client_secret:
        raise OAuthError("invalid_client")
    app = await repository.app_by_client_id(session, client_id)
    if app is None or not hmac.compare_digest(app.client_secret.encode(), client_secret.encode()):
        raise OAuthError("invalid_client")
    return app


def requested_scopes(app: OAuthApp, text: str | None) -> list[str]:
    """The scopes asked for (``read`` by default), which must be among the app's."""
    scopes = parse_scopes(text)
    if not scopes or unknown_scopes(scopes) or not subset(scopes, parse_scopes(app.scopes)):
        raise OAuthError("invalid_scope")
    return scopes


async def issue_token(
    session: AsyncSession,
    settings: Settings,
    app: OAuthApp,
    account_id: int | None,
    scopes: list[str],
    *,
    refreshable: bool = True,
) -> IssuedToken:
    """Create an access token (and a refresh token when ``refreshable``)."""
    access = new_secret()
    refresh = new_secret() if refreshable else None
    now = utcnow()
    lifetime = settings.access_token_lifetime_days
    token = OAuthToken(
        token_digest=digest(access),
        refresh_digest=digest(refresh) if refresh else None,
        app_id=app.id,
        account_id=account_id,
        scopes=" ".join(scopes),
        created_at=now,
        expires_at=now + timedelta(days=lifetime) if lifetime > 0 else None,
    )
    session.add(token)
    await session.flush()
    return IssuedToken(token, access, refresh)


async def validate_authorization(
    session: AsyncSession, params: Mapping[str, Any]
) -> AuthorizationRequest:
    """Check an authorization request as RFC 6749 section 4.1.1 and RFC 7636 describe."""
    client_id = text_field(params, "client_id", 200)
    if client_id is None:
        raise AuthorizationError("invalid_request", "Missing required parameter: client_id.")
    app = await repository.app_by_client_id(session, client_id)
    if app is None:
        raise AuthorizationError("invalid_client")
    redirect_uri = _registered_redirect_uri(app, text_field(params, "redirect_uri"))
    try:
        state = text_field(params, "state", MAX_STATE)
    except OAuthError as error:
        raise AuthorizationError(
            error.error, error.description, redirect_uri=redirect_uri
        ) from None
    try:
        return _authorization_request(app, redirect_uri, state, params)
    except OAuthError as error:
        raise AuthorizationError(
            error.error, error.description, redirect_uri=redirect_uri, state=state
        ) from None


def _registered_redirect_uri(app: OAuthApp, requested: str | None) -> str:
    registered = redirect_uris_of(app)
    if requested is None:
        if len(registered) == 1:
            return registered[0]
        raise AuthorizationError("invalid_request", "Missing required parameter: redirect_uri.")
    if requested not in registered:
        raise AuthorizationError(
            "invalid_redirect_uri",
            "The requested redirect uri is malformed or doesn't match client redirect URI.",
        )
    return requested


def _authorization_request(
    app: OAuthApp, redirect_uri: str, state: str | None, params: Mapping[str, Any]
) -> AuthorizationRequest:
    response_type = text_field(params, "response_type", 50)
    if response_type is None:
        raise OAuthError("invalid_request", "Missing required parameter: response_type.")
    if response_type != "code":
        raise OAuthError("unsupported_response_type")
    scopes = requested_scopes(app, text_field(params, "scope", 1000))
    challenge = text_field(params, "code_challenge", 128)
    method = text_field(params, "code_challenge_method", 10)
    if challenge is None and method is not None:
        raise OAuthError("invalid_request", "Missing required parameter: code_challenge.")
    if challenge is not None:
        method = method or "plain"  # RFC 7636 section 4.3: absent means plain
        if method not in PKCE_METHODS:
            raise OAuthError("invalid_request", "Code challenge method must be S256 or plain.")
        if not PKCE_VALUE.match(challenge):
            raise OAuthError("invalid_request", "Code challenge is malformed.")
    return AuthorizationRequest(app, redirect_uri, scopes, state, challenge, method)


async def issue_code(session: AsyncSession, request: AuthorizationRequest, account: Account) -> str:
    """A single-use authorization code, valid for ten minutes."""
    code = new_secret()
    session.add(
        OAuthCode(
            code_digest=digest(code),
            app_id=request.app.id,
            account_id=account.id,
            redirect_uri=request.redirect_uri,
            scopes=" ".join(request.scopes),
            code_challenge=request.code_challenge,
            code_challenge_method=request.code_challenge_method,
            expires_at=utcnow() + CODE_LIFETIME,
        )
    )
    await session.flush()
    return code


async def revoke(session: AsyncSession, app: OAuthApp, raw_token: str | None) -> None:
    """Revoke an access or refresh token of ``app``; unknown tokens are fine (RFC 7009)."""
    if not raw_token:
        raise OAuthError("unauthorized_client")
    token = await repository.token_by_digest(session, digest(raw_token))
    if token is None:
        token = await repository.token_by_refresh(session, digest(raw_token))
    if token is None:
        return
    if token.app_id != app.id:
        raise OAuthError("unauthorized_client")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
