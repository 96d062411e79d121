"""Mastodon API: ``POST /api/v1/reports``."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.account import render_account
from townsquare.kit.json import JSON
from townsquare.models import Account
from townsquare.moderation import reports
from townsquare.moderation.entities import render_report

MAX_STATUSES = 100
MAX_RULES = 20


@endpoint(scope="write:reports", auth="required")
async def create(ctx: Ctx) -> Response:
    p = ctx.params
    account_id = p.id("account_id", required=True)
    assert account_id is not None
    draft = reports.ReportDraft(
        account_id=account_id,
        status_ids=p.ids("status_ids", max_items=MAX_STATUSES),
        comment=p.text("comment", max_length=reports.MAX_COMMENT * 10, default=""),
        category=p.text("category", max_length=20) or None,
        rule_ids=p.strings("rule_ids", max_items=MAX_RULES, max_length=50),
        forward=p.boolean("forward", default=False),
    )
    report = await reports.file(ctx.session, ctx.viewer, draft)
    target = await ctx.session.get(Account, report.target_account_id)
    assert target is not None
    return JSON(render_report(report, render_account(target, ctx.settings)))


routes: list[BaseRoute] = [Route("/api/v1/reports", create, methods=["POST"])]
