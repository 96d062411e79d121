"""OAuth 2 endpoints: authorize (HTML login + consent), token, revoke, userinfo, metadata.

Errors under ``/oauth/*`` use RFC 6749's ``{"error", "error_description"}`` shape, as
Mastodon (Doorkeeper) sends them; the HTML form shows its errors as pages.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import unquote_plus, urlencode, urlsplit, urlunsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from townsquare.accounts import service as accounts_service
from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.application import render_token
from townsquare.kit.json import JSON
from townsquare.oauth import csrf, pages
from townsquare.oauth.errors import OAuthError
from townsquare.oauth.grants import TokenRequest, exchange
from townsquare.oauth.scopes import GRANULAR, TOP_LEVEL
from townsquare.oauth.service import (
    AuthorizationError,
    AuthorizationRequest,
    authenticate_client,
    issue_code,
    revoke,
    text_field,
    validate_authorization,
)

# Mastodon's throttle on sign-in attempts per IP (rack-attack): 25 per 5 minutes.
LOGIN_ATTEMPTS, LOGIN_PERIOD = 25, 300
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _with_query(uri: str, values: dict[str, str | None]) -> str:
    """``uri`` with ``values`` appended to its query string (keeping what it had)."""
    parts = urlsplit(uri)
    extra = urlencode({k: v for k, v in values.items() if v is not None})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit(parts._replace(query=query))


def _redirect(uri: str, values: dict[str, str | None]) -> Response:
    return RedirectResponse(_with_query(uri, values), status_code=302, headers=NO_STORE)


async def _oauth_error(ctx: Ctx, error: OAuthError) -> Response:
    """Discard anything the failed request wrote and answer in RFC 6749's shape."""
    await ctx.session.rollback()
    headers = dict(NO_STORE)
    if error.status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="townsquare"'
    return JSON(error.as_dict(), status_code=error.status, headers=headers)


def _authorization_failed(ctx: Ctx, error: OAuthError) -> Response:
    """Redirect the error to the client when its redirect URI is known, else show it."""
    if isinstance(error, AuthorizationError) and error.redirect_uri:
        values = {"error": error.error, "error_description": error.description}
        return _redirect(error.redirect_uri, {**values, "state": error.state})
    return pages.error_page(
        "Authorization failed", error.description, site_title=ctx.settings.title
    )


def _consent_page(
    ctx: Ctx, request: AuthorizationRequest, *, error: str = "", username: str = ""
) -> Response:
    """The login + consent form, with a CSRF nonce cookie and its HMAC in the form."""
    nonce = csrf.usable_nonce(ctx.request.cookies.get(csrf.COOKIE_NAME)) or csrf.new_nonce()
    hidden = {
        "client_id": request.app.client_id,
        "redirect_uri": request.redirect_uri,
        "response_type": "code",
        "scope": " ".join(request.scopes),
        "state": request.state,
        "code_challenge": request.code_challenge,
        "code_challenge_method": request.code_challenge_method,
    }
    response = pages.render(
        "oauth_authorize.html",
        401 if error else 200,
        site_title=ctx.settings.title,
        app_name=request.app.name,
        app_website=request.app.website,
        scopes=[{"name": s, "description": pages.describe_scope(s)} for s in request.scopes],
        hidden=[(k, v) for k, v in hidden.items() if v is not None],
        csrf_token=csrf.form_token(ctx.settings.secret_key, nonce),
        error=error,
        username=username,
    )
    response.set_cookie(
        csrf.COOKIE_NAME,
        nonce,
        path=csrf.COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=ctx.settings.scheme == "https",
    )
    return response


@endpoint(auth="none")
async def authorize_page(ctx: Ctx) -> Response:
    """GET /oauth/authorize"""
    try:
        request = await validate_authorization(ctx.session, ctx.params.data)
    except OAuthError as error:  # malformed parameters, or an authorization error
        return _authorization_failed(ctx, error)
    return _consent_page(ctx, request)


@endpoint(auth="none")
async def authorize_decision(ctx: Ctx) -> Response:
    """POST /oauth/authorize: the user's login and decision."""
    cookie = ctx.request.cookies.get(csrf.COOKIE_NAME)
    if not csrf.is_valid(ctx.settings.secret_key, cookie, ctx.params.raw("csrf_token")):
        return pages.error_page(
            "Invalid form",
            "This form has expired or was not sent by this site. Go back and reload the page.",
            403,
            site_title=ctx.settings.title,
        )
    try:
        request = await validate_authorization(ctx.session, ctx.params.data)
    except OAuthError as error:  # malformed parameters, or an authorization error
        return _authorization_failed(ctx, error)
    if ctx.params.raw("decision") != "approve":
        denied = AuthorizationError(
            "access_denied", redirect_uri=request.redirect_uri, state=request.state
        )
        return _authorization_failed(ctx, denied)
    return await _approve(ctx, request)


