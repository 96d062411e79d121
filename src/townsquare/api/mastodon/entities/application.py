"""The Application, CredentialApplication and Token entities."""

from __future__ import annotations

from typing import Any

from townsquare.models import OAuthApp
from townsquare.oauth.applications import redirect_uris_of
from townsquare.oauth.scopes import parse_scopes
from townsquare.oauth.service import IssuedToken
from townsquare.settings import Settings


def render_application(app: OAuthApp, settings: Settings) -> dict[str, Any]:
    """The Application entity (what ``/api/v1/apps/verify_credentials`` returns)."""
    uris = redirect_uris_of(app)
    return {
        "id": str(app.id),
        "name": app.name,
        "website": app.website,
        "scopes": parse_scopes(app.scopes),
        "redirect_uri": "\n".join(uris),
        "redirect_uris": uris,
        # Deprecated in Mastodon 4.3; clients read it from /api/v2/instance now.
        "vapid_key": str(getattr(settings, "vapid_public_key", "") or ""),
    }


def render_credential_application(app: OAuthApp, settings: Settings) -> dict[str, Any]:
    """The CredentialApplication entity: the Application plus its client credentials."""
    entity = render_application(app, settings)
    entity["client_id"] = app.client_id
    entity["client_secret"] = app.client_secret
    entity["client_secret_expires_at"] = 0
    return entity


def render_token(issued: IssuedToken) -> dict[str, Any]:
    """The Token entity, with RFC 6749's ``refresh_token`` / ``expires_in`` when they apply."""
    token = issued.token
    entity: dict[str, Any] = {
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "scope": token.scopes,
        "created_at": int(token.created_at.timestamp()),
    }
    if issued.refresh_token:
        entity["refresh_token"] = issued.refresh_token
    if token.expires_at is not None:
        entity["expires_in"] = int((token.expires_at - token.created_at).total_seconds())
    return entity
