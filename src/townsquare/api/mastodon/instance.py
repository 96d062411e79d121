"""Mastodon API: the instance documents, its rules and activity, and small per-server lists.

These are public: like Mastodon, they ignore any token sent with them.
"""

from __future__ import annotations

from html import escape

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.instance import (
    render_instance,
    render_rule,
    render_v1_instance,
)
from townsquare.instance import service
from townsquare.instance.service import InstanceStats, StatsCache
from townsquare.kit.json import JSON


async def instance_stats(ctx: Ctx) -> InstanceStats:
    """The statistics, cached on the application for a few seconds."""
    cache = getattr(ctx.state, "instance_stats_cache", None)
    if cache is None:
        cache = ctx.state.instance_stats_cache = StatsCache()
    return await service.stats(ctx.session, cache)


@endpoint(auth="none")
async def instance_v2(ctx: Ctx) -> Response:
    """``GET /api/v2/instance``."""
    contact = await service.contact_account(ctx.session)
    return JSON(render_instance(ctx.settings, await instance_stats(ctx), service.rules(), contact))


@endpoint(auth="none")
async def instance_v1(ctx: Ctx) -> Response:
    """``GET /api/v1/instance``."""
    contact = await service.contact_account(ctx.session)
    return JSON(
        render_v1_instance(ctx.settings, await instance_stats(ctx), service.rules(), contact)
    )


@endpoint(auth="none")
async def rules(ctx: Ctx) -> Response:
    """``GET /api/v1/instance/rules``."""
    return JSON([render_rule(rule) for rule in service.rules()])


@endpoint(auth="none")
async def peers(ctx: Ctx) -> Response:
    """``GET /api/v1/instance/peers``: townsquare does not federate, so no peers."""
    return JSON([])


@endpoint(auth="none")
async def activity(ctx: Ctx) -> Response:
    """``GET /api/v1/instance/activity``: the last 12 weeks, newest first."""
    return JSON(await service.weekly_activity(ctx.session))


@endpoint(auth="none")
async def extended_description(ctx: Ctx) -> Response:
    """``GET /api/v1/instance/extended_description``."""
    content = f"<p>{escape(ctx.settings.description)}</p>" if ctx.settings.description else ""
    return JSON({"updated_at": None, "content": content})


@endpoint(auth="none")
async def custom_emojis(ctx: Ctx) -> Response:
    """``GET /api/v1/custom_emojis``: none yet."""
    return JSON([])


@endpoint(scope="read:accounts", auth="required")
async def preferences(ctx: Ctx) -> Response:
    """``GET /api/v1/preferences``: Mastodon's defaults (no stored preferences yet)."""
    return JSON(
        {
            "posting:default:visibility": "public",
            "posting:default:sensitive": False,
            "posting:default:language": None,
            "reading:expand:media": "default",
            "reading:expand:spoilers": False,
        }
    )


routes: list[BaseRoute] = [
    Route("/api/v2/instance", instance_v2, methods=["GET"]),
    Route("/api/v1/instance", instance_v1, methods=["GET"]),
    Route("/api/v1/instance/rules", rules, methods=["GET"]),
    Route("/api/v1/instance/peers", peers, methods=["GET"]),
    Route("/api/v1/instance/activity", activity, methods=["GET"]),
    Route("/api/v1/instance/extended_description", extended_description, methods=["GET"]),
    Route("/api/v1/custom_emojis", custom_emojis, methods=["GET"]),
    Route("/api/v1/preferences", preferences, methods=["GET"]),
]