async def _approve(ctx: Ctx, request: AuthorizationRequest) -> Response:
    login = ctx.params.raw("username")
    password = ctx.params.raw("password")
    if not isinstance(login, str) or not isinstance(password, str) or not login or not password:
        return _consent_page(ctx, request, error="Enter your email or username and password.")
    login = login.strip()[:320]
    await ctx.state.rate_limiter.check(f"login:{ctx.client_ip}", LOGIN_ATTEMPTS, LOGIN_PERIOD)
    account = await accounts_service.check_login(ctx.session, login, password[:1000])
    if account is None:
        return _consent_page(
            ctx, request, error="Invalid email/username or password.", username=login
        )
    code = await issue_code(ctx.session, request, account)
    if request.out_of_band:
        return pages.render(
            "oauth_code.html", site_title=ctx.settings.title, app_name=request.app.name, code=code
        )
    return _redirect(request.redirect_uri, {"code": code, "state": request.state})


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    """Client credentials from an HTTP Basic header (RFC 6749 section 2.3.1)."""
    header = request.headers.get("authorization", "")
    if header[:6].lower() != "basic ":
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except ValueError:  # binascii.Error and UnicodeDecodeError are both ValueErrors
        raise OAuthError("invalid_client") from None
    client_id, separator, secret = decoded.partition(":")
    if not separator:
        raise OAuthError("invalid_client")
    return unquote_plus(client_id), unquote_plus(secret)


def _client_credentials(ctx: Ctx) -> tuple[str | None, str | None]:
    basic = _basic_credentials(ctx.request)
    if basic is not None:
        return basic
    data = ctx.params.data
    return text_field(data, "client_id", 200), text_field(data, "client_secret", 200)


@endpoint(auth="none")
async def token(ctx: Ctx) -> Response:
    """POST /oauth/token"""
    data = ctx.params.data
    try:
        client_id, client_secret = _client_credentials(ctx)
        request = TokenRequest(
            grant_type=text_field(data, "grant_type", 50),
            client_id=client_id,
            client_secret=client_secret,
            **{
                name: text_field(data, name)
                for name in ("code", "redirect_uri", "code_verifier", "scope", "refresh_token")
            },
            username=text_field(data, "username", 320),
            password=text_field(data, "password", 1000),
        )
        if request.grant_type == "password":
            limiter = ctx.state.rate_limiter
            await limiter.check(f"login:{ctx.client_ip}", LOGIN_ATTEMPTS, LOGIN_PERIOD)
        issued = await exchange(ctx.session, ctx.settings, request)
    except OAuthError as error:
        return await _oauth_error(ctx, error)
    return JSON(render_token(issued), headers=NO_STORE)


@endpoint(auth="none")
async def revoke_token(ctx: Ctx) -> Response:
    """POST /oauth/revoke"""
    try:
        client_id, client_secret = _client_credentials(ctx)
        app = await authenticate_client(ctx.session, client_id, client_secret)
        await revoke(ctx.session, app, text_field(ctx.params.data, "token"))
    except OAuthError as error:
        return await _oauth_error(ctx, error)
    return JSON({})


@endpoint(scope="profile", auth="required")
async def userinfo(ctx: Ctx) -> Response:
    """GET/POST /oauth/userinfo: OpenID Connect claims about the token's user."""
    account = ctx.viewer
    base = ctx.settings.base_url
    return JSON(
        {
            "iss": base + "/",
            "sub": f"{base}/users/{account.username}",
            "name": account.display_name or account.username,
            "preferred_username": account.username,
            "profile": f"{base}/@{account.username}",
            "picture": base + "/avatars/original/missing.png",
        }
    )


def server_metadata(base: str) -> dict[str, Any]:
    """RFC 8414 authorization server metadata, as Mastodon 4.3+ publishes it."""
    return {
        "issuer": base + "/",
        "service_documentation": "https://docs.joinmastodon.org/",
        "authorization_endpoint": base + "/oauth/authorize",
        "token_endpoint": base + "/oauth/token",
        "app_registration_endpoint": base + "/api/v1/apps",
        "revocation_endpoint": base + "/oauth/revoke",
        "userinfo_endpoint": base + "/oauth/userinfo",
        "scopes_supported": [*TOP_LEVEL, *GRANULAR],
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "code_challenge_methods_supported": ["S256"],
        "grant_types_supported": [
            "authorization_code",
            "password",
            "client_credentials",
            "refresh_token",
        ],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
    }


@endpoint(auth="none")
async def authorization_server(ctx: Ctx) -> Response:
    """GET /.well-known/oauth-authorization-server"""
    return JSON(server_metadata(ctx.settings.base_url))


routes: list[BaseRoute] = [
    Route("/oauth/authorize", authorize_page, methods=["GET"]),
    Route("/oauth/authorize", authorize_decision, methods=["POST"]),
    Route("/oauth/token", token, methods=["POST"]),
    Route("/oauth/revoke", revoke_token, methods=["POST"]),
    Route("/oauth/userinfo", userinfo, methods=["GET", "POST"]),
    Route("/.well-known/oauth-authorization-server", authorization_server, methods=["GET"]),
]
