"""Helpers for poll tests: posting a poll and voting through the API."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Actor


async def post_poll(
    client: httpx.AsyncClient,
    author: Actor,
    options: list[str] | None = None,
    *,
    expires_in: int = 3600,
    multiple: bool = False,
    hide_totals: bool = False,
    visibility: str = "public",
) -> dict[str, Any]:
    """Post a status with a poll (JSON body); the status entity."""
    response = await client.post(
        "/api/v1/statuses",
        json={
            "status": "Is this a poll?",
            "visibility": visibility,
            "poll": {
                "options": options or ["yes", "no"],
                "expires_in": expires_in,
                "multiple": multiple,
                "hide_totals": hide_totals,
            },
        },
        headers=author.headers,
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def vote(
    client: httpx.AsyncClient, voter: Actor, poll_id: str, choices: list[Any]
) -> httpx.Response:
    return await client.post(
        f"/api/v1/polls/{poll_id}/votes", json={"choices": choices}, headers=voter.headers
    )
