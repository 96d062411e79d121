"""The Notification entity, rendered in batches: accounts and statuses in one pass each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts import repository as accounts_repo
from townsquare.api.mastodon.entities.account import render_account
from townsquare.api.mastodon.entities.status import render_status_map
from townsquare.kit.json import iso
from townsquare.models import Account, Notification, Status
from townsquare.settings import Settings
from townsquare.statuses import repository as statuses_repo

# A feature package adds its own objects to its notifications (as Mastodon attaches
# ``moderation_warning`` or ``event`` to theirs), in one batch per page: it gets each
# rendered notification beside its row.
Extension = Callable[
    [AsyncSession, list[tuple[Notification, dict[str, Any]]], Settings], Awaitable[None]
]
_extensions: list[Extension] = []


def register_notification_extension(extension: Extension) -> None:
    """Let a feature package add fields to rendered notifications (warnings, tip jar changes)."""
    if extension not in _extensions:
        _extensions.append(extension)


async def _target_statuses(
    session: AsyncSession, notifications: Sequence[Notification]
) -> dict[int, Status]:
    """The status each notification is about, by the notification's ``status_id``.

    A reblog notification may point at the reblog itself; its target is the original, as
    in Mastodon, which shows the boosted status.
    """
    loaded = await statuses_repo.read_many(
        session, {n.status_id for n in notifications if n.status_id is not None}
    )
    originals = await statuses_repo.read_many(
        session, {s.reblog_of_id for s in loaded.values() if s.reblog_of_id is not None}
    )
    targets: dict[int, Status] = {}
    for status_id, status in loaded.items():
        original = originals.get(status.reblog_of_id) if status.reblog_of_id else None
        targets[status_id] = original or status
    return targets


async def render_notifications(
    session: AsyncSession,
    viewer: Account,
    notifications: Sequence[Notification],
    settings: Settings,
) -> list[dict[str, Any]]:
    """Render notifications in order, with their accounts and statuses loaded in batches."""
    accounts = await accounts_repo.read_many(session, {n.from_account_id for n in notifications})
    targets = await _target_statuses(session, notifications)
    unique = list({s.id: s for s in targets.values()}.values())
    by_status_id = await render_status_map(session, viewer, unique, settings)
    result = []
    rendered_pairs = []
    for notification in notifications:
        account = accounts.get(notification.from_account_id)
        if account is None:
            continue
        entity: dict[str, Any] = {
            "id": str(notification.id),
            "type": notification.type,
            "created_at": iso(notification.created_at),
            "group_key": f"ungrouped-{notification.id}",
            "account": render_account(account, settings),
        }
        target = targets.get(notification.status_id) if notification.status_id else None
        if target is not None and target.id in by_status_id:
            entity["status"] = by_status_id[target.id]
        elif target is not None and notification.type != "moderation_warning":
            continue  # its status is hidden (removed, or by the reader's filter): so is it
        result.append(entity)
        rendered_pairs.append((notification, entity))
    for extension in _extensions:
        await extension(session, rendered_pairs, settings)
    return result
