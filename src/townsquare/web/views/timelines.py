"""Home (with the feed picker and a receipt per post) and the public timeline."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from townsquare.api.mastodon.entities.status import render_statuses
from townsquare.feeds import repository as feeds_repo
from townsquare.feeds import service as feeds
from townsquare.feeds.registry import BUILT_IN
from townsquare.ids import parse_id
from townsquare.kit.paging import PageRequest
from townsquare.models import Account
from townsquare.timelines import service as timelines
from townsquare.web.page import PageCtx, page, render
from townsquare.web.views.common import filter_context, visibility_choices

PAGE_SIZE = 20
CHRONOLOGICAL = {"chronological": True}
MAX_FORKS_SHOWN = 50


async def feed_choices(ctx: PageCtx, viewer: Account) -> list[dict[str, str]]:
    """Built-in feeds, then the viewer's forks (keyed by id), for the picker and settings."""
    choices = [{"key": d.name, "title": d.title} for d in BUILT_IN.values()]
    forks = await feeds_repo.custom_feeds(
        ctx.session, viewer.id, PageRequest(limit=MAX_FORKS_SHOWN), include_public=False
    )
    choices += [{"key": str(f.id), "title": f"{f.title} (fork of {f.base})"} for f in forks]
    return choices


async def _following(ctx: PageCtx, cursor: str | None) -> tuple[list[Any], None, str | None]:
    """A page of the chronological home timeline; its receipt panel explains the order."""
    page_request = PageRequest(max_id=parse_id(cursor) if cursor else None, limit=PAGE_SIZE)
    found = await timelines.home(ctx.session, ctx.settings, ctx.viewer, page_request)
    next_cursor = str(found[-1].id) if len(found) == PAGE_SIZE else None
    return list(found), None, next_cursor


def _with_receipts(found: list[Any], statuses: list[Any], receipts: list[Any] | None) -> list[Any]:
    """Each shown status with its receipt; a filter or label may have hidden some."""
    if not receipts:
        return [(s, CHRONOLOGICAL) for s in statuses]
    by_id = {str(f.id): r for f, r in zip(found, receipts, strict=True)}
    return [(s, by_id.get(s["id"], CHRONOLOGICAL)) for s in statuses]


@page(auth="required")
async def home(ctx: PageCtx) -> Response:
    viewer = ctx.viewer
    filter_context("home")
    chosen = await feeds.home_feed_key(ctx.session, viewer)
    key = ctx.params.text("feed", max_length=40) or chosen
    feed = await feeds.resolve(ctx.session, viewer, key)
    cursor = ctx.params.text("max_id", max_length=100) or None
    if feed.definition.ranked:
        result = await feeds.page(
            ctx.session, ctx.settings, viewer, feed, cursor, PAGE_SIZE, explain=True
        )
        found, receipts, next_cursor = result.statuses, result.receipts, result.next_cursor
    else:  # "following" is the home timeline itself, as /api/v1/timelines/home serves it
        found, receipts, next_cursor = await _following(ctx, cursor)
    statuses = await render_statuses(ctx.session, viewer, found, ctx.settings)
    return render(
        ctx,
        "home.html",
        items=_with_receipts(found, statuses, receipts),
        feed=feed,
        feed_key=key,
        chosen=chosen,
        choices=await feed_choices(ctx, viewer),
        next_cursor=next_cursor,
        visibilities=visibility_choices(),
    )


@page()
async def public(ctx: PageCtx) -> Response:
    page_request = PageRequest.from_params(ctx.params)
    filter_context("public")
    found = await timelines.public(ctx.session, ctx.account, page_request)
    statuses = await render_statuses(ctx.session, ctx.account, found, ctx.settings)
    next_id = found[-1].id if len(found) == page_request.limit else None
    return render(ctx, "public.html", items=[(s, None) for s in statuses], next_id=next_id)


@page()
async def index(ctx: PageCtx) -> Response:
    """``/``: home for a signed-in visitor, the public timeline otherwise."""
    if ctx.account is not None:
        return await home.__wrapped__(ctx)  # type: ignore[attr-defined]
    return await public.__wrapped__(ctx)  # type: ignore[attr-defined]
