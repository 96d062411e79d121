"""JSON for campaigns, labels with their evidence and appeal route, and the manifest."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from typing import Any

from townsquare.integrity.config import API, DETECTORS, RULE_ID
from townsquare.integrity.evidence import campaign_path
from townsquare.kit.json import iso
from townsquare.models import Appeal, Campaign, Label
from townsquare.moderation.rulebook import LabelDefinition, labels, rules
from townsquare.settings import Settings

APPEALS = f"{API}/appeals"


def _params_json(params: Any) -> dict[str, Any]:
    as_json = getattr(params, "as_json", None)
    if callable(as_json):
        return dict(as_json())
    return asdict(params) if is_dataclass(params) and not isinstance(params, type) else {}


def render_campaign(campaign: Campaign, settings: Settings) -> dict[str, Any]:
    """A campaign without its members: kind, state, span, counts and evidence."""
    span = (campaign.ended_at - campaign.started_at).total_seconds()
    return {
        "id": str(campaign.id),
        "key": campaign.key,
        "kind": campaign.kind,
        "state": campaign.state,
        "started_at": iso(campaign.started_at),
        "ended_at": iso(campaign.ended_at),
        "span_minutes": round(span / 60, 3),
        "accounts_count": campaign.accounts_count,
        "statuses_count": campaign.statuses_count,
        "evidence": campaign.evidence,
        "created_at": iso(campaign.created_at),
        "updated_at": iso(campaign.updated_at),
        "dissolved_at": iso(campaign.dissolved_at),
        "url": settings.base_url + campaign_path(campaign.id),
    }


def _appeal(label: Label, appeal: Appeal | None, settings: Settings) -> dict[str, Any] | None:
    """How the affected author appeals the label (only labels applied as actions can be)."""
    if label.action_id is None:
        return None
    return {
        "url": settings.base_url + APPEALS,
        "method": "POST",
        "params": {"action_id": str(label.action_id), "text": "why the label is wrong"},
        "who": "the affected author, with a token holding write:reports",
        "state": appeal.state if appeal else None,
    }


def render_label_detail(
    label: Label,
    definition: LabelDefinition | None,
    appeal: Appeal | None,
    settings: Settings,
) -> dict[str, Any]:
    """A label with everything behind it: who applied it, when, its evidence, and the appeal."""
    evidence = label.evidence or None
    campaign_id = evidence.get("campaign_id") if evidence else None
    return {
        "value": label.value,
        "target": label.target_type,
        "target_id": str(label.target_id),
        "severity": definition.severity if definition else "inform",
        "description": definition.description if definition else "",
        "applied_by": label.applied_by,
        "action_id": str(label.action_id) if label.action_id else None,
        "created_at": iso(label.created_at),
        "evidence": evidence,
        "campaign_id": campaign_id,
        "appeal": _appeal(label, appeal, settings),
    }


def render_manifest(
    settings: Settings, parameters: dict[str, Any], last_scan: dict[str, Any]
) -> dict[str, Any]:
    """The published integrity terms: labels, detectors with their parameters, the scan."""
    definitions = labels()
    rule = {r.id: r for r in rules()}.get(RULE_ID)
    return {
        "labels": [definitions[d.label].as_json() for d in DETECTORS if d.label in definitions],
        "detectors": [
            {
                "name": d.name,
                "label": d.label,
                "target": d.target,
                "description": d.description,
                "rule": rule.as_json() if rule else {"id": RULE_ID},
                "parameters": _params_json(parameters[d.name]),
            }
            for d in DETECTORS
        ],
        "scan": {
            "window_days": settings.integrity_window_days,
            "interval_seconds": settings.integrity_scan_interval_seconds,
            **last_scan,
        },
        "appeals": settings.base_url + APPEALS,
        "removes_content": False,
    }
