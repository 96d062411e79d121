"""townsquare's feed API: timelines with receipts, why, forks, feedback, replay, manifest."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.status import render_status_map
from townsquare.feeds import forks, service
from townsquare.feeds import repository as repo
from townsquare.feeds.manifest import manifest
from townsquare.feeds.policy import fork_feed
from townsquare.feeds.service import Page
from townsquare.ids import parse_id
from townsquare.kit.errors import ApiError, NotFound
from townsquare.kit.json import JSON, iso
from townsquare.kit.paging import PageRequest, paged_headers
from townsquare.models import CustomFeed

PAGING = ("max_id", "since_id", "min_id", "limit")


def _path_id(ctx: Ctx, name: str = "id") -> int:
    parsed = parse_id(ctx.request.path_params[name])
    if parsed is None:
        raise NotFound()
    return parsed


def _link(ctx: Ctx, cursor: str | None) -> dict[str, str]:
    """The Link header for a feed page: ``max_id`` carries the opaque cursor."""
    if cursor is None:
        return {}
    request = ctx.request
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in PAGING]
    limit = request.query_params.get("limit")
    if limit:
        kept.append(("limit", limit))
    url = f"{request.url.replace(query='')}?{urlencode([*kept, ('max_id', cursor)])}"
    return {"Link": f'<{url}>; rel="next"'}


async def feed_response(ctx: Ctx, key: str, explain: bool) -> Response:
    """A page of the feed ``key`` for the viewer, as Mastodon statuses (with receipts)."""
    feed = await service.resolve(ctx.session, ctx.viewer, key)
    limit = ctx.params.integer("limit", default=20, minimum=1, maximum=40, clamp=True)
    newer = ctx.params.raw("min_id") or ctx.params.raw("since_id")
    if newer and feed.definition.ranked:  # a ranking has no "newer than": reload for a new one
        return JSON([])
    cursor = ctx.params.text("max_id", max_length=100) or None
    page: Page = await service.page(
        ctx.session, ctx.settings, ctx.viewer, feed, cursor, limit, explain
    )
    shown = await render_status_map(ctx.session, ctx.account, page.statuses, ctx.settings)
    if page.receipts is not None:
        for status, receipt in zip(page.statuses, page.receipts, strict=True):
            if status.id in shown:
                shown[status.id]["receipt"] = receipt
    body = [shown[s.id] for s in page.statuses if s.id in shown]
    if not feed.definition.ranked:
        return JSON(body, headers=paged_headers(ctx.request, page.statuses, lambda s: s.id))
    return JSON(body, headers=_link(ctx, page.next_cursor))


async def ranked_home(ctx: Ctx) -> Response | None:
    """The hook ``/api/v1/timelines/home`` calls: the chosen ranked feed, or None."""
    key = await repo.chosen_feed(ctx.session, ctx.viewer.id)
    if key is None or key == "following":
        return None
    try:
        await service.resolve(ctx.session, ctx.viewer, key)
    except ApiError:  # the chosen fork is gone or private now: chronological home
        return None
    # The first page stores a snapshot during this GET: take SQLite's write slot (which the
    # core home endpoint, a read, does not) and commit within it.
    async with ctx.db.writer("POST", ctx.request.url.path):
        response = await feed_response(ctx, key, explain=False)
        await ctx.session.commit()
    return response


# A ranked feed's first page stores its session's snapshot: a write during a GET.
@endpoint(scope="read:statuses", auth="required", writes=True)
async def timeline(ctx: Ctx) -> Response:
    explain = ctx.params.boolean("explain", default=False)
    return await feed_response(ctx, ctx.request.path_params["feed"], explain)


@endpoint(scope="read:statuses", auth="required")
async def why(ctx: Ctx) -> Response:
    feed = await service.resolve(ctx.session, ctx.viewer, ctx.request.path_params["feed"])
    status_id = _path_id(ctx, "status_id")
    return JSON(await service.why(ctx.session, ctx.settings, ctx.viewer, feed, status_id))


@endpoint(auth="none")
async def replay(ctx: Ctx) -> Response:
    return JSON(service.replay(ctx.params.data))


@endpoint(auth="optional")
async def algorithm(ctx: Ctx) -> Response:
    return JSON(manifest(ctx.settings.feeds_candidate_cache_seconds))


def _fork_entity(custom: CustomFeed) -> dict[str, Any]:
    feed = fork_feed(custom)
    return {
        "id": str(custom.id),
        "base": custom.base,
        "title": custom.title,
        "description": custom.description,
        "public": custom.public,
        "account_id": str(custom.account_id),
        "weights": feed.weights,
        "params": feed.params,
        "version": feed.version,
        "created_at": iso(custom.created_at),
        "updated_at": iso(custom.updated_at),
    }


def _changes(ctx: Ctx, creating: bool) -> forks.ForkChanges:
    p = ctx.params
    return forks.ForkChanges(
        base=p.text("base", max_length=40, required=False) or ("for-you" if creating else None),
        title=p.text("title", max_length=100),
        description=p.text("description", max_length=1000),
        weights=p.nested("weights").data if "weights" in p else None,
        params=p.nested("params").data if "params" in p else None,
        public=p.boolean("public"),
    )


@endpoint(scope="read:accounts", auth="required")
async def list_feeds(ctx: Ctx) -> Response:
    page = PageRequest.from_params(ctx.params)
    rows = await repo.custom_feeds(ctx.session, ctx.viewer.id, page, include_public=True)
    return JSON(
        [_fork_entity(r) for r in rows], headers=paged_headers(ctx.request, rows, lambda r: r.id)
    )


@endpoint(scope="write:accounts", auth="required")
async def create_feed(ctx: Ctx) -> Response:
    custom = await forks.create(ctx.session, ctx.viewer, _changes(ctx, creating=True))
    return JSON(_fork_entity(custom))


@endpoint(scope="read:accounts", auth="required")
async def show_feed(ctx: Ctx) -> Response:
    custom = await service.policy.usable_fork(ctx.session, ctx.viewer, str(_path_id(ctx)))
    return JSON(_fork_entity(custom))


@endpoint(scope="write:accounts", auth="required")
async def update_feed(ctx: Ctx) -> Response:
    changes = _changes(ctx, creating=False)
    custom = await forks.update(ctx.session, ctx.viewer, _path_id(ctx), changes)
    return JSON(_fork_entity(custom))


@endpoint(scope="write:accounts", auth="required")
async def delete_feed(ctx: Ctx) -> Response:
    await forks.delete(ctx.session, ctx.viewer, _path_id(ctx))
    return JSON({})


@endpoint(scope="read:accounts", auth="required")
async def show_home_feed(ctx: Ctx) -> Response:
    return JSON({"feed": await service.home_feed_key(ctx.session, ctx.viewer)})


@endpoint(scope="write:accounts", auth="required")
async def choose_home_feed(ctx: Ctx) -> Response:
    key = ctx.params.text("feed", required=True, max_length=40)
    feed = await service.choose_home(ctx.session, ctx.viewer, key)
    return JSON({"feed": feed.key})


@endpoint(scope="write:statuses", auth="required")
async def feedback(ctx: Ctx) -> Response:
    value = ctx.params.text("feedback", required=True, max_length=10)
    status = await service.give_feedback(ctx.session, ctx.viewer, _path_id(ctx), value)
    return JSON({"status_id": str(status.id), "feedback": value})


@endpoint(scope="write:statuses", auth="required")
async def withdraw_feedback(ctx: Ctx) -> Response:
    status = await service.give_feedback(ctx.session, ctx.viewer, _path_id(ctx), None)
    return JSON({"status_id": str(status.id), "feedback": None})


PREFIX = "/api/townsquare/v1"
routes: list[BaseRoute] = [
    Route(f"{PREFIX}/algorithm", algorithm, methods=["GET"]),
    Route(f"{PREFIX}/home_feed", show_home_feed, methods=["GET"]),
    Route(f"{PREFIX}/home_feed", choose_home_feed, methods=["PUT", "POST"]),
    Route(f"{PREFIX}/feeds", list_feeds, methods=["GET"]),
    Route(f"{PREFIX}/feeds", create_feed, methods=["POST"]),
    Route(f"{PREFIX}/feeds/replay", replay, methods=["POST"]),
    Route(f"{PREFIX}/feeds/{{id:int}}", show_feed, methods=["GET"]),
    Route(f"{PREFIX}/feeds/{{id:int}}", update_feed, methods=["PATCH", "PUT"]),
    Route(f"{PREFIX}/feeds/{{id:int}}", delete_feed, methods=["DELETE"]),
    Route(f"{PREFIX}/feeds/{{feed}}/timeline", timeline, methods=["GET"]),
    Route(f"{PREFIX}/feeds/{{feed}}/why/{{status_id:int}}", why, methods=["GET"]),
    Route(f"{PREFIX}/statuses/{{id:int}}/feedback", feedback, methods=["POST"]),
    Route(f"{PREFIX}/statuses/{{id:int}}/feedback", withdraw_feedback, methods=["DELETE"]),
]
