"""townsquare's moderation endpoints: the policy, the public transparency log and report,
the moderators' queue and actions, appeals, and a reader's label preferences."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import Ctx, bearer_token, endpoint
from townsquare.api.mastodon.entities.account import render_account
from townsquare.api.mastodon.entities.notification import register_notification_extension
from townsquare.api.mastodon.entities.status import (
    register_status_extension,
    register_status_probe,
)
from townsquare.ids import parse_id
from townsquare.kit.errors import BadRequest, Forbidden, NotFound, Unauthorized, Unprocessable
from townsquare.kit.json import JSON
from townsquare.kit.paging import PageRequest, paged_headers
from townsquare.models import Account, Report
from townsquare.models.base import as_utc, utcnow
from townsquare.moderation import appeals, log, preferences, reports, service
from townsquare.moderation import repository as repo
from townsquare.moderation.entities import (
    render_action,
    render_appeal,
    render_label_preference,
    render_report,
)
from townsquare.moderation.rulebook import ACTIONS, labels, rules
from townsquare.moderation.visibility import moderation_extension
from townsquare.moderation.warnings import attach_warnings, render_warning
from townsquare.oauth import repository as oauth_repo
from townsquare.oauth.scopes import covers, parse_scopes
from townsquare.oauth.secrets import digest

register_status_extension(moderation_extension)
for kind, probe in repo.STATUS_PROBES.items():
    register_status_probe(kind, probe)
register_notification_extension(attach_warnings)

LOG_DEFAULT, LOG_MAXIMUM = 100, 1000


def _path_id(ctx: Ctx) -> int:
    parsed = parse_id(ctx.request.path_params["id"])
    if parsed is None:
        raise NotFound()
    return parsed


@endpoint(auth="none")
async def policy(ctx: Ctx) -> Response:
    """The policy as code: rules with their legal basis and allowed actions, and labels."""
    return JSON(
        {
            "rules": [rule.as_json() for rule in rules()],
            "labels": [d.as_json() for d in labels().values()],
            "actions": list(ACTIONS),
        }
    )


@endpoint(auth="none")
async def transparency_log(ctx: Ctx) -> Response:
    """The public log, oldest first, from ``after`` (a sequence number); no login needed."""
    after = ctx.params.integer("after", default=0, minimum=0, maximum=2**62)
    limit = ctx.params.integer(
        "limit", default=LOG_DEFAULT, minimum=1, maximum=LOG_MAXIMUM, clamp=True
    )
    entries = await log.page(ctx.session, after, limit)
    headers = {}
    if len(entries) == limit:
        base = str(ctx.request.url.replace(query=""))
        query = urlencode({"after": entries[-1].seq, "limit": limit})
        headers["Link"] = f'<{base}?{query}>; rel="next"'
    return JSON([log.as_json(e) for e in entries], headers=headers)


@endpoint(auth="none")
async def transparency_report(ctx: Ctx) -> Response:
    """Counts of actions by month and rule, from the log."""
    head = await log.head(ctx.session)
    return JSON(
        {
            "entries": head.seq if head else 0,
            "head_hash": head.hash if head else None,
            "counts": await log.report(ctx.session),
        }
    )


async def _render_reports(ctx: Ctx, found: list[Report]) -> list[dict[str, Any]]:
    accounts = await repo.accounts_by_id(ctx.session, {r.target_account_id for r in found})
    return [
        render_report(r, render_account(accounts[r.target_account_id], ctx.settings))
        for r in found
        if r.target_account_id in accounts
    ]


@endpoint(scope="admin:read", auth="required")
async def report_queue(ctx: Ctx) -> Response:
    page = PageRequest.from_params(ctx.params)
    found = await reports.queue(ctx.session, ctx.viewer, page)
    body = await _render_reports(ctx, found)
    return JSON(body, headers=paged_headers(ctx.request, found, lambda r: r.id))


@endpoint(scope="admin:read", auth="required")
async def report_show(ctx: Ctx) -> Response:
    found = await reports.find(ctx.session, ctx.viewer, _path_id(ctx))
    return JSON((await _render_reports(ctx, [found]))[0])


@endpoint(scope="admin:write", auth="required")
async def report_dismiss(ctx: Ctx) -> Response:
    found = await reports.dismiss(ctx.session, ctx.viewer, _path_id(ctx))
    return JSON((await _render_reports(ctx, [found]))[0])


def _target(ctx: Ctx, kind: str) -> tuple[str, int]:
    p = ctx.params
    status_id, account_id = p.id("status_id"), p.id("account_id")
    if status_id is not None and account_id is not None:
        raise Unprocessable("Give either status_id or account_id, not both")
    if status_id is not None:
        return "status", status_id
    if account_id is not None:
        return "account", account_id
    raise BadRequest(
        f"Missing required parameter: {'status_id' if kind == 'remove' else 'account_id'}"
    )


@endpoint(scope="admin:write", auth="required")
async def act(ctx: Ctx) -> Response:
    """Take an action: ``action`` (remove, label, suspend), a target, ``rule_id``, ``reason``."""
    p = ctx.params
    kind = p.text("action", required=True, max_length=20)
    target_type, target_id = _target(ctx, kind)
    draft = service.ActionDraft(
        kind=kind,
        target_type=target_type,
        target_id=target_id,
        rule_id=p.text("rule_id", max_length=50),
        reason=p.text("reason", max_length=service.MAX_REASON, default=""),
        label=p.text("label", max_length=50),
        report_id=p.id("report_id"),
    )
    action = await service.act(ctx.session, ctx.viewer, draft)
    return JSON(render_action(action))


@endpoint(scope="admin:read", auth="required")
async def actions_index(ctx: Ctx) -> Response:
    from townsquare.moderation.policy import ensure_moderator

    ensure_moderator(ctx.viewer)
    page = PageRequest.from_params(ctx.params)
    found = await repo.actions_page(ctx.session, page)
    return JSON(
        [render_action(a) for a in found], headers=paged_headers(ctx.request, found, lambda a: a.id)
    )


@endpoint(scope="admin:write", auth="required")
async def reverse(ctx: Ctx) -> Response:
    reason = ctx.params.text("reason", max_length=service.MAX_REASON, default="")
    action = await service.reverse(ctx.session, ctx.viewer, _path_id(ctx), reason)
    return JSON(render_action(action))


async def _affected_author(ctx: Ctx, scope: str) -> Account:
    """The token's account, suspended or not: a suspended author (whose login the core
    refuses) must still read why and appeal. Only these two endpoints accept them."""
    raw = bearer_token(ctx.request)
    found = await oauth_repo.token_with_account(ctx.session, digest(raw)) if raw else None
    if found is None:
        raise Unauthorized("The access token is invalid")
    token, account = found.token, found.account
    if account is None:
        raise Unauthorized("This method requires an authenticated user")
    expires_at = as_utc(token.expires_at)
    if token.revoked_at is not None or (expires_at is not None and expires_at <= utcnow()):
        raise Unauthorized("The access token is invalid")
    if not covers(set(parse_scopes(token.scopes)), scope):
        raise Forbidden("This action is outside the authorized scopes")
    return account


@endpoint(auth="none")
async def my_warnings(ctx: Ctx) -> Response:
    """The author's moderation warnings (AccountWarning entities), newest first."""
    author = await _affected_author(ctx, "read:notifications")
    found = await repo.warnings_for(ctx.session, author.id)
    entity = render_account(author, ctx.settings)
    return JSON([render_warning(w, a, appeal, entity, ctx.settings) for w, a, appeal in found])


