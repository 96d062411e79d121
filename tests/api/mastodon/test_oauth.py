"""OAuth 2: the authorization form, the token endpoint's grants, revocation and metadata."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.factories import make_actor
from tests.oauth.flows import (
    OOB,
    REDIRECT,
    Client,
    app_token,
    approve,
    authorization_code,
    bearer,
    hidden_fields,
    open_consent,
    password_token,
    pkce_pair,
    redirect_params,
    register_app,
)

INVALID_GRANT = {
    "error": "invalid_grant",
    "error_description": (
        "The provided authorization grant is invalid, expired, revoked, does not match the "
        "redirection URI used in the authorization request, or was issued to another client."
    ),
}
INVALID_SCOPE = {
    "error": "invalid_scope",
    "error_description": "The requested scope is invalid, unknown, or malformed.",
}
INVALID_CLIENT = {
    "error": "invalid_client",
    "error_description": (
        "Client authentication failed due to unknown client, no client authentication "
        "included, or unsupported authentication method."
    ),
}


async def exchange_code(
    http: httpx.AsyncClient, client: Client, code: str, **extra: str
) -> httpx.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    return await http.post("/oauth/token", data={**data, **client.credentials(), **extra})


async def me(http: httpx.AsyncClient, token: str) -> httpx.Response:
    return await http.get("/api/v1/accounts/verify_credentials", headers=bearer(token))


async def test_code_flow_with_pkce(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    registered = await register_app(client)
    verifier, challenge = pkce_pair()
    code = await authorization_code(
        client, registered, "alice", alice.password, challenge=challenge
    )
    response = await exchange_code(client, registered, code, code_verifier=verifier)
    assert response.status_code == 200, response.text
    token = response.json()
    assert token["token_type"] == "Bearer"
    assert token["scope"] == "read write"
    assert isinstance(token["created_at"], int)
    assert token["refresh_token"]
    assert response.headers["cache-control"] == "no-store"
    profile = await me(client, token["access_token"])
    assert profile.status_code == 200
    assert profile.json()["username"] == "alice"


async def test_wrong_pkce_verifier_is_rejected(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    registered = await register_app(client)
    _, challenge = pkce_pair()
    code = await authorization_code(
        client, registered, "alice", alice.password, challenge=challenge
    )
    wrong = await exchange_code(client, registered, code, code_verifier=pkce_pair()[0])
    assert wrong.status_code == 400
    assert wrong.json() == INVALID_GRANT
    missing = await exchange_code(client, registered, code)
    assert missing.status_code == 400
    assert missing.json() == {
        "error": "invalid_request",
        "error_description": "Missing required parameter: code_verifier.",
    }


async def test_code_is_single_use(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    registered = await register_app(client)
    code = await authorization_code(client, registered, "alice", alice.password)
    first = await exchange_code(client, registered, code)
    assert first.status_code == 200
    again = await exchange_code(client, registered, code)
    assert again.status_code == 400
    assert again.json() == INVALID_GRANT


async def test_code_needs_the_same_redirect_uri_and_client(
    client: httpx.AsyncClient, app: Any
) -> None:
    alice = await make_actor(app, "alice")
    registered = await register_app(client)
    other = await register_app(client, name="Other")
    code = await authorization_code(client, registered, "alice", alice.password)
    mismatch = await exchange_code(client, registered, code, redirect_uri="https://evil.example/")
    assert mismatch.json() == INVALID_GRANT
    stolen = await exchange_code(client, other, code)
    assert stolen.json() == INVALID_GRANT
    assert (await exchange_code(client, registered, code)).status_code == 200


async def test_out_of_band_code_is_shown_on_a_page(client: httpx.AsyncClient, app: Any) -> None:
    bob = await make_actor(app, "bob")
    registered = await register_app(client, redirect_uris=OOB, scopes="read")
    query = {"response_type": "code", "client_id": registered.client_id, "redirect_uri": OOB}
    fields = await open_consent(client, query)
    page = await approve(client, fields, "bob@example.test", bob.password)
    assert page.status_code == 200
    code = page.text.split('id="authorization-code">')[1].split("<")[0]
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": OOB}
    response = await client.post("/oauth/token", data={**data, **registered.credentials()})
    assert response.status_code == 200
    assert response.json()["scope"] == "read"


async def test_consent_page_shows_the_app_escaped(client: httpx.AsyncClient) -> None:
    registered = await register_app(client, name="<script>alert(1)</script>", scopes="read")
    query = {"response_type": "code", "client_id": registered.client_id, "redirect_uri": REDIRECT}
    page = await client.get("/oauth/authorize", params={**query, "state": '"><img src=x>'})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<img src=x>" not in page.text
    assert page.headers["x-frame-options"] == "DENY"
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert hidden_fields(page.text)["state"] == '"><img src=x>'


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"client_id": "unknown"}, "Client authentication failed"),
        ({"client_id": ""}, "Missing required parameter: client_id."),
        ({"redirect_uri": "https://evil.example/cb"}, "doesn&#39;t match client redirect URI"),
    ],
)
async def test_authorize_errors_before_a_trusted_redirect_are_pages(
    client: httpx.AsyncClient, query: dict[str, str], message: str
) -> None:
    registered = await register_app(client)
    base = {"response_type": "code", "client_id": registered.client_id, "redirect_uri": REDIRECT}
    page = await client.get("/oauth/authorize", params={**base, **query})
    assert page.status_code == 400
    assert page.headers["content-type"].startswith("text/html")
    assert message in page.text


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"scope": "read admin:write"}, "invalid_scope"),
        ({"scope": "follow"}, "invalid_scope"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"code_challenge": "short", "code_challenge_method": "S256"}, "invalid_request"),
        ({"code_challenge": "a" * 43, "code_challenge_method": "S512"}, "invalid_request"),
    ],
)
async def test_authorize_errors_are_redirected_to_the_client(
    client: httpx.AsyncClient, query: dict[str, str], error: str
) -> None:
    registered = await register_app(client, scopes="read write")
    base = {
        "response_type": "code",
        "client_id": registered.client_id,
        "redirect_uri": REDIRECT,
        "state": "s1",
    }
    params = redirect_params(await client.get("/oauth/authorize", params={**base, **query}))
    assert params["error"] == error
    assert params["state"] == "s1"
    assert "code" not in params


async def test_invalid_scope_with_oob_is_a_page(client: httpx.AsyncClient) -> None:
    registered = await register_app(client, redirect_uris=OOB, scopes="read")
    query = {
        "response_type": "code",
        "client_id": registered.client_id,
        "redirect_uri": OOB,
        "scope": "write",
    }
    page = await client.get("/oauth/authorize", params=query)
    assert page.status_code == 400
    assert "The requested scope is invalid, unknown, or malformed." in page.text


async def test_form_without_csrf_token_is_refused(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    registered = await register_app(client)
    query = {"response_type": "code", "client_id": registered.client_id, "redirect_uri": REDIRECT}
    fields = await open_consent(client, query)
    forged = {**fields, "csrf_token": "0" * 64}
    page = await approve(client, forged, "alice", alice.password)
    assert page.status_code == 403
    assert "This form has expired or was not sent by this site" in page.text
    client.cookies.clear()
    no_cookie = await approve(client, fields, "alice", alice.password)
    assert no_cookie.status_code == 403


async def test_wrong_password_shows_the_form_again(client: httpx.AsyncClient, app: Any) -> None:
    await make_actor(app, "alice")
    registered = await register_app(client)
    query = {"response_type": "code", "client_id": registered.client_id, "redirect_uri": REDIRECT}
    fields = await open_consent(client, query)
    page = await approve(client, fields, "alice", "not the password")
    assert page.status_code == 401
    assert "Invalid email/username or password." in page.text
    assert 'value="alice"' in page.text
    assert "location" not in page.headers


async def test_deny_redirects_with_access_denied(client: httpx.AsyncClient) -> None:
    registered = await register_app(client)
    query = {
        "response_type": "code",
        "client_id": registered.client_id,
        "redirect_uri": REDIRECT,
        "state": "st",
    }
    fields = await open_consent(client, query)
    response = await client.post("/oauth/authorize", data={**fields, "decision": "deny"})
    params = redirect_params(response)
    assert params["error"] == "access_denied"
    assert params["state"] == "st"
    assert "code" not in params


async def test_password_grant_by_username_or_email(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    registered = await register_app(client)
    by_name = await password_token(client, registered, "Alice", alice.password, "read write")
    by_email = await password_token(client, registered, "alice@example.test", alice.password)
    assert by_name["scope"] == "read write" and by_email["scope"] == "read"
    for token in (by_name, by_email):
        assert (await me(client, token["access_token"])).json()["username"] == "alice"


async def test_password_grant_rejects_bad_credentials_and_scopes(
    client: httpx.AsyncClient, app: Any
) -> None:
    alice = await make_actor(app, "alice")
    registered = await register_app(client, scopes="read")
    data = {"grant_type": "password", "username": "alice", **registered.credentials()}
    wrong = await client.post("/oauth/token", data={**data, "password": "wrong password"})
    assert wrong.status_code == 400
    assert wrong.json() == INVALID_GRANT
    scoped = await client.post(
        "/oauth/token", data={**data, "password": alice.password, "scope": "read write"}
    )
    assert scoped.status_code == 400
    assert scoped.json() == INVALID_SCOPE


async def test_client_authentication(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    registered = await register_app(client)
    data = {"grant_type": "password", "username": "alice", "password": alice.password}
    basic = await client.post(
        "/oauth/token", data=data, auth=(registered.client_id, registered.client_secret)
    )
    assert basic.status_code == 200
    wrong = await client.post(
        "/oauth/token",
        data={**data, "client_id": registered.client_id, "client_secret": "wrong"},
    )
    assert wrong.status_code == 401
    assert wrong.json() == INVALID_CLIENT
    missing = await client.post("/oauth/token", data=data)
    assert missing.status_code == 401


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {},
            {
                "error": "invalid_request",
                "error_description": "Missing required parameter: grant_type.",
            },
        ),
        (
            {"grant_type": "implicit"},
            {
                "error": "unsupported_grant_type",
                "error_description": (
                    "The authorization grant type is not supported by the authorization server."
                ),
            },
        ),
        (
            {"grant_type": "authorization_code"},
            {
                "error": "invalid_request",
                "error_description": "Missing required parameter: code.",
            },
        ),
        ({"grant_type": "authorization_code", "code": "made-up"}, INVALID_GRANT),
        ({"grant_type": "refresh_token", "refresh_token": "made-up"}, INVALID_GRANT),
        ({"grant_type": "client_credentials", "scope": "write:nothing"}, INVALID_SCOPE),
    ],
)
async def test_token_endpoint_errors(
    client: httpx.AsyncClient, data: dict[str, str], expected: dict[str, str]
) -> None:
    registered = await register_app(client)
    response = await client.post("/oauth/token", data={**data, **registered.credentials()})
    assert response.status_code == 400
    assert response.json() == expected


async def test_client_credentials_token_acts_as_the_app(client: httpx.AsyncClient) -> None:
    registered = await register_app(client, scopes="read write")
    response = await client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": "write", **registered.credentials()},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["scope"] == "write"
    assert "refresh_token" not in body
    token = body["access_token"]
    assert (await client.get("/api/v1/apps/verify_credentials", headers=bearer(token))).is_success
    user_only = await me(client, token)
    assert user_only.status_code == 401
    assert user_only.json() == {"error": "This method requires an authenticated user"}


async def test_refresh_rotates_tokens(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    registered = await register_app(client)
    first = await password_token(client, registered, "alice", alice.password, "read write")
    data = {"grant_type": "refresh_token", **registered.credentials()}
    response = await client.post(
        "/oauth/token", data={**data, "refresh_token": first["refresh_token"]}
    )
    assert response.status_code == 200
    second = response.json()
    assert second["scope"] == "read write"
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    assert (await me(client, first["access_token"])).status_code == 401
    assert (await me(client, second["access_token"])).status_code == 200
    reused = await client.post(
        "/oauth/token", data={**data, "refresh_token": first["refresh_token"]}
    )
    assert reused.json() == INVALID_GRANT
    narrowed = await client.post(
        "/oauth/token",
        data={**data, "refresh_token": second["refresh_token"], "scope": "read"},
    )
    assert narrowed.json()["scope"] == "read"


async def test_refresh_cannot_widen_scopes(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    registered = await register_app(client)
    first = await password_token(client, registered, "alice", alice.password, "read")
    response = await client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "scope": "read write",
            **registered.credentials(),
        },
    )
    assert response.status_code == 400
    assert response.json() == INVALID_SCOPE
    assert (await me(client, first["access_token"])).status_code == 200


async def test_revoke_then_the_token_is_refused(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    registered = await register_app(client)
    token = (await password_token(client, registered, "alice", alice.password))["access_token"]
    assert (await me(client, token)).status_code == 200
    data = {"token": token, **registered.credentials()}
    revoked = await client.post("/oauth/revoke", data=data)
    assert revoked.status_code == 200
    assert revoked.json() == {}
    after = await me(client, token)
    assert after.status_code == 401
    assert after.json() == {"error": "The access token is invalid"}
    assert (await client.post("/oauth/revoke", data=data)).json() == {}
    unknown = await client.post("/oauth/revoke", data={**data, "token": "never-issued"})
    assert unknown.status_code == 200


async def test_revoking_another_apps_token_is_forbidden(
    client: httpx.AsyncClient, app: Any
) -> None:
    alice = await make_actor(app, "alice")
    owner = await register_app(client)
    other = await register_app(client, name="Other")
    token = (await password_token(client, owner, "alice", alice.password))["access_token"]
    response = await client.post("/oauth/revoke", data={"token": token, **other.credentials()})
    assert response.status_code == 403
    assert response.json() == {
        "error": "unauthorized_client",
        "error_description": "You are not authorized to revoke this token",
    }
    assert (await me(client, token)).status_code == 200


async def test_scopes_are_enforced_on_tokens(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    registered = await register_app(client, scopes="read write profile")
    write_only = await password_token(client, registered, "alice", alice.password, "write")
    forbidden = await me(client, write_only["access_token"])
    assert forbidden.status_code == 403
    assert forbidden.json() == {"error": "This action is outside the authorized scopes"}
    profile = await password_token(client, registered, "alice", alice.password, "profile")
    assert (await me(client, profile["access_token"])).status_code == 200
    granular = await password_token(client, registered, "alice", alice.password, "read:accounts")
    assert (await me(client, granular["access_token"])).status_code == 200


async def test_userinfo_needs_the_profile_scope(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice", display_name="Alice A.")
    registered = await register_app(client, scopes="read profile")
    profile = await password_token(client, registered, "alice", alice.password, "profile")
    response = await client.get("/oauth/userinfo", headers=bearer(profile["access_token"]))
    assert response.status_code == 200
    assert response.json()["preferred_username"] == "alice"
    assert response.json()["name"] == "Alice A."
    assert response.json()["sub"] == "http://ts.test/users/alice"
    read = await password_token(client, registered, "alice", alice.password, "read")
    refused = await client.get("/oauth/userinfo", headers=bearer(read["access_token"]))
    assert refused.status_code == 403


async def test_authorization_server_metadata(client: httpx.AsyncClient) -> None:
    response = await client.get("/.well-known/oauth-authorization-server")
    assert response.status_code == 200
    body = response.json()
    assert body["issuer"] == "http://ts.test/"
    assert body["authorization_endpoint"] == "http://ts.test/oauth/authorize"
    assert body["token_endpoint"] == "http://ts.test/oauth/token"
    assert body["revocation_endpoint"] == "http://ts.test/oauth/revoke"
    assert body["app_registration_endpoint"] == "http://ts.test/api/v1/apps"
    assert body["code_challenge_methods_supported"] == ["S256"]
    assert body["response_types_supported"] == ["code"]
    assert {"authorization_code", "client_credentials", "password", "refresh_token"} <= set(
        body["grant_types_supported"]
    )
    assert {"read", "write:statuses", "profile", "push"} <= set(body["scopes_supported"])
    assert body["token_endpoint_auth_methods_supported"] == [
        "client_secret_basic",
        "client_secret_post",
    ]


async def test_app_token_from_helper_is_an_app_token(client: httpx.AsyncClient) -> None:
    registered = await register_app(client)
    token = await app_token(client, registered)
    assert (await me(client, token)).status_code == 401
