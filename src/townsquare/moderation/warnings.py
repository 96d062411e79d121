"""Telling the affected author: a ``moderation_warning`` notification carrying the rule,
the reason and how to appeal, rendered as Mastodon's AccountWarning."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.ids import new_id
from townsquare.kit.json import iso
from townsquare.models import Appeal, ModerationAction, ModerationWarning, Notification
from townsquare.moderation import repository as repo
from townsquare.moderation.rulebook import PolicyRule, rules
from townsquare.notifications.service import notify
from townsquare.settings import Settings

# Mastodon's AccountWarning ``action`` for each event; the exact event is ``townsquare_event``.
MASTODON_ACTIONS = {"remove": "delete_statuses", "suspend": "suspend"}
EVENT_WORDS = {
    "remove": "Your post was removed",
    "label": "A label was applied",
    "suspend": "Your account was suspended",
    "reverse": "A moderation action was reversed",
    "appeal_approved": "Your appeal was approved and the action reversed",
    "appeal_rejected": "Your appeal was rejected",
}


def appeal_url(settings: Settings, action_id: int) -> str:
    return f"{settings.base_url}/api/townsquare/v1/appeals?action_id={action_id}"


async def warn(
    session: AsyncSession, action: ModerationAction, event: str, rule: PolicyRule, note: str
) -> ModerationWarning:
    """Record the warning and notify the affected author (always: even if they muted anyone)."""
    words = EVENT_WORDS[event]
    label = f" ({action.label})" if action.label else ""
    text = f"{words}{label} under rule {rule.id}: {rule.text} Reason: {note}"
    warning = ModerationWarning(
        id=new_id(),
        account_id=action.target_account_id,
        action_id=action.id,
        event=event,
        text=text,
    )
    session.add(warning)
    status_id = action.target_id if action.target_type == "status" else None
    notification = await notify(
        session,
        recipient_id=action.target_account_id,
        from_account_id=action.target_account_id,
        type="moderation_warning",
        status_id=status_id,
    )
    if notification is not None:
        notification.id = warning.id
    return warning


def _appeal(appeal: Appeal | None) -> dict[str, Any] | None:
    if appeal is None:
        return None
    return {"text": appeal.text, "state": appeal.state}


def render_warning(
    warning: ModerationWarning,
    action: ModerationAction,
    appeal: Appeal | None,
    target_account: dict[str, Any],
    settings: Settings,
) -> dict[str, Any]:
    """The AccountWarning entity, with the rule and the appeal link townsquare adds."""
    rule = {r.id: r for r in rules()}.get(action.rule_id)
    event = warning.event
    return {
        "id": str(warning.id),
        "action": MASTODON_ACTIONS.get(event, "none"),
        "text": warning.text,
        "status_ids": [str(action.target_id)] if action.target_type == "status" else None,
        "target_account": target_account,
        "appeal": _appeal(appeal),
        "created_at": iso(warning.created_at),
        "townsquare_event": event,
        "rule": rule.as_json() if rule else {"id": action.rule_id},
        "action_id": str(action.id),
        "appeal_url": appeal_url(settings, action.id),
    }


async def attach_warnings(
    session: AsyncSession,
    rendered_pairs: list[tuple[Notification, dict[str, Any]]],
    settings: Settings,
) -> None:
    """Add ``moderation_warning`` to rendered moderation notifications: one query per page."""
    wanted = [n.id for n, _ in rendered_pairs if n.type == "moderation_warning"]
    found = await repo.warnings_by_id(session, wanted)
    for _, entity in rendered_pairs:
        row = found.get(int(entity["id"])) if entity["type"] == "moderation_warning" else None
        if row is not None:
            warning, action, appeal = row
            entity["moderation_warning"] = render_warning(
                warning, action, appeal, entity["account"], settings
            )