@endpoint(auth="none")
async def appeal_create(ctx: Ctx) -> Response:
    author = await _affected_author(ctx, "write:reports")
    p = ctx.params
    action_id = p.id("action_id", required=True)
    assert action_id is not None
    text = p.text("text", max_length=appeals.MAX_APPEAL * 2, default="")
    return JSON(render_appeal(await appeals.file(ctx.session, author, action_id, text)))


@endpoint(scope="admin:read", auth="required")
async def appeals_pending(ctx: Ctx) -> Response:
    page = PageRequest.from_params(ctx.params)
    found = await appeals.pending(ctx.session, ctx.viewer, page)
    return JSON(
        [render_appeal(a) for a in found], headers=paged_headers(ctx.request, found, lambda a: a.id)
    )


@endpoint(scope="admin:write", auth="required")
async def appeal_decide(ctx: Ctx) -> Response:
    decision = ctx.params.text("decision", required=True, max_length=10)
    if decision not in ("approve", "reject"):
        raise Unprocessable("Validation failed: decision must be approve or reject")
    reason = ctx.params.text("reason", max_length=service.MAX_REASON, default="")
    appeal = await appeals.decide(
        ctx.session, ctx.viewer, _path_id(ctx), decision == "approve", reason
    )
    return JSON(render_appeal(appeal))


