"""Compose and reply, a post's thread with its community notes, favourite, boost, vote."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from townsquare.api.mastodon.entities.status import (
    render_status,
    render_status_map,
)
from townsquare.api.native.notes_entities import render_note
from townsquare.feeds import service as feeds
from townsquare.kit.errors import NotFound
from townsquare.kit.params import Params
from townsquare.notes import constants as note_terms
from townsquare.notes import repository as notes_repo
from townsquare.polls import service as polls
from townsquare.polls.ballots import ballot_box
from townsquare.statuses import attachments, interactions, service, threads
from townsquare.web.page import PageCtx, back, page, render
from townsquare.web.views import tips as tip_pages
from townsquare.web.views.common import (
    account_named,
    filter_context,
    path_id,
    visibility_choices,
)

MAX_INPUT = 100_000


def _poll_params(p: Params) -> Params:
    """The form's poll fields as the API's ``poll[...]``; blank option fields are left out."""
    data = dict(p.data)
    poll = data.get("poll")
    if isinstance(poll, dict):
        options = poll.get("options")
        kept = [o for o in options if isinstance(o, str) and o.strip()] if options else []
        if kept:
            data["poll"] = {**poll, "options": kept}
        else:
            data.pop("poll")
    return Params(data)


@page(auth="required")
async def compose(ctx: PageCtx) -> Response:
    p = ctx.params
    user = ctx.user
    warning = p.text("spoiler_text", max_length=MAX_INPUT, default="")
    draft = service.Draft(
        text=p.text("status", max_length=MAX_INPUT, default=""),
        spoiler_text=warning,
        sensitive=bool(warning.strip()),  # a content warning hides the post, as in Mastodon
        visibility=p.text("visibility", max_length=20, default="")
        or (user.default_privacy if user else "public"),
        in_reply_to_id=p.id("in_reply_to_id"),
        application_id=ctx.token.app_id if ctx.token else None,
        attachments=attachments.parse_all(_poll_params(p), ctx.settings),
    )
    status = await service.create(ctx.session, ctx.settings, ctx.viewer, draft)
    default = f"/@{ctx.viewer.username}/{status.id}"
    return back(ctx, default)


def _notes_context(ctx: PageCtx, notes: list[Any], mine: dict[int, Any]) -> list[dict[str, Any]]:
    base = ctx.settings.base_url
    return [render_note(n, base, ctx.account, mine.get(n.id)) for n in notes]


async def _notes_of(ctx: PageCtx, status_id: int) -> list[dict[str, Any]]:
    notes = list(await notes_repo.on_status(ctx.session, status_id))
    rank = {"helpful": 0, "needs_more_ratings": 1, "not_helpful": 2}
    notes.sort(key=lambda n: (rank.get(n.status, 3), -n.id))
    mine = (
        await notes_repo.ratings_by(ctx.session, ctx.account.id, [n.id for n in notes])
        if ctx.account
        else {}
    )
    return _notes_context(ctx, notes, mine)


@page()
async def thread(ctx: PageCtx) -> Response:
    author = await account_named(ctx.session, ctx.request.path_params["username"])
    status = await service.find_visible(ctx.session, ctx.account, path_id(ctx))
    if status.account_id != author.id or status.reblog_of_id is not None:
        raise NotFound()
    ancestors, descendants = await threads.context(ctx.session, ctx.account, status)
    filter_context("thread")
    shown = await render_status_map(
        ctx.session, ctx.account, [*ancestors, status, *descendants], ctx.settings
    )
    if status.id not in shown:  # a filter hides it in lists; asked for by id, it is shown
        shown[status.id] = await render_status(ctx.session, ctx.account, status, ctx.settings)
    return render(
        ctx,
        "thread.html",
        ancestors=[shown[s.id] for s in ancestors if s.id in shown],
        status=shown[status.id],
        descendants=[shown[s.id] for s in descendants if s.id in shown],
        notes=await _notes_of(ctx, status.id),
        terms=note_terms,
        tips=await tip_pages.profile_tips(ctx, author, status_id=status.id),
        visibilities=visibility_choices(),
    )


async def _target(ctx: PageCtx) -> Any:
    return await service.find_target(ctx.session, ctx.viewer, path_id(ctx))


@page(auth="required")
async def favourite(ctx: PageCtx) -> Response:
    status = await _target(ctx)
    if ctx.params.boolean("undo", default=False):
        await interactions.unfavourite(ctx.session, ctx.viewer, status)
    else:
        await interactions.favourite(ctx.session, ctx.viewer, status)
    return back(ctx)


@page(auth="required")
async def boost(ctx: PageCtx) -> Response:
    status = await _target(ctx)
    if ctx.params.boolean("undo", default=False):
        await interactions.unreblog(ctx.session, ctx.viewer, status)
    else:
        await interactions.reblog(ctx.session, ctx.settings, ctx.viewer, status, "public")
    return back(ctx)


@page(auth="required")
async def feedback(ctx: PageCtx) -> Response:
    """ "Show more" / "show less" from a post's receipt panel (feeds' feedback weights)."""
    value = ctx.params.text("feedback", required=True, max_length=10)
    await feeds.give_feedback(ctx.session, ctx.viewer, path_id(ctx), value)
    return back(ctx)


@page(auth="required", write_slot=False)
async def vote(ctx: PageCtx) -> Response:
    choices = ctx.params.strings("choices", max_items=100, max_length=20)
    ballot = await polls.prepare_ballot(ctx.session, ctx.viewer, path_id(ctx), choices)
    await ctx.session.rollback()  # the ballot box commits in its own transaction
    outcome = await ballot_box(ctx.state).cast(ballot)
    if outcome.error is not None:
        raise outcome.error
    return back(ctx)
