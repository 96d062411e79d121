"""Helpers for community notes tests: eligible actors, posts, notes and ratings via the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from starlette.applications import Starlette

from tests.factories import Actor, make_actor
from townsquare.models.base import utcnow

API = "/api/townsquare/v1"
SOURCE = "https://example.org/evidence"


async def eligible(app: Starlette, name: str | None = None, **fields: Any) -> Actor:
    """An account old enough to write and rate notes (eight days)."""
    return await make_actor(app, name, created_at=utcnow() - timedelta(days=8), **fields)


async def post(client: httpx.AsyncClient, actor: Actor, text: str = "a claim", **fields: Any):
    response = await client.post(
        "/api/v1/statuses", headers=actor.headers, data={"status": text, **fields}
    )
    assert response.status_code == 200, response.text
    return response.json()


def misleading(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "classification": "misinformed_or_potentially_misleading",
        "reasons": ["factual_error"],
        "text": "The figure is from 2019, not this year.",
        "sources": [SOURCE],
    }
    body.update(overrides)
    return body


async def write_note(
    client: httpx.AsyncClient, actor: Actor, status_id: str, **overrides: Any
) -> httpx.Response:
    return await client.post(
        f"{API}/statuses/{status_id}/notes", headers=actor.headers, json=misleading(**overrides)
    )


async def rate(
    client: httpx.AsyncClient, actor: Actor, note_id: str, helpfulness: str, **fields: Any
) -> httpx.Response:
    return await client.post(
        f"{API}/notes/{note_id}/ratings",
        headers=actor.headers,
        json={"helpfulness": helpfulness, **fields},
    )
