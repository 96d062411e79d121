"""Campaigns: stored under the detector's stable key, so that a rescan updates rather than
duplicates; one no longer found in the window is marked dissolved, never deleted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.ids import new_id
from townsquare.integrity import repository as repo
from townsquare.integrity.detect.coordination import CampaignFinding
from townsquare.kit.errors import NotFound
from townsquare.models import Campaign
from townsquare.models.base import as_utc


@dataclass
class CampaignChanges:
    created: int = 0
    updated: int = 0
    dissolved: int = 0


def moment(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _same_time(stored: datetime, epoch: float) -> bool:
    # Databases keep microseconds; a float epoch may differ in the last digit.
    value = as_utc(stored)
    return value is not None and abs(value.timestamp() - epoch) < 1e-3


def _fields(finding: CampaignFinding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "started_at": moment(finding.started_at),
        "ended_at": moment(finding.ended_at),
        "accounts_count": len(finding.account_ids),
        "statuses_count": len(finding.status_ids),
        "evidence": dict(finding.evidence),
    }


async def _unchanged(session: AsyncSession, campaign: Campaign, finding: CampaignFinding) -> bool:
    if (
        campaign.state != "active"
        or campaign.kind != finding.kind
        or campaign.evidence != dict(finding.evidence)
        or not _same_time(campaign.started_at, finding.started_at)
        or not _same_time(campaign.ended_at, finding.ended_at)
    ):
        return False
    accounts, statuses = await repo.member_ids(session, campaign.id)
    return accounts == set(finding.account_ids) and statuses == set(finding.status_ids)


async def store(
    session: AsyncSession, found: Sequence[CampaignFinding], since: datetime, now: datetime
) -> tuple[dict[str, Campaign], CampaignChanges]:
    """Create or update a campaign per finding; dissolve active ones ending in the window
    that were not found again. Returns the campaigns by key."""
    changes = CampaignChanges()
    findings = {finding.key: finding for finding in found}
    existing = await repo.campaigns_by_key(session, list(findings))
    created = []
    for key in sorted(findings):
        if key not in existing:
            campaign = Campaign(id=new_id(), key=key, created_at=now, updated_at=now)
            for name, value in _fields(findings[key]).items():
                setattr(campaign, name, value)
            session.add(campaign)
            created.append(campaign)
    await session.flush()
    for campaign in created:
        finding = findings[campaign.key]
        await repo.replace_members(
            session, campaign.id, sorted(finding.account_ids), sorted(finding.status_ids)
        )
    changes.created = len(created)
    for key, campaign in sorted(existing.items()):
        if not await _unchanged(session, campaign, findings[key]):
            await _update(session, campaign, findings[key], now)
            changes.updated += 1
    for campaign in await repo.active_campaigns_since(session, since):
        if campaign.key not in findings:
            campaign.state, campaign.dissolved_at, campaign.updated_at = "dissolved", now, now
            changes.dissolved += 1
    return {**existing, **{c.key: c for c in created}}, changes


async def _update(
    session: AsyncSession, campaign: Campaign, finding: CampaignFinding, now: datetime
) -> None:
    for name, value in _fields(finding).items():
        setattr(campaign, name, value)
    campaign.state, campaign.dissolved_at, campaign.updated_at = "active", None, now
    await repo.replace_members(
        session, campaign.id, sorted(finding.account_ids), sorted(finding.status_ids)
    )


async def find(session: AsyncSession, campaign_id: int) -> Campaign:
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound()
    return campaign
