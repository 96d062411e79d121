"""Pure OAuth rules: scopes, PKCE, CSRF tokens and redirect URIs."""

from __future__ import annotations

import pytest

from tests.oauth.flows import pkce_pair
from townsquare.oauth import csrf
from townsquare.oauth.applications import is_valid_redirect_uri
from townsquare.oauth.scopes import covers, parse_scopes, subset, unknown_scopes
from townsquare.oauth.secrets import pkce_matches


def test_parse_scopes_accepts_spaces_and_pluses_and_defaults_to_read() -> None:
    assert parse_scopes("read+write  read") == ["read", "write"]
    assert parse_scopes(None) == ["read"]
    assert unknown_scopes(["read", "fly", "admin:read:accounts"]) == ["fly"]


@pytest.mark.parametrize(
    ("granted", "required", "allowed"),
    [
        (["read"], "read:statuses", True),
        (["read:statuses"], "read", False),
        (["write"], "read:accounts", False),
        (["follow"], "write:blocks", True),
        (["follow"], "write:statuses", False),
        (["read:accounts"], "profile", False),
    ],
)
def test_covers(granted: list[str], required: str, allowed: bool) -> None:
    assert covers(granted, required) is allowed


def test_requested_scopes_must_be_registered() -> None:
    assert subset(["read:statuses", "write"], ["read", "write"])
    assert not subset(["follow"], ["read", "write"])


def test_pkce() -> None:
    verifier, challenge = pkce_pair()
    assert pkce_matches(verifier, challenge, "S256")
    assert not pkce_matches(verifier + "x", challenge, "S256")
    assert pkce_matches(verifier, verifier, "plain")
    # RFC 7636 appendix B's example.
    assert pkce_matches(
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "S256",
    )


def test_csrf_token_is_bound_to_the_cookie_and_the_secret() -> None:
    nonce = csrf.new_nonce()
    token = csrf.form_token("secret", nonce)
    assert csrf.is_valid("secret", nonce, token)
    assert not csrf.is_valid("other secret", nonce, token)
    assert not csrf.is_valid("secret", csrf.new_nonce(), token)
    assert not csrf.is_valid("secret", None, token)
    assert not csrf.is_valid("secret", nonce, None)


@pytest.mark.parametrize(
    ("uri", "valid"),
    [
        ("https://app.example/cb", True),
        ("http://localhost:8080/cb?x=1", True),
        ("urn:ietf:wg:oauth:2.0:oob", True),
        ("com.example.app:/oauth", True),
        ("myapp://callback", True),
        ("/relative", False),
        ("https://", False),
        ("https://app.example/cb#frag", False),
        ("https://app.example/a b", False),
        ("https://app.example/" + "a" * 2000, False),
    ],
)
def test_redirect_uris(uri: str, valid: bool) -> None:
    assert is_valid_redirect_uri(uri) is valid
