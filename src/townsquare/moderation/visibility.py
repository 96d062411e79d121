"""What moderation changes when statuses are shown, visibly: removed statuses and suspended
accounts' statuses leave every list and answer 410 with the rule; labels are shown to every
viewer; a reader's label preferences hide a status or put a warning on it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.api.mastodon.entities.status import StatusBatch
from townsquare.filters.context import current_context
from townsquare.kit.errors import Gone
from townsquare.kit.json import iso
from townsquare.models import Account, Label, Status
from townsquare.moderation import repository as repo
from townsquare.moderation.rulebook import LabelDefinition, labels, rules

LOG_PATH = "/api/townsquare/v1/transparency/log"


def _rule_words(rule_id: str) -> str:
    rule = {r.id: r for r in rules()}.get(rule_id)
    return f"rule {rule_id} ({rule.text})" if rule else f"rule {rule_id}"


async def ensure_served(session: AsyncSession, statuses: Sequence[Status]) -> None:
    """410 with the rule for a removed status, or a status of a suspended account."""
    removals = await repo.removals_among(session, [s.id for s in statuses])
    for status in statuses:
        removal = removals.get(status.id)
        if removal is not None:
            raise Gone(
                f"This status was removed under {_rule_words(removal.rule_id)}; "
                f"the action is on the public log at {LOG_PATH}"
            )
        author = await session.get(Account, status.account_id)
        if author is not None and author.suspended_at is not None:
            suspension = await repo.latest_suspension(session, author.id)
            rule = _rule_words(suspension.rule_id) if suspension else "a published rule"
            raise Gone(f"This account is suspended under {rule}; see {LOG_PATH}")


def render_label(label: Label, definition: LabelDefinition | None) -> dict[str, Any]:
    return {
        "value": label.value,
        "target": label.target_type,
        "severity": definition.severity if definition else "inform",
        "applied_by": label.applied_by,
        "action_id": str(label.action_id) if label.action_id else None,
        "created_at": iso(label.created_at),
        # A detector's label links to its evidence (the account's labels, or the campaign).
        "evidence_url": (label.evidence or {}).get("url"),
    }


def _label_filter(value: str, context: str | None) -> dict[str, Any]:
    """A label warning in the shape of a FilterResult, so that Mastodon clients show it."""
    return {
        "filter": {
            "id": f"label:{value}",
            "title": f"Label: {value}",
            "context": [context] if context else [],
            "expires_at": None,
            "filter_action": "warn",
        },
        "keyword_matches": None,
        "status_matches": None,
    }


async def moderation_extension(
    session: AsyncSession,
    viewer: Account | None,
    batch: StatusBatch,
    rendered: dict[int, dict[str, Any]],
) -> None:
    """Hide removed and suspended statuses; render labels; apply label preferences."""
    ids = list(batch.statuses)
    removed = await repo.removals_among(session, batch.found_among("removal", ids))
    batch.hidden.update(removed)
    for status in batch.statuses.values():
        author = batch.accounts.get(status.account_id)
        if author is not None and author.suspended_at is not None:
            batch.hidden.add(status.id)
    found = await repo.labels_for(
        session,
        batch.found_among("status-label", ids),
        batch.found_among("account-label", batch.accounts),
    )
    on_status: dict[int, list[Label]] = {}
    on_account: dict[int, list[Label]] = {}
    for label in found:
        (on_status if label.target_type == "status" else on_account).setdefault(
            label.target_id, []
        ).append(label)
    definitions = labels()
    for status_id, entity in rendered.items():
        entity["labels"] = [
            render_label(x, definitions.get(x.value)) for x in on_status.get(status_id, [])
        ]
    for account_id, account_entity in batch._account_entities.items():
        account_entity["labels"] = [
            render_label(x, definitions.get(x.value)) for x in on_account.get(account_id, [])
        ]
    if found:
        await _apply_preferences(session, viewer, batch, rendered, on_status, on_account)


async def _apply_preferences(
    session: AsyncSession,
    viewer: Account | None,
    batch: StatusBatch,
    rendered: dict[int, dict[str, Any]],
    on_status: dict[int, list[Label]],
    on_account: dict[int, list[Label]],
) -> None:
    definitions = labels()
    chosen = await repo.label_preferences(session, viewer.id) if viewer else {}
    context = current_context.get()
    for status in batch.statuses.values():
        carried = [*on_status.get(status.id, []), *on_account.get(status.account_id, [])]
        for label in carried:
            definition = definitions.get(label.value)
            default = definition.default if definition else "show"
            setting = chosen.get(label.value, default)
            if setting == "hide":
                batch.hidden.add(status.id)
            elif setting == "warn" and "filtered" in rendered[status.id]:
                rendered[status.id]["filtered"].append(_label_filter(label.value, context))
