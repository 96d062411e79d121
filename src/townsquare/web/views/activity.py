"""Notifications and search."""

from __future__ import annotations

from starlette.responses import Response

from townsquare.api.mastodon.entities.account import render_account
from townsquare.api.mastodon.entities.notification import render_notifications
from townsquare.api.mastodon.entities.status import render_statuses
from townsquare.kit.paging import PageRequest
from townsquare.notifications import service as notifications
from townsquare.search import service as search_service
from townsquare.web.page import PageCtx, page, render

MAX_QUERY = 500


@page(auth="required")
async def notifications_page(ctx: PageCtx) -> Response:
    page_request = PageRequest.from_params(ctx.params)
    found = await notifications.list_for(ctx.session, ctx.viewer, page_request)
    items = await render_notifications(ctx.session, ctx.viewer, found, ctx.settings)
    next_id = found[-1].id if len(found) == page_request.limit else None
    return render(ctx, "notifications.html", items=items, next_id=next_id)


@page()
async def search(ctx: PageCtx) -> Response:
    q = ctx.params.text("q", max_length=MAX_QUERY, default="").strip()
    request = search_service.SearchRequest(q=q, page=PageRequest(limit=20))
    results = await search_service.search(ctx.session, ctx.account, request, ctx.settings)
    statuses = await render_statuses(ctx.session, ctx.account, results.statuses, ctx.settings)
    return render(
        ctx,
        "search.html",
        q=q,
        accounts=[render_account(a, ctx.settings) for a in results.accounts],
        hashtags=[t.name for t in results.hashtags],
        items=[(s, None) for s in statuses],
    )
