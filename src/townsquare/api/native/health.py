"""Liveness, and the trivial endpoint benchmarks compare against."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from townsquare.kit.json import JSON


async def health(_request: Request) -> Response:
    """A constant JSON answer: no database, no auth. The benchmarks' baseline."""
    return JSON({"status": "ok"})


routes = [Route("/api/townsquare/v1/health", health, methods=["GET"])]
