"""Generating and digesting OAuth secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets


def new_secret(nbytes: int = 32) -> str:
    """A URL-safe random secret."""
    return secrets.token_urlsafe(nbytes)


def digest(secret: str) -> str:
    """The SHA-256 hex digest under which a secret is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def pkce_matches(verifier: str, challenge: str, method: str | None) -> bool:
    """RFC 7636: check a code verifier against the stored challenge (S256 or plain)."""
    if method in (None, "", "plain"):
        expected = verifier
    else:
        raw = hashlib.sha256(verifier.encode("ascii", "ignore")).digest()
        expected = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    return hmac.compare_digest(expected, challenge)
