"""Every integrity query: the activity window the detectors read, the detectors' labels and
actions, and campaigns with their members."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.ids import id_floor
from townsquare.integrity.detect.records import AccountRecord, PostRecord
from townsquare.kit.paging import PageRequest
from townsquare.kit.sql import in_ids
from townsquare.models import (
    Account,
    Appeal,
    Campaign,
    CampaignAccount,
    CampaignStatus,
    JobLease,
    Label,
    ModerationAction,
    OAuthApp,
    Status,
)
from townsquare.models.base import as_utc

CHUNK = 50_000


async def app_names(session: AsyncSession) -> dict[int, str]:
    """Every OAuth app's name by id (the client a status was posted with)."""
    return {row[0]: row[1] for row in await session.execute(select(OAuthApp.id, OAuthApp.name))}


def _epoch(value: datetime) -> float:
    moment = as_utc(value)
    assert moment is not None
    return moment.timestamp()


async def post_chunks(
    session: AsyncSession, since: datetime, apps: dict[int, str]
) -> AsyncIterator[list[PostRecord]]:
    """Statuses created since ``since``, oldest first, in keyset-paged chunks of plain rows.

    Ids are time-ordered, so the window is a range of the primary key; ``created_at``
    still decides (an imported status may carry an older id than its time).
    """
    columns = (
        Status.id,
        Status.account_id,
        Status.created_at,
        Status.text,
        Status.application_id,
        Status.reblog_of_id,
    )
    after = id_floor(int(since.timestamp() * 1000)) - 1
    while True:
        query = select(*columns).where(Status.id > after).order_by(Status.id).limit(CHUNK)
        rows = (await session.execute(query)).all()
        floor = since.timestamp()
        chunk = []
        for sid, account_id, created, text, app_id, reblog_of_id in rows:
            created_at = _epoch(created)
            if created_at < floor:
                continue
            app = apps.get(app_id) if app_id is not None else None
            chunk.append(
                PostRecord(
                    sid, account_id, created_at, "" if reblog_of_id else text, app, reblog_of_id
                )
            )
        yield chunk
        if len(rows) < CHUNK:
            return
        after = rows[-1][0]


async def account_records(session: AsyncSession, ids: Collection[int]) -> list[AccountRecord]:
    """The accounts that posted in the window: id, declared bot flag, creation time."""
    query = select(Account.id, Account.bot, Account.created_at).where(in_ids(Account.id, "ids"))
    found: list[AccountRecord] = []
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        rows = await session.execute(query, {"ids": ordered[start : start + CHUNK]})
        found.extend(AccountRecord(i, bool(bot), _epoch(c)) for i, bot, c in rows)
    return found


async def detector_labels(session: AsyncSession, value: str, applier: str) -> list[Label]:
    """Every label ``applier`` (a detector) put on a target under ``value``."""
    query = select(Label).where(Label.value == value, Label.applied_by == applier)
    return list((await session.execute(query)).scalars())


async def other_labelled(
    session: AsyncSession, value: str, applier: str, target_type: str, ids: Collection[int]
) -> set[int]:
    """Which of ``ids`` already carry ``value`` applied by someone else (a moderator)."""
    if not ids:
        return set()
    query = select(Label.target_id).where(
        Label.value == value,
        Label.target_type == target_type,
        Label.applied_by != applier,
        in_ids(Label.target_id, "ids"),
    )
    return set((await session.execute(query, {"ids": sorted(ids)})).scalars())


async def overruled_targets(
    session: AsyncSession, value: str, actor_id: int
) -> set[tuple[str, int]]:
    """Targets where a person (an approved appeal, a moderator) reversed the detector's
    ``value`` label: the detector never applies it to them again."""
    query = select(ModerationAction.target_type, ModerationAction.target_id).where(
        ModerationAction.moderator_id == actor_id,
        ModerationAction.label == value,
        ModerationAction.reversed_at.is_not(None),
        ModerationAction.reversed_by_id != actor_id,
    )
    return {(row[0], row[1]) for row in await session.execute(query)}


async def actions_by_id(session: AsyncSession, ids: Collection[int]) -> dict[int, ModerationAction]:
    if not ids:
        return {}
    query = select(ModerationAction).where(in_ids(ModerationAction.id, "ids"))
    rows = (await session.execute(query, {"ids": sorted(ids)})).scalars()
    return {action.id: action for action in rows}


async def delete_labels(session: AsyncSession, ids: Collection[int]) -> None:
    if ids:
        await session.execute(delete(Label).where(in_ids(Label.id, "ids")), {"ids": sorted(ids)})


async def set_label_evidence(
    session: AsyncSession, label_id: int, evidence: dict[str, Any]
) -> None:
    await session.execute(update(Label).where(Label.id == label_id).values(evidence=evidence))


async def campaigns_by_key(session: AsyncSession, keys: Collection[str]) -> dict[str, Campaign]:
    if not keys:
        return {}
    found = (await session.execute(select(Campaign).where(Campaign.key.in_(keys)))).scalars()
    return {campaign.key: campaign for campaign in found}


