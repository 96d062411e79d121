"""Payment URIs: BIP-21 style for Dogecoin and Bitcoin, ``lightning:`` for Lightning addresses.

Nothing here touches a network: a URI is handed to the tipper's own wallet, which pays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from townsquare.kit.errors import Unprocessable

SCHEMES = {"dogecoin": "dogecoin", "bitcoin": "bitcoin", "lightning": "lightning"}
UNITS = {"dogecoin": "DOGE", "bitcoin": "BTC"}
_AMOUNT = re.compile(r"(\d{1,12})(\.\d{1,8})?")


@dataclass(frozen=True)
class PaymentRequest:
    currency: str
    address: str
    amount: Decimal | None = None
    label: str | None = None
    message: str | None = None


def parse_amount(currency: str, text: str | None) -> Decimal | None:
    """A positive amount in whole coins with at most 8 decimals (one satoshi / koinu)."""
    if text is None or text == "":
        return None
    if currency == "lightning":
        raise Unprocessable(
            "Validation failed: amount cannot be part of a Lightning address URI; "
            "the payer's wallet asks for it"
        )
    if not _AMOUNT.fullmatch(text):
        raise Unprocessable(
            f"Validation failed: amount must be a number of {UNITS[currency]} with at most "
            "8 decimals, like 10 or 0.5"
        )
    amount = Decimal(text)
    if amount <= 0:
        raise Unprocessable("Validation failed: amount must be more than zero")
    return amount


def plain_amount(amount: Decimal) -> str:
    """``1.50`` -> ``1.5``, ``100`` -> ``100``: no exponent, no trailing zeros."""
    return f"{amount.normalize():f}"


def payment_uri(request: PaymentRequest) -> str:
    """``dogecoin:ADDRESS?amount=..&label=..&message=..``; label and message percent-encoded."""
    scheme = SCHEMES[request.currency]
    if request.currency == "lightning":
        # LUD-16 defines no query parameters: the wallet resolves the address itself.
        return f"{scheme}:{request.address}"
    query = []
    if request.amount is not None:
        query.append(f"amount={plain_amount(request.amount)}")
    if request.label:
        query.append(f"label={quote(request.label, safe='')}")
    if request.message:
        query.append(f"message={quote(request.message, safe='')}")
    return f"{scheme}:{request.address}" + ("?" + "&".join(query) if query else "")
