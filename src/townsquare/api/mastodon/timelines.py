"""Mastodon API: home, public and hashtag timelines, account statuses, bookmarks, favourites."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.status import render_statuses
from townsquare.api.native.feeds import ranked_home
from townsquare.ids import parse_id
from townsquare.kit.errors import NotFound
from townsquare.kit.json import JSON
from townsquare.kit.paging import PageRequest, paged_headers
from townsquare.models import Status
from townsquare.timelines import service

MAX_TAG_PARAMS = 20


async def _statuses_response(ctx: Ctx, statuses: Sequence[Status]) -> Response:
    """A page of statuses, with the Link header keyed on their ids."""
    body = await render_statuses(ctx.session, ctx.account, statuses, ctx.settings)
    headers = paged_headers(ctx.request, statuses, lambda s: s.id)
    return JSON(body, headers=headers)


async def _marked_response(ctx: Ctx, rows: Sequence[tuple[int, Status]]) -> Response:
    """A page of bookmarked or favourited statuses; the Link header carries the row ids."""
    body = await render_statuses(ctx.session, ctx.account, [s for _, s in rows], ctx.settings)
    return JSON(body, headers=paged_headers(ctx.request, rows, lambda row: row[0]))


def _path_id(ctx: Ctx) -> int:
    """The ``{id:int}`` path parameter; 404 beyond the 63-bit id range."""
    parsed = parse_id(ctx.request.path_params["id"])
    if parsed is None:
        raise NotFound()
    return parsed


@endpoint(scope="read:statuses", auth="required")
async def home(ctx: Ctx) -> Response:
    ranked = await ranked_home(ctx)  # the viewer chose a ranked feed (townsquare.feeds)
    if ranked is not None:
        return ranked
    page = PageRequest.from_params(ctx.params)
    return await _statuses_response(
        ctx, await service.home(ctx.session, ctx.settings, ctx.viewer, page)
    )


@endpoint(scope="read:statuses")
async def public(ctx: Ctx) -> Response:
    page = PageRequest.from_params(ctx.params)
    ctx.params.boolean("local", default=False)  # every status is local: validated, no effect
    statuses = await service.public(
        ctx.session,
        ctx.account,
        page,
        remote=ctx.params.boolean("remote", default=False),
        only_media=ctx.params.boolean("only_media", default=False),
    )
    return await _statuses_response(ctx, statuses)


@endpoint(scope="read:statuses")
async def tag(ctx: Ctx) -> Response:
    page = PageRequest.from_params(ctx.params)
    p = ctx.params
    p.boolean("local", default=False)
    query = service.TagQuery(
        hashtag=p.text("hashtag", required=True, max_length=service.MAX_TAG_LENGTH),
        any_of=p.strings("any", max_items=MAX_TAG_PARAMS, max_length=service.MAX_TAG_LENGTH),
        all_of=p.strings("all", max_items=MAX_TAG_PARAMS, max_length=service.MAX_TAG_LENGTH),
        none_of=p.strings("none", max_items=MAX_TAG_PARAMS, max_length=service.MAX_TAG_LENGTH),
        remote=p.boolean("remote", default=False),
        only_media=p.boolean("only_media", default=False),
    )
    return await _statuses_response(ctx, await service.tag(ctx.session, ctx.account, query, page))


@endpoint(scope="read:statuses")
async def account_statuses(ctx: Ctx) -> Response:
    page = PageRequest.from_params(ctx.params)
    p = ctx.params
    query = service.AccountStatusesQuery(
        exclude_replies=p.boolean("exclude_replies", default=False),
        exclude_reblogs=p.boolean("exclude_reblogs", default=False),
        pinned=p.boolean("pinned", default=False),
        only_media=p.boolean("only_media", default=False),
        tagged=p.text("tagged", max_length=service.MAX_TAG_LENGTH),
    )
    statuses = await service.account_statuses(ctx.session, ctx.account, _path_id(ctx), query, page)
    return await _statuses_response(ctx, statuses)


@endpoint(scope="read:bookmarks", auth="required")
async def bookmarks(ctx: Ctx) -> Response:
    page = PageRequest.from_params(ctx.params)
    return await _marked_response(ctx, await service.bookmarks(ctx.session, ctx.viewer, page))


@endpoint(scope="read:favourites", auth="required")
async def favourites(ctx: Ctx) -> Response:
    page = PageRequest.from_params(ctx.params)
    return await _marked_response(ctx, await service.favourites(ctx.session, ctx.viewer, page))


routes: list[BaseRoute] = [
    Route("/api/v1/timelines/home", home, methods=["GET"]),
    Route("/api/v1/timelines/public", public, methods=["GET"]),
    Route("/api/v1/timelines/tag/{hashtag}", tag, methods=["GET"]),
    Route("/api/v1/accounts/{id:int}/statuses", account_statuses, methods=["GET"]),
    Route("/api/v1/bookmarks", bookmarks, methods=["GET"]),
    Route("/api/v1/favourites", favourites, methods=["GET"]),
]