def _render_preferences(chosen: dict[str, str]) -> list[dict[str, Any]]:
    return [render_label_preference(d, chosen.get(v)) for v, d in labels().items()]


@endpoint(scope="read:accounts", auth="required")
async def label_preferences(ctx: Ctx) -> Response:
    return JSON(_render_preferences(await preferences.current(ctx.session, ctx.viewer)))


def _wanted_settings(ctx: Ctx) -> dict[str, str]:
    """``{"labels": {"value": "hide"}}`` (JSON) or ``labels[value]=hide`` (form)."""
    raw = ctx.params.raw("labels")
    if raw is None:
        raise BadRequest("Missing required parameter: labels")
    if not isinstance(raw, dict) or len(raw) > 100:
        raise Unprocessable("Validation failed: labels must be an object of label: setting")
    if any(not isinstance(v, str) for v in raw.values()):
        raise Unprocessable("Validation failed: each setting must be hide, warn or show")
    return {str(k): v for k, v in raw.items()}


@endpoint(scope="write:accounts", auth="required")
async def label_preferences_update(ctx: Ctx) -> Response:
    chosen = await preferences.replace(ctx.session, ctx.viewer, _wanted_settings(ctx))
    return JSON(_render_preferences(chosen))


ROOT = "/api/townsquare/v1"
routes: list[BaseRoute] = [
    Route(f"{ROOT}/policy", policy, methods=["GET"]),
    Route(f"{ROOT}/transparency/log", transparency_log, methods=["GET"]),
    Route(f"{ROOT}/transparency/report", transparency_report, methods=["GET"]),
    Route(f"{ROOT}/moderation/reports", report_queue, methods=["GET"]),
    Route(f"{ROOT}/moderation/reports/{{id:int}}", report_show, methods=["GET"]),
    Route(f"{ROOT}/moderation/reports/{{id:int}}/dismiss", report_dismiss, methods=["POST"]),
    Route(f"{ROOT}/moderation/actions", act, methods=["POST"]),
    Route(f"{ROOT}/moderation/actions", actions_index, methods=["GET"]),
    Route(f"{ROOT}/moderation/actions/{{id:int}}/reverse", reverse, methods=["POST"]),
    Route(f"{ROOT}/appeals", appeal_create, methods=["POST"]),
    Route(f"{ROOT}/moderation/warnings", my_warnings, methods=["GET"]),
    Route(f"{ROOT}/appeals", appeals_pending, methods=["GET"]),
    Route(f"{ROOT}/appeals/{{id:int}}/decide", appeal_decide, methods=["POST"]),
    Route(f"{ROOT}/preferences/labels", label_preferences, methods=["GET"]),
    Route(f"{ROOT}/preferences/labels", label_preferences_update, methods=["PUT"]),
]
