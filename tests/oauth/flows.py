"""Helpers that drive the OAuth endpoints the way a client and a browser would."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

REDIRECT = "https://client.example/callback"
OOB = "urn:ietf:wg:oauth:2.0:oob"


@dataclass
class Client:
    """A registered app's credentials."""

    client_id: str
    client_secret: str
    entity: dict[str, Any]

    def credentials(self) -> dict[str, str]:
        return {"client_id": self.client_id, "client_secret": self.client_secret}


async def register_app(
    http: httpx.AsyncClient,
    *,
    scopes: str = "read write follow push",
    redirect_uris: str | list[str] = REDIRECT,
    name: str = "Test client",
) -> Client:
    response = await http.post(
        "/api/v1/apps",
        json={"client_name": name, "redirect_uris": redirect_uris, "scopes": scopes},
    )
    assert response.status_code == 200, response.text
    entity = response.json()
    return Client(entity["client_id"], entity["client_secret"], entity)


def pkce_pair() -> tuple[str, str]:
    """A code verifier and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.rstrip(b"=").decode()


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of the authorization form (name -> unescaped value)."""
    import html as html_module

    pattern = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
    return {name: html_module.unescape(value) for name, value in pattern.findall(html)}


async def open_consent(http: httpx.AsyncClient, query: dict[str, str]) -> dict[str, str]:
    """GET the authorization page and return its hidden form fields."""
    page = await http.get("/oauth/authorize", params=query)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    return hidden_fields(page.text)


async def approve(
    http: httpx.AsyncClient, fields: dict[str, str], username: str, password: str
) -> httpx.Response:
    """POST the form as a user who logs in and clicks Authorize."""
    form = {**fields, "username": username, "password": password, "decision": "approve"}
    return await http.post("/oauth/authorize", data=form)


def redirect_params(response: httpx.Response) -> dict[str, str]:
    """The query parameters of a redirect response's Location."""
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def authorization_code(
    http: httpx.AsyncClient,
    client: Client,
    username: str,
    password: str,
    *,
    scope: str = "read write",
    challenge: str | None = None,
) -> str:
    """Run the browser part of the code flow and return the code."""
    query = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": REDIRECT,
        "scope": scope,
        "state": "xyz",
    }
    if challenge:
        query |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    fields = await open_consent(http, query)
    params = redirect_params(await approve(http, fields, username, password))
    assert params["state"] == "xyz"
    return params["code"]


async def password_token(
    http: httpx.AsyncClient, client: Client, username: str, password: str, scope: str = "read"
) -> dict[str, Any]:
    response = await http.post(
        "/oauth/token",
        data={
            "grant_type": "password",
            "username": username,
            "password": password,
            "scope": scope,
            **client.credentials(),
        },
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def app_token(http: httpx.AsyncClient, client: Client, scope: str = "read") -> str:
    response = await http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": scope, **client.credentials()},
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
