"""``create_app()``: the ASGI application with every route, error handler and shared service."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from townsquare.db import Database
from townsquare.filters.context import FilterContextMiddleware
from townsquare.integrity.state_media_cli import sync_at_startup
from townsquare.kit.errors import ApiError
from townsquare.kit.json import JSON
from townsquare.kit.ratelimit import Counter, MemoryCounter, RateLimiter, RedisCounter
from townsquare.oauth.viewer_facts import ViewerFactsScope
from townsquare.settings import Settings
from townsquare.worker.jobs import all_jobs
from townsquare.worker.runner import JobRunner

log = logging.getLogger("townsquare")


class StripTrailingSlash:
    """Route ``/api/v1/x/`` like ``/api/v1/x``: no redirect, so that POSTs do not bounce."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            path: str = scope["path"]
            if len(path) > 1 and path.endswith("/"):
                scope = dict(scope)
                scope["path"] = path.rstrip("/") or "/"
                scope["raw_path"] = scope["path"].encode()
        await self.app(scope, receive, send)


async def api_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return JSON({"error": exc.message}, status_code=exc.status, headers=exc.headers)


async def http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {404: "Record not found", 405: "Method not allowed"}
    message = messages.get(exc.status_code, str(exc.detail))
    return JSON({"error": message}, status_code=exc.status_code, headers=exc.headers)


async def server_error(_request: Request, exc: Exception) -> Response:
    log.exception("unhandled error", exc_info=exc)
    return JSON({"error": "Internal server error"}, status_code=500)


def _make_counter(settings: Settings) -> tuple[Counter, Any]:
    if not settings.redis_url:
        return MemoryCounter(), None
    import redis.asyncio as aioredis

    client = aioredis.from_url(settings.redis_url)
    return RedisCounter(client), client


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the application. Nothing connects until the first request."""
    from townsquare.api.routes import all_routes

    settings = settings or Settings()
    db = Database(settings)
    counter, redis_client = _make_counter(settings)

    runner = JobRunner(db, settings, all_jobs())

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        # What exists at startup (modules, mappers, routes) lives as long as the process:
        # keep it out of the collector's full passes, which otherwise stall the event loop
        # for about 100 ms every few seconds under load.
        gc.freeze()
        # Issue 7: the state-affiliated labels follow the published data file.
        await sync_at_startup(db, settings)
        if settings.run_jobs:
            runner.start()
        yield
        await runner.stop()
        await db.dispose()
        if redis_client is not None:
            await redis_client.aclose()

    app = Starlette(
        routes=all_routes(),
        lifespan=lifespan,
        exception_handlers={
            ApiError: api_error,
            HTTPException: http_error,
            Exception: server_error,
        },
    )
    app.router.redirect_slashes = False
    app.state.settings = settings
    app.state.db = db
    app.state.redis = redis_client
    app.state.jobs = runner
    app.state.rate_limiter = RateLimiter(settings, counter)
    # Which filter context (home, public, thread...) statuses are rendered in: issue 6.
    app.add_middleware(FilterContextMiddleware)
    app.add_middleware(ViewerFactsScope)
    app.add_middleware(StripTrailingSlash)
    return app


def asgi() -> Starlette:
    """Factory for ASGI servers (granian / uvicorn ``--factory``)."""
    return create_app()
