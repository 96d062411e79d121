"""Tip jar rules: set and remove addresses, record every change and tell the owner."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import NotFound, Unprocessable
from townsquare.models import Account, OAuthToken, TipJarAddress, TipJarChange
from townsquare.models.base import utcnow
from townsquare.notifications.service import notify
from townsquare.settings import Settings
from townsquare.statuses import service as statuses
from townsquare.tips import addresses, repository
from townsquare.tips.addresses import CURRENCIES, Address
from townsquare.tips.uris import SCHEMES, PaymentRequest, parse_amount

NOTIFICATION_TYPE = "townsquare.tip_jar_changed"
FIELD_NAMES = {
    "dogecoin": "Dogecoin tips",
    "bitcoin": "Bitcoin tips",
    "lightning": "Lightning tips",
}


@dataclass(frozen=True)
class Requested:
    """What a ``PUT`` asks for: per currency, a new address text, or ``None`` to remove it.
    Currencies left out stay as they are."""

    addresses: Mapping[str, str | None]


def validate_all(request: Requested, settings: Settings) -> dict[str, Address | None]:
    """Every requested address validated before anything is written."""
    if not request.addresses:
        raise Unprocessable(
            "Validation failed: give at least one of " + ", ".join(CURRENCIES) + " (empty removes)"
        )
    allow_testnet = settings.tips_allow_testnet
    return {
        currency: addresses.validate(currency, text, allow_testnet=allow_testnet)
        if text and text.strip()
        else None
        for currency, text in request.addresses.items()
    }


async def update(
    session: AsyncSession,
    settings: Settings,
    owner: Account,
    request: Requested,
    token: OAuthToken | None,
) -> list[TipJarChange]:
    """Apply the requested addresses; record each real change and notify the owner once."""
    wanted = validate_all(request, settings)
    await repository.lock_owner(session, owner.id)
    current: dict[str, TipJarAddress | None] = dict(
        await repository.addresses_of(session, owner.id)
    )
    diffs = [
        (currency, current.get(currency), new)
        for currency, new in wanted.items()
        if _address(current.get(currency)) != _address(new)
    ]
    if not diffs:
        return []
    notification = await notify(
        session, recipient_id=owner.id, from_account_id=owner.id, type=NOTIFICATION_TYPE
    )
    await session.flush()  # gives the notification its id, which each change refers to
    app = await repository.application(session, token.app_id if token else None)
    now = utcnow()
    changes = []
    for currency, old, new in diffs:
        changes.append(
            TipJarChange(
                account_id=owner.id,
                currency=currency,
                previous_address=_address(old),
                address=_address(new),
                application_id=app.id if app else None,
                application_name=app.name if app else None,
                notification_id=notification.id if notification else None,
                created_at=now,
            )
        )
        current[currency] = await _store(session, owner.id, old, new, now)
    session.add_all(changes)
    owner.tip_jar_fields = profile_fields(current.values()) or None
    await session.flush()
    return changes


def _address(found: TipJarAddress | Address | None) -> str | None:
    return found.address if found is not None else None


async def _store(
    session: AsyncSession,
    account_id: int,
    old: TipJarAddress | None,
    new: Address | None,
    now: datetime,
) -> TipJarAddress | None:
    """Write one currency's row; ``None`` when the address was removed."""
    if new is None:
        if old is not None:
            await session.delete(old)
        return None
    row = old or TipJarAddress(account_id=account_id, currency=new.currency)
    row.address, row.kind, row.network, row.updated_at = new.address, new.kind, new.network, now
    if old is None:
        session.add(row)
    return row


def profile_fields(rows: Any) -> list[dict[str, Any]]:
    """The addresses as Mastodon profile fields, in a fixed currency order."""
    by_currency = {row.currency: row for row in rows if row is not None}
    fields = []
    for currency in CURRENCIES:
        row = by_currency.get(currency)
        if row is None:
            continue
        text = html.escape(row.address)
        link = html.escape(f"{SCHEMES[currency]}:{row.address}")
        value = f'<a href="{link}" rel="nofollow noopener noreferrer" translate="no">{text}</a>'
        fields.append({"name": FIELD_NAMES[currency], "value": value, "verified_at": None})
    return fields


async def payment_request(
    session: AsyncSession,
    settings: Settings,
    viewer: Account | None,
    owner: Account,
    currency: str,
    *,
    amount: str | None,
    status_id: int | None,
) -> PaymentRequest:
    """What a tipper's wallet needs: the owner's address, the amount, and which post it is for.

    The post must be the owner's and visible to the viewer (else 404, as for any status).
    """
    if currency not in CURRENCIES:
        raise NotFound(f"Unknown currency {currency!r}: use one of " + ", ".join(CURRENCIES))
    row = (await repository.addresses_of(session, owner.id)).get(currency)
    if row is None:
        raise NotFound(f"This account has no {currency} address")
    parsed_amount = parse_amount(currency, amount)
    message = None
    if status_id is not None:
        status = await statuses.find_target(session, viewer, status_id)
        if status.account_id != owner.id:
            raise Unprocessable("Validation failed: status_id is not a post by this account")
        message = f"Tip for {settings.base_url}/@{owner.username}/{status.id}"
    label = f"@{owner.username}@{settings.domain}"
    return PaymentRequest(currency, row.address, parsed_amount, label, message)
