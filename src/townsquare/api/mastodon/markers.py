"""Mastodon API: read markers (``/api/v1/markers``)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import Ctx, endpoint
from townsquare.kit.json import JSON, iso
from townsquare.markers import service
from townsquare.models import Marker
from townsquare.models.marker import MARKER_TIMELINES


def render_markers(markers: dict[str, Marker]) -> dict[str, Any]:
    """The Marker entities, keyed by timeline."""
    return {
        timeline: {
            "last_read_id": str(marker.last_read_id),
            "version": marker.version,
            "updated_at": iso(marker.updated_at),
        }
        for timeline, marker in markers.items()
    }


@endpoint(scope="read:statuses", auth="required")
async def index(ctx: Ctx) -> Response:
    """GET /api/v1/markers?timeline[]=home&timeline[]=notifications"""
    timelines = ctx.params.strings("timeline", max_items=10, max_length=20)
    return JSON(render_markers(await service.get(ctx.session, ctx.viewer, timelines)))


@endpoint(scope="write:statuses", auth="required")
async def save(ctx: Ctx) -> Response:
    """POST /api/v1/markers with home[last_read_id] and/or notifications[last_read_id]"""
    positions = {}
    for timeline in MARKER_TIMELINES:
        last_read_id = ctx.params.nested(timeline).id("last_read_id")
        if last_read_id is not None:
            positions[timeline] = last_read_id
    return JSON(render_markers(await service.save(ctx.session, ctx.viewer, positions)))


routes: list[BaseRoute] = [
    Route("/api/v1/markers", index, methods=["GET"]),
    Route("/api/v1/markers", save, methods=["POST"]),
]
