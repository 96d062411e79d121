"""Rate limits per token and per IP, in memory or shared through Redis, and switched off.

Each test sends its requests from an IP address of its own, so that counts kept in Redis
by other tests or other runs never mix with its own.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import redis.asyncio as aioredis
from starlette.applications import Starlette

from tests.factories import make_actor
from townsquare.app import create_app
from townsquare.settings import Settings

HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")


def fresh_ip() -> str:
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


@asynccontextmanager
async def limited_client(
    settings: Settings, ip: str, **overrides: Any
) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """An app built with ``overrides`` and a client that connects from ``ip``."""
    app = create_app(settings.model_copy(update={"rate_limits": "on", **overrides}))
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://ts.test") as client:
            yield app, client
    finally:
        await app.state.db.dispose()
        if app.state.redis is not None:
            await app.state.redis.aclose()


async def test_fourth_anonymous_request_is_refused(settings: Settings) -> None:
    async with limited_client(settings, fresh_ip(), rate_limit_ip_requests=3) as (_, client):
        responses = [await client.get("/api/v1/instance") for _ in range(4)]

    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert [r.headers["x-ratelimit-remaining"] for r in responses] == ["2", "1", "0", "0"]
    assert all(r.headers["x-ratelimit-limit"] == "3" for r in responses)
    refused = responses[-1]
    assert refused.json() == {"error": "Too many requests"}
    reset = datetime.strptime(refused.headers["x-ratelimit-reset"], "%Y-%m-%dT%H:%M:%S.%fZ")
    seconds_left = (reset.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds()
    assert 0 < seconds_left <= settings.rate_limit_ip_period


async def test_limits_are_per_ip(settings: Settings) -> None:
    async with limited_client(settings, fresh_ip(), rate_limit_ip_requests=1) as (app, client):
        assert (await client.get("/api/v1/instance")).status_code == 200
        assert (await client.get("/api/v1/instance")).status_code == 429
        other = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=(fresh_ip(), 40000)),
            base_url="http://ts.test",
        )
        async with other:
            assert (await other.get("/api/v1/instance")).status_code == 200


async def test_tokens_are_counted_apart_from_the_ip(settings: Settings) -> None:
    overrides = {"rate_limit_ip_requests": 2, "rate_limit_token_requests": 3}
    async with limited_client(settings, fresh_ip(), **overrides) as (app, client):
        alice = await make_actor(app, "alice")
        bob = await make_actor(app, "bob")
        as_alice = [
            await client.get("/api/v1/preferences", headers=alice.headers) for _ in range(4)
        ]
        as_bob = await client.get("/api/v1/preferences", headers=bob.headers)
        anonymous = [await client.get("/api/v1/instance") for _ in range(3)]

    assert [r.status_code for r in as_alice] == [200, 200, 200, 429]
    assert as_alice[0].headers["x-ratelimit-limit"] == "3"
    assert as_alice[-1].json() == {"error": "Too many requests"}
    assert as_bob.status_code == 200
    assert as_bob.headers["x-ratelimit-remaining"] == "2"
    assert [r.status_code for r in anonymous] == [200, 200, 429]


async def test_redis_shares_counts_between_processes(settings: Settings, redis_url: str) -> None:
    ip = fresh_ip()
    overrides = {"redis_url": redis_url, "rate_limit_ip_requests": 3}
    try:
        async with (
            limited_client(settings, ip, **overrides) as (_, first),
            limited_client(settings, ip, **overrides) as (_, second),
        ):
            statuses = [
                (await first.get("/api/v1/instance")).status_code,
                (await second.get("/api/v1/instance")).status_code,
                (await first.get("/api/v1/instance")).status_code,
                (await second.get("/api/v1/instance")).status_code,
            ]
            refused = await first.get("/api/v1/instance")
    finally:
        redis = aioredis.from_url(redis_url)
        keys = [key async for key in redis.scan_iter(match=f"ts:rl:ip:{ip}:*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert keys, "the counts were kept in Redis"


async def test_unreachable_redis_falls_back_to_counting_in_process(settings: Settings) -> None:
    overrides = {"redis_url": "redis://127.0.0.1:1/0", "rate_limit_ip_requests": 2}
    async with limited_client(settings, fresh_ip(), **overrides) as (_, client):
        responses = [await client.get("/api/v1/instance") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]


async def test_off_means_no_headers_and_no_429(settings: Settings) -> None:
    overrides = {"rate_limits": "off", "rate_limit_ip_requests": 1}
    app = create_app(settings.model_copy(update=overrides))
    transport = httpx.ASGITransport(app=app, client=(fresh_ip(), 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://ts.test") as client:
        responses = [await client.get("/api/v1/instance") for _ in range(5)]
    await app.state.db.dispose()
    assert [r.status_code for r in responses] == [200] * 5
    assert not any(h in r.headers for r in responses for h in HEADERS)
