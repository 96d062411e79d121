"""Mastodon API: notifications (list, get one, dismiss, clear)."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.notification import render_notifications
from townsquare.ids import parse_id
from townsquare.kit.errors import NotFound
from townsquare.kit.json import JSON
from townsquare.kit.paging import PageRequest, paged_headers
from townsquare.markers import service as markers
from townsquare.notifications import service

MAX_TYPE_LENGTH = 50


def _path_id(ctx: Ctx) -> int:
    """The ``{id:int}`` path parameter; 404 beyond the 63-bit id range."""
    parsed = parse_id(ctx.request.path_params["id"])
    if parsed is None:
        raise NotFound()
    return parsed


@endpoint(scope="read:notifications", auth="required")
async def index(ctx: Ctx) -> Response:
    p = ctx.params
    page = PageRequest.from_params(p, default=40, maximum=80)
    notifications = await service.list_for(
        ctx.session,
        ctx.viewer,
        page,
        types=p.strings("types", max_length=MAX_TYPE_LENGTH),
        exclude_types=p.strings("exclude_types", max_length=MAX_TYPE_LENGTH),
        from_account_id=p.id("account_id"),
    )
    body = await render_notifications(ctx.session, ctx.viewer, notifications, ctx.settings)
    return JSON(body, headers=paged_headers(ctx.request, notifications, lambda n: n.id))


@endpoint(scope="read:notifications", auth="required")
async def unread_count(ctx: Ctx) -> Response:
    """GET /api/v1/notifications/unread_count: notifications newer than the read marker."""
    p = ctx.params
    last_read = await markers.last_read_notification(ctx.session, ctx.viewer)
    limit = p.integer("limit", default=100, minimum=1, maximum=1000, clamp=True)
    unread = await service.list_for(
        ctx.session,
        ctx.viewer,
        PageRequest(since_id=last_read, limit=limit),
        types=p.strings("types", max_length=MAX_TYPE_LENGTH),
        exclude_types=p.strings("exclude_types", max_length=MAX_TYPE_LENGTH),
        from_account_id=p.id("account_id"),
    )
    return JSON({"count": len(unread)})


@endpoint(scope="read:notifications", auth="required")
async def show(ctx: Ctx) -> Response:
    notification = await service.get_for(ctx.session, ctx.viewer, _path_id(ctx))
    body = await render_notifications(ctx.session, ctx.viewer, [notification], ctx.settings)
    return JSON(body[0])


@endpoint(scope="write:notifications", auth="required")
async def dismiss(ctx: Ctx) -> Response:
    await service.dismiss(ctx.session, ctx.viewer, _path_id(ctx))
    return JSON({})


@endpoint(scope="write:notifications", auth="required")
async def clear(ctx: Ctx) -> Response:
    await service.clear(ctx.session, ctx.viewer)
    return JSON({})


routes: list[BaseRoute] = [
    Route("/api/v1/notifications", index, methods=["GET"]),
    Route("/api/v1/notifications/clear", clear, methods=["POST"]),
    Route("/api/v1/notifications/unread_count", unread_count, methods=["GET"]),
    Route("/api/v1/notifications/{id:int}", show, methods=["GET"]),
    Route("/api/v1/notifications/{id:int}/dismiss", dismiss, methods=["POST"]),
]
