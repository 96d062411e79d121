"""The tip jar on pages: addresses, QR codes and payment links on a profile, a "tip" link on
a post, and the settings form with the change history."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from townsquare.kit.paging import PageRequest
from townsquare.models import Account
from townsquare.tips import repository, service
from townsquare.tips.addresses import CURRENCIES, MAX_ADDRESS_LENGTH
from townsquare.tips.uris import payment_uri
from townsquare.web.navigation import SettingsSection, register_settings_section
from townsquare.web.page import PageCtx, page, redirect

TITLES = {"dogecoin": "Dogecoin", "bitcoin": "Bitcoin", "lightning": "Lightning"}
HISTORY_SHOWN = 20

register_settings_section(SettingsSection("tip-jar", "Tip jar", "settings/tip_jar.html"))


async def profile_tips(
    ctx: PageCtx, owner: Account, status_id: int | None = None
) -> list[dict[str, Any]]:
    """Each address of ``owner`` with its payment link and QR code URL (for a post, naming it)."""
    rows = await repository.addresses_of(ctx.session, owner.id)
    shown = []
    for currency in CURRENCIES:
        if currency not in rows:
            continue
        payment = await service.payment_request(
            ctx.session, ctx.settings, ctx.account, owner, currency, amount=None,
            status_id=status_id,
        )  # fmt: skip
        qr = f"/api/townsquare/v1/tip_jar/{owner.id}/{currency}/qr.svg"
        shown.append({
            "currency": currency,
            "title": TITLES[currency],
            "address": payment.address,
            "uri": payment_uri(payment),
            "qr": qr + (f"?status_id={status_id}" if status_id else ""),
        })  # fmt: skip
    return shown


async def settings_context(ctx: PageCtx) -> dict[str, Any]:
    rows = await repository.addresses_of(ctx.session, ctx.viewer.id)
    history = await repository.changes(ctx.session, ctx.viewer.id, PageRequest(limit=HISTORY_SHOWN))
    return {
        "tip_currencies": [
            (c, TITLES[c], rows[c].address if c in rows else "") for c in CURRENCIES
        ],
        "tip_history": history,
        "tip_max_length": MAX_ADDRESS_LENGTH,
    }


@page(auth="required")
async def save_tip_jar(ctx: PageCtx) -> Response:
    """Set or clear each address; the service validates all before writing any."""
    wanted = {
        currency: ctx.params.text(currency, max_length=MAX_ADDRESS_LENGTH, default="")
        for currency in CURRENCIES
        if currency in ctx.params
    }
    await service.update(
        ctx.session, ctx.settings, ctx.viewer, service.Requested(wanted), ctx.token
    )
    return redirect("/web/settings?saved=tips#tip-jar")
