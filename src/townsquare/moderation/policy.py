"""Who may moderate, appeal and decide appeals."""

from __future__ import annotations

from townsquare.kit.errors import Forbidden, Unprocessable
from townsquare.models import Account, Appeal, ModerationAction

MODERATOR_ROLES = frozenset({"moderator", "admin"})


def is_moderator(account: Account) -> bool:
    return account.role in MODERATOR_ROLES


def ensure_moderator(account: Account) -> None:
    """403 unless the account has the moderator (or admin) role."""
    if not is_moderator(account):
        raise Forbidden("This action is reserved to moderators")


def ensure_may_appeal(account: Account, action: ModerationAction) -> None:
    """Only the affected author appeals, and only an action still in force."""
    if action.target_account_id != account.id:
        raise Forbidden("Only the affected author may appeal this action")
    if action.reversed_at is not None:
        raise Unprocessable("This action has already been reversed")


def ensure_may_decide(moderator: Account, action: ModerationAction, appeal: Appeal) -> None:
    """A moderator other than the one who acted decides, once."""
    ensure_moderator(moderator)
    if action.moderator_id == moderator.id:
        raise Forbidden("An appeal is decided by a moderator other than the one who acted")
    if appeal.account_id == moderator.id:
        raise Forbidden("You cannot decide your own appeal")
    if appeal.state != "pending":
        raise Unprocessable(f"This appeal has already been {appeal.state}")
