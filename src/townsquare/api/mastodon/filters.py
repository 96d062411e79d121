"""Mastodon API: filters v2 (``/api/v2/filters``), their keywords and statuses."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.status import register_status_extension
from townsquare.filters import repository as repo
from townsquare.filters import service
from townsquare.filters.entities import render_filter, render_filter_status, render_keyword
from townsquare.filters.extension import filter_extension
from townsquare.ids import parse_id
from townsquare.kit.errors import NotFound, Unprocessable
from townsquare.kit.json import JSON
from townsquare.kit.params import Params
from townsquare.models import Filter

register_status_extension(filter_extension)

MAX_KEYWORD_CHANGES = 100


def _path_id(ctx: Ctx, name: str = "id") -> int:
    parsed = parse_id(ctx.request.path_params[name])
    if parsed is None:
        raise NotFound()
    return parsed


async def _render_full(ctx: Ctx, targets: list[Filter]) -> list[dict[str, Any]]:
    ids = [f.id for f in targets]
    keywords = await repo.keywords_of(ctx.session, ids)
    statuses = await repo.statuses_of(ctx.session, ids)
    return [render_filter(f, keywords[f.id], statuses[f.id]) for f in targets]


def _keyword_items(raw: Any) -> list[dict[str, Any]]:
    """``keywords_attributes`` as a list of dicts, from JSON, indexed or ``[][key]`` forms."""
    if raw is None or raw == "":
        return []
    if isinstance(raw, dict):
        raw = [raw[k] for k in sorted(raw, key=lambda k: (len(str(k)), str(k)))]
    if not isinstance(raw, list) or any(not isinstance(i, dict) for i in raw):
        raise Unprocessable("Validation failed: keywords_attributes must be a list of objects")
    merged: list[dict[str, Any]] = []
    for item in raw:  # ``a[][keyword]=x&a[][whole_word]=y`` arrives as one dict per pair
        if merged and len(item) == 1 and not (set(item) & set(merged[-1])) and len(raw) > 1:
            merged[-1].update(item)
        else:
            merged.append(dict(item))
    if len(merged) > MAX_KEYWORD_CHANGES:
        raise Unprocessable(f"Validation failed: at most {MAX_KEYWORD_CHANGES} keywords at once")
    return merged


def _keyword_change(item: dict[str, Any]) -> service.KeywordChange:
    p = Params(item)
    return service.KeywordChange(
        id=p.id("id"),
        keyword=p.text("keyword", max_length=service.MAX_KEYWORD * 2),
        whole_word=p.boolean("whole_word"),
        destroy=bool(p.boolean("_destroy", default=False)),
    )


def _changes(ctx: Ctx, creating: bool) -> service.FilterChanges:
    p = ctx.params
    contexts = p.strings("context", max_items=10, max_length=20)
    clear = "expires_in" in p and p.raw("expires_in") in ("", None)
    return service.FilterChanges(
        title=p.text("title", max_length=service.MAX_TITLE),
        contexts=contexts if (contexts or creating or "context" in p) else None,
        action=p.text("filter_action", max_length=20) or None,
        expires_in=p.integer("expires_in"),
        clear_expiry=clear and not creating,
        keywords=[_keyword_change(i) for i in _keyword_items(p.raw("keywords_attributes"))],
    )


@endpoint(scope="read:filters", auth="required")
async def index(ctx: Ctx) -> Response:
    return JSON(await _render_full(ctx, await repo.filters_of(ctx.session, ctx.viewer.id)))


@endpoint(scope="read:filters", auth="required")
async def show(ctx: Ctx) -> Response:
    found = await service.find(ctx.session, ctx.viewer, _path_id(ctx))
    return JSON((await _render_full(ctx, [found]))[0])


@endpoint(scope="write:filters", auth="required")
async def create(ctx: Ctx) -> Response:
    created = await service.create(ctx.session, ctx.viewer, _changes(ctx, creating=True))
    return JSON((await _render_full(ctx, [created]))[0])


@endpoint(scope="write:filters", auth="required")
async def update(ctx: Ctx) -> Response:
    changes = _changes(ctx, creating=False)
    updated = await service.update(ctx.session, ctx.viewer, _path_id(ctx), changes)
    return JSON((await _render_full(ctx, [updated]))[0])


@endpoint(scope="write:filters", auth="required")
async def destroy(ctx: Ctx) -> Response:
    await service.delete(ctx.session, ctx.viewer, _path_id(ctx))
    return JSON({})


@endpoint(scope="read:filters", auth="required")
async def keywords_index(ctx: Ctx) -> Response:
    found = await service.find(ctx.session, ctx.viewer, _path_id(ctx, "filter_id"))
    keywords = (await repo.keywords_of(ctx.session, [found.id]))[found.id]
    return JSON([render_keyword(k) for k in keywords])


@endpoint(scope="write:filters", auth="required")
async def keywords_create(ctx: Ctx) -> Response:
    p = ctx.params
    keyword = await service.add_keyword(
        ctx.session,
        ctx.viewer,
        _path_id(ctx, "filter_id"),
        p.text("keyword", max_length=service.MAX_KEYWORD * 2),
        p.boolean("whole_word", default=True),
    )
    return JSON(render_keyword(keyword))


@endpoint(scope="read:filters", auth="required")
async def keyword_show(ctx: Ctx) -> Response:
    return JSON(render_keyword(await service.find_keyword(ctx.session, ctx.viewer, _path_id(ctx))))


@endpoint(scope="write:filters", auth="required")
async def keyword_update(ctx: Ctx) -> Response:
    p = ctx.params
    keyword = await service.update_keyword(
        ctx.session,
        ctx.viewer,
        _path_id(ctx),
        p.text("keyword", max_length=service.MAX_KEYWORD * 2),
        p.boolean("whole_word"),
    )
    return JSON(render_keyword(keyword))


@endpoint(scope="write:filters", auth="required")
async def keyword_destroy(ctx: Ctx) -> Response:
    await service.delete_keyword(ctx.session, ctx.viewer, _path_id(ctx))
    return JSON({})


@endpoint(scope="read:filters", auth="required")
async def statuses_index(ctx: Ctx) -> Response:
    found = await service.find(ctx.session, ctx.viewer, _path_id(ctx, "filter_id"))
    rows = (await repo.statuses_of(ctx.session, [found.id]))[found.id]
    return JSON([render_filter_status(r) for r in rows])


@endpoint(scope="write:filters", auth="required")
async def statuses_create(ctx: Ctx) -> Response:
    status_id = ctx.params.id("status_id", required=True)
    assert status_id is not None
    row = await service.add_status(ctx.session, ctx.viewer, _path_id(ctx, "filter_id"), status_id)
    return JSON(render_filter_status(row))


@endpoint(scope="read:filters", auth="required")
async def status_show(ctx: Ctx) -> Response:
    row = await service.find_status(ctx.session, ctx.viewer, _path_id(ctx))
    return JSON(render_filter_status(row))


@endpoint(scope="write:filters", auth="required")
async def status_destroy(ctx: Ctx) -> Response:
    await service.delete_status(ctx.session, ctx.viewer, _path_id(ctx))
    return JSON({})


V2 = "/api/v2/filters"
routes: list[BaseRoute] = [
    Route(V2, index, methods=["GET"]),
    Route(V2, create, methods=["POST"]),
    Route(f"{V2}/keywords/{{id:int}}", keyword_show, methods=["GET"]),
    Route(f"{V2}/keywords/{{id:int}}", keyword_update, methods=["PUT"]),
    Route(f"{V2}/keywords/{{id:int}}", keyword_destroy, methods=["DELETE"]),
    Route(f"{V2}/statuses/{{id:int}}", status_show, methods=["GET"]),
    Route(f"{V2}/statuses/{{id:int}}", status_destroy, methods=["DELETE"]),
    Route(f"{V2}/{{filter_id:int}}/keywords", keywords_index, methods=["GET"]),
    Route(f"{V2}/{{filter_id:int}}/keywords", keywords_create, methods=["POST"]),
    Route(f"{V2}/{{filter_id:int}}/statuses", statuses_index, methods=["GET"]),
    Route(f"{V2}/{{filter_id:int}}/statuses", statuses_create, methods=["POST"]),
    Route(f"{V2}/{{id:int}}", show, methods=["GET"]),
    Route(f"{V2}/{{id:int}}", update, methods=["PUT"]),
    Route(f"{V2}/{{id:int}}", destroy, methods=["DELETE"]),
]
