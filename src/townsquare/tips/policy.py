"""Who may see whose tip jar."""

from __future__ import annotations

from townsquare.kit.errors import NotFound
from townsquare.models import Account


def visible_owner(account: Account | None) -> Account:
    """A tip jar is as public as its owner's profile: a missing or suspended account is a 404.

    A suspended account's addresses are hidden too: tips sent there could not be attributed to
    a working account and the suspension may be for fraud.
    """
    if account is None or account.suspended_at is not None:
        raise NotFound()
    return account
