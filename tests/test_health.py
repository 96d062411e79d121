"""The trivial endpoint, error shape and trailing slashes."""

from __future__ import annotations

import httpx


async def test_health_answers_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/townsquare/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_trailing_slash_is_accepted(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/townsquare/v1/health/")
    assert response.status_code == 200


async def test_unknown_route_is_a_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"error": "Record not found"}
