"""Who may write and rate community notes, and who may delete a note."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import Forbidden
from townsquare.models import Account, Note
from townsquare.models.base import as_utc, utcnow
from townsquare.settings import Settings


async def recent_rule_violations(session: AsyncSession, account_id: int, days: int) -> int:
    """How many published-rule violations ``account_id`` has had in the last ``days`` days:
    moderation actions against it (or its statuses) in force, not reversed on appeal."""
    from townsquare.moderation.repository import violations_since

    return await violations_since(session, account_id, utcnow() - timedelta(days=days))


async def ensure_may_contribute(
    session: AsyncSession, settings: Settings, account: Account
) -> None:
    """403 unless ``account`` is old enough and free of recent rule violations."""
    minimum = settings.notes_min_account_age_days
    created = as_utc(account.created_at)
    if created is not None and utcnow() - created < timedelta(days=minimum):
        raise Forbidden(
            f"Your account must be at least {minimum} days old to write or rate community notes"
        )
    days = settings.notes_violation_free_days
    if await recent_rule_violations(session, account.id, days):
        raise Forbidden(
            f"Accounts with a rule violation in the last {days} days cannot write or rate "
            "community notes"
        )
    if settings.notes_require_no_integrity_label:
        await _ensure_unlabelled(session, account)


async def _ensure_unlabelled(session: AsyncSession, account: Account) -> None:
    """403 for an account labelled suspected-automated, or coordinated (itself or a post)."""
    from townsquare.integrity.hooks import contributor_labels

    found = await contributor_labels(session, account.id)
    if found:
        raise Forbidden(
            f"Accounts labelled {' or '.join(found)} cannot write or rate community notes "
            f"(the labels and their evidence: /api/townsquare/v1/accounts/{account.id}/labels)"
        )


def ensure_may_rate(account: Account, note: Note) -> None:
    if note.account_id == account.id:
        raise Forbidden("You cannot rate your own note")


def ensure_may_delete(account: Account, note: Note) -> None:
    if note.account_id != account.id:
        raise Forbidden("Only the author of a note can delete it")
