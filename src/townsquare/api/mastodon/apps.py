"""Mastodon API: register an OAuth application and check an app's credentials."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.application import (
    render_application,
    render_credential_application,
)
from townsquare.kit.errors import Unauthorized
from townsquare.kit.json import JSON
from townsquare.oauth import repository as oauth_repository
from townsquare.oauth.applications import (
    MAX_NAME,
    MAX_REDIRECT_URI,
    MAX_REDIRECT_URIS,
    MAX_SCOPES_TEXT,
    MAX_WEBSITE,
    AppRequest,
    register_app,
)


def _redirect_uris(ctx: Ctx) -> list[str]:
    """``redirect_uris`` as one string (URIs separated by whitespace) or an array."""
    raw = ctx.params.raw("redirect_uris")
    if raw is None and ctx.params.raw("redirect_uris[]") is None:
        return []
    if isinstance(raw, str):
        ctx.params.text("redirect_uris", max_length=MAX_REDIRECT_URI * MAX_REDIRECT_URIS)
        return raw.split()
    uris = ctx.params.strings(
        "redirect_uris", max_items=MAX_REDIRECT_URIS, max_length=MAX_REDIRECT_URI
    )
    return [uri.strip() for uri in uris if uri.strip()]


@endpoint(auth="none")
async def create_app(ctx: Ctx) -> Response:
    """POST /api/v1/apps"""
    params = ctx.params
    request = AppRequest(
        name=params.text("client_name", required=True, max_length=MAX_NAME),
        redirect_uris=_redirect_uris(ctx),
        scopes=params.text("scopes", max_length=MAX_SCOPES_TEXT),
        website=params.text("website", max_length=MAX_WEBSITE),
    )
    app = await register_app(ctx.session, request)
    return JSON(render_credential_application(app, ctx.settings))


@endpoint(auth="app")
async def verify_app_credentials(ctx: Ctx) -> Response:
    """GET /api/v1/apps/verify_credentials: any valid token, app or user."""
    token = ctx.token
    app = await oauth_repository.app_by_id(ctx.session, token.app_id) if token else None
    if app is None:
        raise Unauthorized("The access token is invalid")
    return JSON(render_application(app, ctx.settings))


routes: list[BaseRoute] = [
    Route("/api/v1/apps", create_app, methods=["POST"]),
    Route("/api/v1/apps/verify_credentials", verify_app_credentials, methods=["GET"]),
]
