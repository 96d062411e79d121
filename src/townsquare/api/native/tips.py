"""The tip jar: set addresses, read anyone's, get a payment URI or QR code, read the history."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.accounts import repository as accounts_repo
from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.account import register_account_fields
from townsquare.api.mastodon.entities.notification import register_notification_extension
from townsquare.ids import parse_id
from townsquare.kit.errors import NotFound
from townsquare.kit.json import JSON, iso
from townsquare.kit.paging import PageRequest, paged_headers
from townsquare.models import Account, Notification, TipJarAddress, TipJarChange
from townsquare.tips import policy, qr, repository, service
from townsquare.tips.addresses import CURRENCIES, MAX_ADDRESS_LENGTH
from townsquare.tips.uris import PaymentRequest, payment_uri, plain_amount

PREFIX = "/api/townsquare/v1"
# An SVG is served from this origin: forbid it any script, style fetch or embedding.
SVG_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}

register_account_fields(lambda account: list(account.tip_jar_fields or []))


def _render_address(row: TipJarAddress) -> dict[str, Any]:
    return {
        "address": row.address,
        "kind": row.kind,
        "network": row.network,
        "uri": payment_uri(PaymentRequest(row.currency, row.address)),
        "updated_at": iso(row.updated_at),
    }


async def _tip_jar(ctx: Ctx, owner: Account) -> dict[str, Any]:
    rows = await repository.addresses_of(ctx.session, owner.id)
    entity: dict[str, Any] = {"account_id": str(owner.id)}
    for currency in CURRENCIES:
        row = rows.get(currency)
        entity[currency] = _render_address(row) if row else None
    return entity


def _render_change(change: TipJarChange) -> dict[str, Any]:
    return {
        "id": str(change.id),
        "currency": change.currency,
        "previous_address": change.previous_address,
        "address": change.address,
        "application": {"name": change.application_name} if change.application_name else None,
        "created_at": iso(change.created_at),
    }


async def attach_changes(
    session: AsyncSession, rendered: list[tuple[Notification, dict[str, Any]]]
) -> None:
    """``tip_jar_changes`` on each tip jar notification: what changed, when, from which app."""
    ours = {n.id: entity for n, entity in rendered if n.type == service.NOTIFICATION_TYPE}
    if not ours:
        return
    for entity in ours.values():
        entity["tip_jar_changes"] = []
    for change in await repository.changes_notified(session, list(ours)):
        if change.notification_id in ours:
            ours[change.notification_id]["tip_jar_changes"].append(_render_change(change))


register_notification_extension(attach_changes)


async def _owner(ctx: Ctx, name: str) -> Account:
    account_id = parse_id(str(ctx.request.path_params[name]))
    if account_id is None:
        raise NotFound()
    return policy.visible_owner(await accounts_repo.get(ctx.session, account_id))


@endpoint(scope="write:accounts", auth="required")
async def put_tip_jar(ctx: Ctx) -> Response:
    """Set (a value), remove (empty or null) or keep (left out) each currency's address."""
    wanted = {
        currency: ctx.params.text(currency, max_length=MAX_ADDRESS_LENGTH)
        for currency in CURRENCIES
        if currency in ctx.params
    }
    request = service.Requested(wanted)
    await service.update(ctx.session, ctx.settings, ctx.viewer, request, ctx.token)
    return JSON(await _tip_jar(ctx, ctx.viewer))


@endpoint(scope="read:accounts", auth="required")
async def own_tip_jar(ctx: Ctx) -> Response:
    return JSON(await _tip_jar(ctx, ctx.viewer))


@endpoint(scope="read:accounts", auth="required")
async def history(ctx: Ctx) -> Response:
    """The viewer's own address changes, newest first, with time and client application."""
    page = PageRequest.from_params(ctx.params, default=20, maximum=80)
    changes = await repository.changes(ctx.session, ctx.viewer.id, page)
    ctx.headers.update(paged_headers(ctx.request, changes, lambda c: c.id))
    return JSON([_render_change(c) for c in changes])


@endpoint(scope="read:accounts")
async def account_tip_jar(ctx: Ctx) -> Response:
    return JSON(await _tip_jar(ctx, await _owner(ctx, "id")))


async def _payment(ctx: Ctx) -> PaymentRequest:
    owner = await _owner(ctx, "id")
    return await service.payment_request(
        ctx.session,
        ctx.settings,
        ctx.account,
        owner,
        str(ctx.request.path_params["currency"]),
        amount=ctx.params.text("amount", max_length=40),
        status_id=ctx.params.id("status_id"),
    )


@endpoint(scope="read:accounts")
async def uri(ctx: Ctx) -> Response:
    payment = await _payment(ctx)
    return JSON(
        {
            "currency": payment.currency,
            "address": payment.address,
            "amount": plain_amount(payment.amount) if payment.amount else None,
            "label": payment.label,
            "message": payment.message,
            "uri": payment_uri(payment),
        }
    )


def _scale(ctx: Ctx) -> int:
    return int(ctx.params.integer("scale", default=qr.DEFAULT_SCALE, minimum=1, maximum=20))


@endpoint(scope="read:accounts")
async def qr_svg(ctx: Ctx) -> Response:
    payment = await _payment(ctx)
    body = qr.svg(payment_uri(payment), _scale(ctx))
    return Response(body, media_type="image/svg+xml", headers=SVG_HEADERS)


@endpoint(scope="read:accounts")
async def qr_png(ctx: Ctx) -> Response:
    payment = await _payment(ctx)
    return Response(qr.png(payment_uri(payment), _scale(ctx)), media_type="image/png")


ONE = PREFIX + "/tip_jar/{id}/{currency}"
routes: list[BaseRoute] = [
    Route(PREFIX + "/tip_jar", put_tip_jar, methods=["PUT"]),
    Route(PREFIX + "/tip_jar", own_tip_jar, methods=["GET"]),
    Route(PREFIX + "/tip_jar/history", history, methods=["GET"]),
    Route(PREFIX + "/accounts/{id}/tip_jar", account_tip_jar, methods=["GET"]),
    Route(ONE + "/uri", uri, methods=["GET"]),
    Route(ONE + "/qr.svg", qr_svg, methods=["GET"]),
    Route(ONE + "/qr.png", qr_png, methods=["GET"]),
]
