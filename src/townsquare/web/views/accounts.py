"""Profiles, follow and unfollow, and settings (profile and the chosen home feed)."""

from __future__ import annotations

from starlette.responses import Response

from townsquare.accounts import service as accounts
from townsquare.accounts.profile import ProfileUpdate
from townsquare.api.mastodon.entities.status import render_statuses
from townsquare.feeds import service as feeds
from townsquare.kit.paging import PageRequest
from townsquare.social import service as social
from townsquare.social.relationships import relationship
from townsquare.timelines import service as timelines
from townsquare.web.page import PageCtx, back, page, redirect, render
from townsquare.web.views import moderation as moderation_pages
from townsquare.web.views import tips as tip_pages
from townsquare.web.views.common import account_named, filter_context
from townsquare.web.views.timelines import feed_choices

PROFILE_FIELDS = 4
MAX_INPUT = 10_000


@page()
async def profile(ctx: PageCtx) -> Response:
    account = await account_named(ctx.session, ctx.request.path_params["username"])
    page_request = PageRequest.from_params(ctx.params)
    filter_context("account")
    found = await timelines.account_statuses(
        ctx.session, ctx.account, account.id, timelines.AccountStatusesQuery(), page_request
    )
    statuses = await render_statuses(ctx.session, ctx.account, found, ctx.settings)
    rel = None
    if ctx.account is not None and ctx.account.id != account.id:
        rel = await relationship(ctx.session, ctx.account.id, account.id)
    next_id = found[-1].id if len(found) == page_request.limit else None
    return render(ctx, "profile.html", account=account, relationship=rel,
                  items=[(s, None) for s in statuses], next_id=next_id,
                  labels=await moderation_pages.account_labels(ctx, account),
                  tips=await tip_pages.profile_tips(ctx, account))  # fmt: skip


@page(auth="required")
async def follow(ctx: PageCtx) -> Response:
    target = await account_named(ctx.session, ctx.request.path_params["username"])
    if ctx.params.boolean("undo", default=False):
        await social.unfollow(ctx.session, ctx.viewer, target)
    else:
        await social.follow(ctx.session, ctx.settings, ctx.viewer, target)
    return back(ctx, f"/@{target.username}")


@page(auth="required")
async def settings_page(ctx: PageCtx) -> Response:
    viewer = ctx.viewer
    fields = list(viewer.fields or [])
    fields += [{"name": "", "value": ""}] * (PROFILE_FIELDS - len(fields))
    return render(
        ctx,
        "settings.html",
        fields=fields[:PROFILE_FIELDS],
        chosen=await feeds.home_feed_key(ctx.session, viewer),
        choices=await feed_choices(ctx, viewer),
        saved=ctx.params.text("saved", max_length=20),
        **await moderation_pages.settings_context(ctx),
        **await tip_pages.settings_context(ctx),
    )


@page(auth="required")
async def save_profile(ctx: PageCtx) -> Response:
    p = ctx.params
    pairs = [
        (p.text(f"field_name_{i}", max_length=MAX_INPUT, default=""),
         p.text(f"field_value_{i}", max_length=MAX_INPUT, default=""))
        for i in range(PROFILE_FIELDS)
    ]  # fmt: skip
    update = ProfileUpdate(
        display_name=p.text("display_name", max_length=MAX_INPUT, default=""),
        note=p.text("note", max_length=MAX_INPUT, default=""),
        fields=[(name, value) for name, value in pairs if name or value],
        bot=p.boolean("bot", default=False),
        locked=p.boolean("locked", default=False),
    )
    await accounts.update_profile(ctx.session, ctx.settings, ctx.viewer, update)
    return redirect("/web/settings?saved=profile")


@page(auth="required")
async def save_home_feed(ctx: PageCtx) -> Response:
    key = ctx.params.text("feed", required=True, max_length=40)
    await feeds.choose_home(ctx.session, ctx.viewer, key)
    return back(ctx, "/web/settings?saved=feed")
