"""Registering OAuth applications (``POST /api/v1/apps``): validation and creation."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import Unprocessable
from townsquare.models import Account, OAuthApp
from townsquare.oauth.scopes import parse_scopes, unknown_scopes
from townsquare.oauth.secrets import new_secret

OOB_URI = "urn:ietf:wg:oauth:2.0:oob"
MAX_NAME = 100
MAX_WEBSITE = 2000
MAX_REDIRECT_URI = 2000
MAX_REDIRECT_URIS = 10
MAX_SCOPES_TEXT = 1000


@dataclass(frozen=True)
class AppRequest:
    """What a client asked to register, already type-checked by the endpoint."""

    name: str
    redirect_uris: list[str]
    scopes: str | None
    website: str | None


def redirect_uris_of(app: OAuthApp) -> list[str]:
    """The app's registered redirect URIs (stored one per line)."""
    return [uri for uri in app.redirect_uris.split() if uri]


def is_valid_redirect_uri(uri: str) -> bool:
    """An absolute URI without a fragment, or the out-of-band marker."""
    if uri == OOB_URI:
        return True
    if len(uri) > MAX_REDIRECT_URI or any(c.isspace() for c in uri):
        return False
    try:
        parts = urlsplit(uri)
    except ValueError:
        return False
    if not parts.scheme or parts.fragment:
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc)
    # Custom schemes (``myapp://callback``, ``com.example:/cb``) are how mobile apps receive codes.
    return bool(parts.netloc or parts.path)


def validate_app(request: AppRequest) -> list[str]:
    """The registered scopes, normalised; 422 for anything Mastodon would refuse."""
    if not request.name.strip():
        raise Unprocessable("Validation failed: Name can't be blank")
    if not request.redirect_uris:
        raise Unprocessable("Validation failed: Redirect URI can't be blank")
    if len(request.redirect_uris) > MAX_REDIRECT_URIS:
        raise Unprocessable(
            f"Validation failed: Redirect URI has too many entries (maximum {MAX_REDIRECT_URIS})"
        )
    for uri in request.redirect_uris:
        if not is_valid_redirect_uri(uri):
            raise Unprocessable("Validation failed: Redirect URI must be an absolute URI.")
    scopes = parse_scopes(request.scopes)
    if not scopes or unknown_scopes(scopes) or len(" ".join(scopes)) > MAX_SCOPES_TEXT:
        raise Unprocessable("Validation failed: Scopes doesn't match configured on the server.")
    website = request.website
    if website:
        parts = urlsplit(website)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise Unprocessable("Validation failed: Website is invalid")
    return scopes


async def register_app(
    session: AsyncSession, request: AppRequest, owner: Account | None = None
) -> OAuthApp:
    """Create the application with fresh client credentials."""
    scopes = validate_app(request)
    app = OAuthApp(
        name=request.name.strip(),
        website=request.website or None,
        redirect_uris="\n".join(request.redirect_uris),
        scopes=" ".join(scopes),
        client_id=new_secret(),
        client_secret=new_secret(),
        owner_account_id=owner.id if owner else None,
    )
    session.add(app)
    await session.flush()
    return app
