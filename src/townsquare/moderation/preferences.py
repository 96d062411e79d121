"""A reader's label preferences: hide, warn or show, per defined label."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import Unprocessable
from townsquare.models import Account
from townsquare.moderation import repository as repo
from townsquare.moderation.rulebook import SETTINGS, labels


async def current(session: AsyncSession, viewer: Account) -> dict[str, str]:
    return await repo.label_preferences(session, viewer.id)


async def replace(session: AsyncSession, viewer: Account, wanted: dict[str, str]) -> dict[str, str]:
    """Set the given labels' settings; the others keep theirs. Unknown labels are a 422."""
    definitions = labels()
    for value, setting in wanted.items():
        if value not in definitions:
            raise Unprocessable(f"Validation failed: there is no label {value!r}")
        if setting not in SETTINGS:
            raise Unprocessable(
                f"Validation failed: the setting for {value} must be hide, warn or show"
            )
    merged = {**await repo.label_preferences(session, viewer.id), **wanted}
    await repo.replace_label_preferences(session, viewer.id, merged)
    return merged
