"""CSRF protection for the authorization form: a cookie nonce and its HMAC in a hidden field.

The nonce lives in an HttpOnly, SameSite=Lax cookie; the form carries
HMAC(secret_key, nonce). A cross-site page can neither read the cookie nor forge the HMAC.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

COOKIE_NAME = "townsquare_csrf"
COOKIE_PATH = "/oauth"
NONCE_LENGTH = 43  # secrets.token_urlsafe(32)


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


def usable_nonce(cookie: str | None) -> str | None:
    """The cookie's nonce if it looks like one we set."""
    if cookie and len(cookie) == NONCE_LENGTH and cookie.isascii():
        return cookie
    return None


def form_token(secret_key: str, nonce: str) -> str:
    """The value of the hidden ``csrf_token`` field for this nonce."""
    mac = hmac.new(secret_key.encode(), b"oauth-csrf:" + nonce.encode(), hashlib.sha256)
    return mac.hexdigest()


def is_valid(secret_key: str, cookie: str | None, submitted: object) -> bool:
    """Whether the submitted field matches the cookie's nonce."""
    nonce = usable_nonce(cookie)
    if nonce is None or not isinstance(submitted, str):
        return False
    return hmac.compare_digest(form_token(secret_key, nonce), submitted)
