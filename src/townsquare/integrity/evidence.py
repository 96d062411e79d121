"""From findings to the labels they call for: the evidence each label carries and the reason
its public log entry gives (the detector, the published criterion, where to see more)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from townsquare.integrity.config import API, AUTOMATION, COORDINATION
from townsquare.integrity.detect.automation import AutomationFinding
from townsquare.integrity.detect.coordination import CampaignFinding
from townsquare.integrity.labels import Wanted
from townsquare.models import Campaign
from townsquare.settings import Settings

MANIFEST = f"{API}/integrity"


def account_labels_path(account_id: int) -> str:
    return f"{API}/accounts/{account_id}/labels"


def campaign_path(campaign_id: int) -> str:
    return f"{API}/campaigns/{campaign_id}"


def automation_wanted(
    findings: Sequence[AutomationFinding], settings: Settings, window_days: float
) -> dict[int, Wanted]:
    """A ``suspected-automated`` label for every flagged account, with its feature values."""
    wanted = {}
    for finding in findings:
        if not finding.flagged:
            continue
        path = account_labels_path(finding.account_id)
        evidence: dict[str, Any] = {
            "detector": AUTOMATION,
            "score": finding.score,
            "threshold": finding.threshold,
            "features": dict(finding.features),
            "window_days": window_days,
            "url": path,
        }
        reason = (
            f"Detector {AUTOMATION}: automation score {finding.score:.2f} is at or above the "
            f"published threshold {finding.threshold:.2f} over the last {window_days:g} days, "
            f"and the account does not declare automation. Criterion: "
            f"{settings.base_url}{MANIFEST}; evidence: {settings.base_url}{path}"
        )
        wanted[finding.account_id] = Wanted(
            finding.account_id, finding.account_id, evidence, reason
        )
    return wanted


def coordination_wanted(
    found: Sequence[CampaignFinding],
    stored: Mapping[str, Campaign],
    owners: Mapping[int, int],
    settings: Settings,
) -> dict[int, Wanted]:
    """A ``coordinated`` label for every member post of every campaign found (a post in
    two campaigns cites the first by key)."""
    wanted: dict[int, Wanted] = {}
    for finding in sorted(found, key=lambda f: f.key):
        campaign = stored[finding.key]
        path = campaign_path(campaign.id)
        evidence = {
            "detector": COORDINATION,
            "campaign_id": str(campaign.id),
            "kind": finding.kind,
            "accounts": len(finding.account_ids),
            "url": path,
        }
        reason = (
            f"Detector {COORDINATION}: this post is part of campaign {campaign.id} "
            f"({finding.kind}, {len(finding.account_ids)} accounts) under the published "
            f"criteria at {settings.base_url}{MANIFEST}; evidence: {settings.base_url}{path}"
        )
        for status_id in sorted(finding.status_ids):
            if status_id in owners and status_id not in wanted:
                wanted[status_id] = Wanted(status_id, owners[status_id], evidence, reason)
    return wanted
