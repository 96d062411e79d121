"""What the integrity endpoints show: an account's labels with their evidence, a campaign with
its members (only the posts the viewer may see), and the published manifest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts import repository as accounts_repo
from townsquare.integrity import repository as repo
from townsquare.integrity.campaigns import find
from townsquare.integrity.config import (
    AUTOMATION,
    COORDINATION,
    automation_params,
    coordination_params,
)
from townsquare.kit.errors import NotFound
from townsquare.kit.json import iso
from townsquare.models import Account, Appeal, Campaign, Label, Status
from townsquare.moderation import repository as moderation_repo
from townsquare.settings import Settings
from townsquare.statuses import policy

MEMBERS_SHOWN = 200
STATUS_LABELS_SHOWN = 1000
SCAN_JOB = "integrity.scan"


@dataclass
class AccountLabels:
    account: Account
    labels: list[Label]
    appeals: dict[int, Appeal]
    campaigns: list[tuple[Campaign, list[int]]]


@dataclass
class CampaignView:
    campaign: Campaign
    accounts: list[Account]
    statuses: list[Status]


async def _shown(session: AsyncSession, viewer: Account | None, ids: set[int]) -> list[Status]:
    """Of ``ids``, the statuses the viewer may see that moderation has not removed."""
    statuses = await repo.statuses_by_id(session, ids)
    removed = await moderation_repo.removals_among(session, [s.id for s in statuses])
    visible = await policy.visible_ids(session, viewer, statuses)
    return [s for s in statuses if s.id in visible and s.id not in removed]


async def account_labels(
    session: AsyncSession, viewer: Account | None, account_id: int
) -> AccountLabels:
    """Every label on the account and on its statuses (those the viewer may see), and the
    campaigns it belongs to; 404 for an unknown account."""
    account = await session.get(Account, account_id)
    if account is None:
        raise NotFound()
    found = await repo.labels_of_account(session, account_id, STATUS_LABELS_SHOWN)
    on_statuses = {x.target_id for x in found if x.target_type == "status"}
    shown = {s.id for s in await _shown(session, viewer, on_statuses)}
    kept = [x for x in found if x.target_type == "account" or x.target_id in shown]
    appeals = await repo.appeals_for_actions(session, {x.action_id for x in kept if x.action_id})
    campaigns = []
    for campaign, status_ids in await repo.campaigns_of_account(session, account_id):
        visible = {s.id for s in await _shown(session, viewer, set(status_ids))}
        campaigns.append((campaign, [i for i in status_ids if i in visible]))
    return AccountLabels(account, kept, appeals, campaigns)


async def campaign_view(
    session: AsyncSession, viewer: Account | None, campaign_id: int
) -> CampaignView:
    """A campaign with up to ``MEMBERS_SHOWN`` accounts and the member posts the viewer may
    see; 404 for an unknown campaign."""
    campaign = await find(session, campaign_id)
    account_ids, status_ids = await repo.campaign_members(session, campaign.id, MEMBERS_SHOWN)
    accounts = await accounts_repo.get_many(session, account_ids)
    statuses = await _shown(session, viewer, set(status_ids))
    return CampaignView(campaign, [accounts[i] for i in account_ids if i in accounts], statuses)


def parameters(settings: Settings) -> dict[str, Any]:
    """Each detector's parameters as published, by detector name."""
    return {AUTOMATION: automation_params(settings), COORDINATION: coordination_params(settings)}


async def last_scan(session: AsyncSession) -> dict[str, Any]:
    lease = await repo.last_scan(session, SCAN_JOB)
    return {
        "last_started_at": iso(lease.last_started_at) if lease else None,
        "last_finished_at": iso(lease.last_finished_at) if lease else None,
    }
