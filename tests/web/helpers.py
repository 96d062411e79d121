"""Browser-like helpers for the page tests: CSRF tokens from forms, sessions by logging in."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import httpx

from tests.factories import Actor, make_actor

CSRF_FIELD = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


async def csrf_of(client: httpx.AsyncClient, path: str = "/web/login") -> str:
    """The CSRF token the page at ``path`` puts in its forms."""
    page = await client.get(path)
    found = CSRF_FIELD.search(page.text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


async def post_form(
    client: httpx.AsyncClient,
    path: str,
    data: dict[str, Any] | list[tuple[str, Any]],
    *,
    page: str = "/web/login",
) -> httpx.Response:
    """Submit a form the way a browser does, with the CSRF token of ``page``."""
    token = await csrf_of(client, page)
    pairs = list(data.items()) if isinstance(data, dict) else list(data)
    body = urlencode([("csrf_token", token), *pairs])
    headers = {"content-type": "application/x-www-form-urlencoded"}
    return await client.post(path, content=body, headers=headers)


async def logged_in(app: Any, client: httpx.AsyncClient, username: str, **fields: Any) -> Actor:
    """A new account, logged in through the log-in form on ``client``."""
    actor = await make_actor(app, username, **fields)
    response = await post_form(
        client, "/web/login", {"login": username, "password": actor.password}
    )
    assert response.status_code == 303, response.text
    return actor


def new_client(app: Any) -> httpx.AsyncClient:
    """A second browser: its own cookie jar."""
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://ts.test")
