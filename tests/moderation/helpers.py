"""Shared steps for moderation tests: moderators, posts through the API, actions."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from tests.factories import Actor, make_actor

MODERATOR_SCOPES = "read write follow admin:read admin:write"
ACTIONS = "/api/townsquare/v1/moderation/actions"
LOG = "/api/townsquare/v1/transparency/log"


async def moderator(app: Starlette, name: str) -> Actor:
    return await make_actor(app, name, scopes=MODERATOR_SCOPES, role="moderator")


async def post(client: httpx.AsyncClient, author: Actor, text: str, **fields: Any) -> str:
    response = await client.post(
        "/api/v1/statuses", headers=author.headers, json={"status": text, **fields}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


async def act(
    client: httpx.AsyncClient, mod: Actor, action: str, expect: int = 200, **fields: Any
) -> dict[str, Any]:
    response = await client.post(ACTIONS, headers=mod.headers, json={"action": action, **fields})
    assert response.status_code == expect, response.text
    return response.json()


async def log_entries(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await client.get(LOG, params={"limit": 1000})
    assert response.status_code == 200, response.text
    return response.json()
