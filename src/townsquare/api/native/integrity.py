"""townsquare's integrity endpoints: the published manifest, campaigns, and an account's labels
with their evidence. All public (a token only widens which posts are shown)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.account import render_account
from townsquare.api.mastodon.entities.status import render_status_map
from townsquare.ids import parse_id
from townsquare.integrity import repository as repo
from townsquare.integrity import service
from townsquare.integrity.entities import (
    render_campaign,
    render_label_detail,
    render_manifest,
)
from townsquare.kit.errors import BadRequest
from townsquare.kit.json import JSON
from townsquare.kit.paging import PageRequest, paged_headers
from townsquare.models import Status
from townsquare.moderation.rulebook import labels

ROOT = "/api/townsquare/v1"


def _path_id(ctx: Ctx) -> int:
    """The ``:id`` path parameter: 400 unless it is an id (a string of digits)."""
    raw = ctx.request.path_params["id"]
    parsed = parse_id(raw)
    if parsed is None:
        raise BadRequest(f"Malformed id {raw!r}: ids are strings of digits")
    return parsed


async def _statuses(ctx: Ctx, statuses: list[Status]) -> list[dict[str, Any]]:
    # Asked for explicitly, like a status by id: a reader's "hide" preference does not
    # empty the evidence (removed statuses were already left out).
    shown = await render_status_map(
        ctx.session, ctx.account, statuses, ctx.settings, keep_hidden=True
    )
    return [shown[s.id] for s in statuses if s.id in shown]


@endpoint(auth="none")
async def manifest(ctx: Ctx) -> Response:
    """The published integrity terms: labels, detectors and their parameters, the scan."""
    last = await service.last_scan(ctx.session)
    return JSON(render_manifest(ctx.settings, service.parameters(ctx.settings), last))


@endpoint(auth="optional")
async def campaigns_index(ctx: Ctx) -> Response:
    """Campaigns, newest first, paged with max_id / since_id / min_id / limit."""
    page = PageRequest.from_params(ctx.params)
    found = await repo.campaigns_page(ctx.session, page)
    return JSON(
        [render_campaign(c, ctx.settings) for c in found],
        headers=paged_headers(ctx.request, found, lambda c: c.id),
    )


@endpoint(auth="optional")
async def campaign_show(ctx: Ctx) -> Response:
    """One campaign: its accounts, the member posts the viewer may see, span and evidence."""
    view = await service.campaign_view(ctx.session, ctx.account, _path_id(ctx))
    body = render_campaign(view.campaign, ctx.settings)
    body["accounts"] = [render_account(a, ctx.settings) for a in view.accounts]
    body["statuses"] = await _statuses(ctx, view.statuses)
    return JSON(body)


@endpoint(auth="optional")
async def account_labels(ctx: Ctx) -> Response:
    """Every label on an account and its posts, with evidence, applier, time and appeal."""
    found = await service.account_labels(ctx.session, ctx.account, _path_id(ctx))
    definitions = labels()
    return JSON(
        {
            "account": render_account(found.account, ctx.settings),
            "labels": [
                render_label_detail(
                    x,
                    definitions.get(x.value),
                    found.appeals.get(x.action_id or 0),
                    ctx.settings,
                )
                for x in found.labels
            ],
            "campaigns": [
                {**render_campaign(c, ctx.settings), "status_ids": [str(i) for i in ids]}
                for c, ids in found.campaigns
            ],
        }
    )


routes: list[BaseRoute] = [
    Route(f"{ROOT}/integrity", manifest, methods=["GET"]),
    Route(f"{ROOT}/campaigns", campaigns_index, methods=["GET"]),
    Route(f"{ROOT}/campaigns/{{id}}", campaign_show, methods=["GET"]),
    Route(f"{ROOT}/accounts/{{id}}/labels", account_labels, methods=["GET"]),
]
