"""POST /api/v1/apps and GET /api/v1/apps/verify_credentials."""

from __future__ import annotations

import httpx
import pytest

from tests.factories import make_actor
from tests.oauth.flows import OOB, app_token, bearer, register_app


async def test_create_app_returns_credential_application(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/apps",
        json={
            "client_name": "Test Application",
            "redirect_uris": ["https://app.example/callback", "https://app.example/register"],
            "scopes": "read write push",
            "website": "https://app.example",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Test Application"
    assert body["website"] == "https://app.example"
    assert body["scopes"] == ["read", "write", "push"]
    assert body["redirect_uris"] == [
        "https://app.example/callback",
        "https://app.example/register",
    ]
    assert body["redirect_uri"] == "https://app.example/callback\nhttps://app.example/register"
    assert body["id"].isdigit()
    assert len(body["client_id"]) >= 32 and len(body["client_secret"]) >= 32
    assert body["client_id"] != body["client_secret"]
    assert body["client_secret_expires_at"] == 0
    assert "vapid_key" in body


async def test_create_app_from_a_form_defaults_to_read(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/apps", data={"client_name": "Form app", "redirect_uris": OOB}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["scopes"] == ["read"]
    assert body["redirect_uris"] == [OOB]
    assert body["website"] is None


async def test_create_app_accepts_form_arrays_and_custom_schemes(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/api/v1/apps",
        data={
            "client_name": "Mobile",
            "redirect_uris[]": ["myapp://oauth", OOB],
            "scopes": "read:statuses write:statuses",
        },
    )
    assert response.status_code == 200
    assert response.json()["redirect_uris"] == ["myapp://oauth", OOB]
    assert response.json()["scopes"] == ["read:statuses", "write:statuses"]


@pytest.mark.parametrize(
    ("payload", "status", "error"),
    [
        ({"redirect_uris": OOB}, 400, "Missing required parameter: client_name"),
        (
            {"client_name": "  ", "redirect_uris": OOB},
            422,
            "Validation failed: Name can't be blank",
        ),
        (
            {"client_name": "x" * 101, "redirect_uris": OOB},
            422,
            "Validation failed: client_name is too long (maximum is 100 characters)",
        ),
        ({"client_name": "a"}, 422, "Validation failed: Redirect URI can't be blank"),
        (
            {"client_name": "a", "redirect_uris": "/callback"},
            422,
            "Validation failed: Redirect URI must be an absolute URI.",
        ),
        (
            {"client_name": "a", "redirect_uris": ["https://ok.example/cb", "https://"]},
            422,
            "Validation failed: Redirect URI must be an absolute URI.",
        ),
        (
            {"client_name": "a", "redirect_uris": "https://app.example/cb#fragment"},
            422,
            "Validation failed: Redirect URI must be an absolute URI.",
        ),
        (
            {"client_name": "a", "redirect_uris": OOB, "scopes": "read launch:missiles"},
            422,
            "Validation failed: Scopes doesn't match configured on the server.",
        ),
        (
            {"client_name": "a", "redirect_uris": OOB, "website": "javascript:alert(1)"},
            422,
            "Validation failed: Website is invalid",
        ),
        (
            {
                "client_name": "a",
                "redirect_uris": OOB,
                "website": "https://x.example/" + "a" * 2000,
            },
            422,
            "Validation failed: website is too long (maximum is 2000 characters)",
        ),
        (
            {"client_name": ["a"], "redirect_uris": OOB},
            422,
            "Validation failed: client_name must be a string",
        ),
    ],
)
async def test_create_app_rejects_bad_input(
    client: httpx.AsyncClient, payload: dict[str, object], status: int, error: str
) -> None:
    response = await client.post("/api/v1/apps", json=payload)
    assert response.status_code == status
    assert response.json() == {"error": error}


async def test_verify_credentials_with_an_app_token(client: httpx.AsyncClient) -> None:
    registered = await register_app(client, scopes="read write")
    token = await app_token(client, registered)
    response = await client.get("/api/v1/apps/verify_credentials", headers=bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Test client"
    assert body["id"] == registered.entity["id"]
    assert body["scopes"] == ["read", "write"]
    assert "client_secret" not in body and "client_id" not in body


async def test_verify_credentials_with_a_user_token(client: httpx.AsyncClient, app: object) -> None:
    alice = await make_actor(app, "alice")  # type: ignore[arg-type]
    response = await client.get("/api/v1/apps/verify_credentials", headers=alice.headers)
    assert response.status_code == 200
    assert response.json()["name"] == "tests"


async def test_verify_credentials_needs_a_valid_token(client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/v1/apps/verify_credentials")
    assert missing.status_code == 401
    assert missing.json() == {"error": "The access token is invalid"}
    bogus = await client.get("/api/v1/apps/verify_credentials", headers=bearer("nope"))
    assert bogus.status_code == 401
    assert bogus.json() == {"error": "The access token is invalid"}
