"""JSON for reports, actions, appeals and label preferences."""

from __future__ import annotations

from typing import Any

from townsquare.kit.json import iso
from townsquare.models import Appeal, ModerationAction, Report
from townsquare.moderation.rulebook import LabelDefinition, rules


def render_report(report: Report, target_account: dict[str, Any]) -> dict[str, Any]:
    """Mastodon's Report entity."""
    return {
        "id": str(report.id),
        "action_taken": report.action_taken_at is not None,
        "action_taken_at": iso(report.action_taken_at),
        "category": report.category,
        "comment": report.comment,
        "forwarded": report.forwarded,
        "created_at": iso(report.created_at),
        "status_ids": list(report.status_ids) or None,
        "rule_ids": list(report.rule_ids) or None,
        "target_account": target_account,
    }


def render_action(action: ModerationAction) -> dict[str, Any]:
    rule = {r.id: r for r in rules()}.get(action.rule_id)
    return {
        "id": str(action.id),
        "kind": action.kind,
        "target_type": action.target_type,
        "target_id": str(action.target_id),
        "target_account_id": str(action.target_account_id),
        "rule": rule.as_json() if rule else {"id": action.rule_id},
        "reason": action.reason,
        "label": action.label,
        "moderator_id": str(action.moderator_id),
        "report_id": str(action.report_id) if action.report_id else None,
        "created_at": iso(action.created_at),
        "reversed_at": iso(action.reversed_at),
        "reversal_reason": action.reversal_reason,
    }


def render_appeal(appeal: Appeal) -> dict[str, Any]:
    return {
        "id": str(appeal.id),
        "action_id": str(appeal.action_id),
        "account_id": str(appeal.account_id),
        "text": appeal.text,
        "state": appeal.state,
        "decided_at": iso(appeal.decided_at),
        "decision_reason": appeal.decision_reason,
        "created_at": iso(appeal.created_at),
    }


def render_label_preference(definition: LabelDefinition, chosen: str | None) -> dict[str, Any]:
    return {**definition.as_json(), "setting": chosen or definition.default}
