"""Community notes on the thread page: write one, rate one."""

from __future__ import annotations

from starlette.responses import Response

from townsquare.notes import service as notes
from townsquare.statuses import service as statuses
from townsquare.web.page import PageCtx, back, page
from townsquare.web.views.common import path_id

MAX_INPUT = 10_000


@page(auth="required")
async def write(ctx: PageCtx) -> Response:
    p = ctx.params
    sources = [s for s in p.text("sources", max_length=MAX_INPUT, default="").split() if s]
    draft = notes.NoteDraft(
        classification=p.text("classification", max_length=100, default=""),
        reasons=p.strings("reasons", max_items=20, max_length=100),
        text=p.text("text", max_length=MAX_INPUT, default=""),
        sources=sources,
    )
    status = await statuses.find_target(ctx.session, ctx.viewer, path_id(ctx))
    await notes.write(ctx.session, ctx.settings, ctx.viewer, status, draft)
    return back(ctx)


@page(auth="required")
async def rate(ctx: PageCtx) -> Response:
    p = ctx.params
    draft = notes.RatingDraft(
        helpfulness=p.text("helpfulness", max_length=100, default=""),
        helpful_tags=p.strings("helpful_tags", max_items=20, max_length=100),
        not_helpful_tags=p.strings("not_helpful_tags", max_items=20, max_length=100),
    )
    note = await notes.find(ctx.session, path_id(ctx))
    await statuses.find_visible(ctx.session, ctx.viewer, note.status_id)
    await notes.rate(ctx.session, ctx.settings, ctx.viewer, note, draft)
    return back(ctx)