async def active_campaigns_since(session: AsyncSession, since: datetime) -> list[Campaign]:
    """Active campaigns that end inside the window (those a scan can confirm or dissolve)."""
    query = select(Campaign).where(Campaign.state == "active", Campaign.ended_at >= since)
    return list((await session.execute(query)).scalars())


async def member_ids(session: AsyncSession, campaign_id: int) -> tuple[set[int], set[int]]:
    """A campaign's account ids and status ids."""
    accounts = select(CampaignAccount.account_id).where(CampaignAccount.campaign_id == campaign_id)
    statuses = select(CampaignStatus.status_id).where(CampaignStatus.campaign_id == campaign_id)
    return (
        set((await session.execute(accounts)).scalars()),
        set((await session.execute(statuses)).scalars()),
    )


async def replace_members(
    session: AsyncSession, campaign_id: int, account_ids: Sequence[int], status_ids: Sequence[int]
) -> None:
    await session.execute(delete(CampaignAccount).where(CampaignAccount.campaign_id == campaign_id))
    await session.execute(delete(CampaignStatus).where(CampaignStatus.campaign_id == campaign_id))
    if account_ids:
        rows = [{"campaign_id": campaign_id, "account_id": i} for i in account_ids]
        await session.execute(insert(CampaignAccount), rows)
    if status_ids:
        rows = [{"campaign_id": campaign_id, "status_id": i} for i in status_ids]
        await session.execute(insert(CampaignStatus), rows)


async def campaigns_page(session: AsyncSession, page: PageRequest) -> list[Campaign]:
    query = page.apply(select(Campaign), Campaign.id)
    return page.finish((await session.execute(query)).scalars().all())


async def campaign_members(
    session: AsyncSession, campaign_id: int, limit: int
) -> tuple[list[int], list[int]]:
    """Up to ``limit`` account ids and status ids of a campaign, oldest first."""
    accounts = (
        select(CampaignAccount.account_id)
        .where(CampaignAccount.campaign_id == campaign_id)
        .order_by(CampaignAccount.account_id)
        .limit(limit)
    )
    statuses = (
        select(CampaignStatus.status_id)
        .where(CampaignStatus.campaign_id == campaign_id)
        .order_by(CampaignStatus.status_id)
        .limit(limit)
    )
    return (
        list((await session.execute(accounts)).scalars()),
        list((await session.execute(statuses)).scalars()),
    )


async def labels_of_account(session: AsyncSession, account_id: int, limit: int) -> list[Label]:
    """Labels on the account itself and on its statuses, newest first."""
    on_account = select(Label).where(Label.target_type == "account", Label.target_id == account_id)
    on_statuses = (
        select(Label)
        .join(Status, Status.id == Label.target_id)
        .where(Label.target_type == "status", Status.account_id == account_id)
        .order_by(Label.id.desc())
        .limit(limit)
    )
    found = list((await session.execute(on_account)).scalars())
    found.extend((await session.execute(on_statuses)).scalars())
    return found


async def campaigns_of_account(
    session: AsyncSession, account_id: int
) -> list[tuple[Campaign, list[int]]]:
    """The campaigns the account is a member of, with its own member statuses in each."""
    query = (
        select(Campaign)
        .join(CampaignAccount, CampaignAccount.campaign_id == Campaign.id)
        .where(CampaignAccount.account_id == account_id)
        .order_by(Campaign.id.desc())
    )
    campaigns = list((await session.execute(query)).scalars())
    if not campaigns:
        return []
    mine = (
        select(CampaignStatus.campaign_id, CampaignStatus.status_id)
        .join(Status, Status.id == CampaignStatus.status_id)
        .where(
            CampaignStatus.campaign_id.in_([c.id for c in campaigns]),
            Status.account_id == account_id,
        )
        .order_by(CampaignStatus.status_id)
    )
    statuses: dict[int, list[int]] = {}
    for campaign_id, status_id in await session.execute(mine):
        statuses.setdefault(campaign_id, []).append(status_id)
    return [(c, statuses.get(c.id, [])) for c in campaigns]


async def count_campaigns(session: AsyncSession) -> int:
    return int((await session.execute(select(func.count()).select_from(Campaign))).scalar_one())


async def appeals_for_actions(
    session: AsyncSession, action_ids: Collection[int]
) -> dict[int, Appeal]:
    if not action_ids:
        return {}
    query = select(Appeal).where(in_ids(Appeal.action_id, "ids"))
    rows = (await session.execute(query, {"ids": sorted(action_ids)})).scalars()
    return {appeal.action_id: appeal for appeal in rows}


async def statuses_by_id(session: AsyncSession, ids: Collection[int]) -> list[Status]:
    """Statuses by id, oldest first."""
    if not ids:
        return []
    query = select(Status).where(in_ids(Status.id, "ids")).order_by(Status.id)
    return list((await session.execute(query, {"ids": sorted(ids)})).scalars())


async def last_scan(session: AsyncSession, job_name: str) -> JobLease | None:
    return await session.get(JobLease, job_name)
