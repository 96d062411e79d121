"""Moderation pages: the public transparency log with its chain verdict, the policy, and the
reader's controls in settings (filters, label preferences, mutes)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from townsquare.filters import repository as filters_repo
from townsquare.filters import service as filters
from townsquare.filters.context import CONTEXTS
from townsquare.filters.entities import render_filter
from townsquare.kit.paging import PageRequest
from townsquare.models import Account
from townsquare.moderation import chain, log, preferences
from townsquare.moderation import repository as moderation_repo
from townsquare.moderation.entities import render_label_preference
from townsquare.moderation.rulebook import ACTIONS, labels, rules
from townsquare.social import pages as social_pages
from townsquare.social import service as social
from townsquare.web.navigation import (
    NavItem,
    SettingsSection,
    register_nav_item,
    register_settings_section,
)
from townsquare.web.page import PageCtx, page, redirect, render
from townsquare.web.views.common import account_named, path_id

LOG_PAGE = 50
MAX_INPUT = 10_000
MAX_KEYWORDS_AT_ONCE = 50
MUTES_SHOWN = 80
# Expiry choices offered by the form, in seconds (Mastodon's own menu); "" never expires.
EXPIRIES = (("", "Never"), ("1800", "30 minutes"), ("3600", "1 hour"), ("21600", "6 hours"),
            ("43200", "12 hours"), ("86400", "1 day"), ("604800", "1 week"))  # fmt: skip
FILTER_ACTIONS = (("warn", "Warn (show behind a warning)"), ("blur", "Blur media"),
                  ("hide", "Hide completely"))  # fmt: skip

register_nav_item(NavItem("/web/transparency", "Transparency log"))
for _section in (
    SettingsSection("filters", "Filters", "settings/filters.html"),
    SettingsSection("labels", "Labels", "settings/labels.html"),
    SettingsSection("mutes", "Muted accounts", "settings/mutes.html"),
):
    register_settings_section(_section)


async def account_labels(ctx: PageCtx, account: Account) -> list[dict[str, str]]:
    """The labels on an account, for its profile page (state media shows its own line)."""
    found = await moderation_repo.labels_for(ctx.session, [], [account.id])
    definitions = labels()
    return [
        {"value": label.value, "description": definitions[label.value].description}
        for label in sorted(found, key=lambda x: x.value)
        if label.value != "state-affiliated" and label.value in definitions
    ]


async def _verdict(ctx: PageCtx) -> chain.Verdict:
    """The whole chain recomputed, with the code ``townsquare log verify`` runs."""
    return chain.verify([entry async for entry in log.stream(ctx.session)])


@page()
async def transparency(ctx: PageCtx) -> Response:
    after = ctx.params.integer("after", default=0, minimum=0, maximum=2**62)
    entries = await log.page(ctx.session, after, LOG_PAGE)
    head = await log.head(ctx.session)
    return render(
        ctx,
        "transparency.html",
        entries=[log.as_json(e) for e in entries],
        verdict=await _verdict(ctx),
        head=head,
        after=after,
        next_after=entries[-1].seq if len(entries) == LOG_PAGE else None,
        counts=await log.report(ctx.session),
        base_url=ctx.settings.base_url,
    )


@page()
async def policy_page(ctx: PageCtx) -> Response:
    return render(ctx, "policy.html", rules=rules(), labels=list(labels().values()),
                  actions=ACTIONS)  # fmt: skip


async def settings_context(ctx: PageCtx) -> dict[str, Any]:
    """What the filters, labels and mutes sections show."""
    viewer = ctx.viewer
    own = await filters_repo.filters_of(ctx.session, viewer.id)
    keywords = await filters_repo.keywords_of(ctx.session, [f.id for f in own])
    chosen = await preferences.current(ctx.session, viewer)
    mutes = await social_pages.mutes(ctx.session, viewer.id, PageRequest(limit=MUTES_SHOWN))
    return {
        "filters": [render_filter(f, keywords[f.id]) for f in own],
        "filter_contexts": CONTEXTS,
        "filter_actions": FILTER_ACTIONS,
        "filter_expiries": EXPIRIES,
        "label_preferences": [
            render_label_preference(d, chosen.get(v)) for v, d in labels().items()
        ],
        "mutes": [(account, expires) for _, account, expires in mutes],
    }


def _keywords(text: str) -> list[filters.KeywordChange]:
    """One keyword per line (or comma); a leading ``=`` is not special: whole words by box."""
    parts = [part.strip() for line in text.splitlines() for part in line.split(",")]
    return [filters.KeywordChange(keyword=part, whole_word=None) for part in parts if part]


@page(auth="required")
async def create_filter(ctx: PageCtx) -> Response:
    p = ctx.params
    whole_word = bool(p.boolean("whole_word", default=False))
    keywords = [
        filters.KeywordChange(keyword=k.keyword, whole_word=whole_word)
        for k in _keywords(p.text("keywords", max_length=MAX_INPUT, default=""))
    ][:MAX_KEYWORDS_AT_ONCE]
    changes = filters.FilterChanges(
        title=p.text("title", max_length=filters.MAX_TITLE, default=""),
        contexts=p.strings("context", max_items=10, max_length=20),
        action=p.text("filter_action", max_length=20) or "warn",
        expires_in=p.integer("expires_in") if p.text("expires_in", max_length=20) else None,
        keywords=keywords,
    )
    await filters.create(ctx.session, ctx.viewer, changes)
    return redirect("/web/settings?saved=filters#filters")


@page(auth="required")
async def delete_filter(ctx: PageCtx) -> Response:
    await filters.delete(ctx.session, ctx.viewer, path_id(ctx))
    return redirect("/web/settings?saved=filters#filters")


@page(auth="required")
async def save_labels(ctx: PageCtx) -> Response:
    wanted = {}
    for value in labels():
        setting = ctx.params.text(f"label_{value}", max_length=20)
        if setting:
            wanted[value] = setting
    await preferences.replace(ctx.session, ctx.viewer, wanted)
    return redirect("/web/settings?saved=labels#labels")


@page(auth="required")
async def unmute(ctx: PageCtx) -> Response:
    target = await account_named(ctx.session, ctx.request.path_params["username"])
    await social.unmute(ctx.session, ctx.viewer, target)
    return redirect("/web/settings?saved=mutes#mutes")
