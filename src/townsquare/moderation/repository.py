"""Every moderation query: reports, actions, removals, labels, warnings, appeals."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.paging import PageRequest
from townsquare.kit.prepared import Prepared, as_models
from townsquare.kit.sql import in_ids
from townsquare.models import (
    Account,
    Appeal,
    Label,
    LabelPreference,
    ModerationAction,
    ModerationWarning,
    Report,
    Status,
    StatusRemoval,
)


async def statuses_of(
    session: AsyncSession, account_id: int, status_ids: Collection[int]
) -> list[int]:
    """Which of ``status_ids`` exist and belong to ``account_id``."""
    if not status_ids:
        return []
    query = select(Status.id).where(Status.id.in_(status_ids), Status.account_id == account_id)
    return list((await session.execute(query)).scalars())


async def open_reports(session: AsyncSession, page: PageRequest) -> list[Report]:
    """Reports no action has resolved yet, newest first."""
    query = page.apply(select(Report).where(Report.action_taken_at.is_(None)), Report.id)
    return page.finish((await session.execute(query)).scalars().all())


async def resolve_report(
    session: AsyncSession, report_id: int, moderator_id: int, when: datetime
) -> None:
    report = await session.get(Report, report_id)
    if report is not None and report.action_taken_at is None:
        report.action_taken_at = when
        report.resolved_by_id = moderator_id


# Ranking asks it for every page of a ranked feed: built once, run on the driver.
_REPORTS_ABOUT = Prepared(
    select(Report.target_account_id, func.count())
    .where(Report.account_id == bindparam("reporter_id"), in_ids(Report.target_account_id, "ids"))
    .group_by(Report.target_account_id)
)


async def reports_about(
    session: AsyncSession, reporter_id: int, account_ids: Collection[int]
) -> dict[int, int]:
    """How many reports ``reporter_id`` filed about each of ``account_ids``."""
    if not account_ids:
        return {}
    params = {"reporter_id": reporter_id, "ids": list(account_ids)}
    return {row[0]: int(row[1]) for row in await _REPORTS_ABOUT.rows(session, params)}


async def actions_page(session: AsyncSession, page: PageRequest) -> list[ModerationAction]:
    query = page.apply(select(ModerationAction), ModerationAction.id)
    return page.finish((await session.execute(query)).scalars().all())


async def violations_since(session: AsyncSession, account_id: int, since: datetime) -> int:
    """Actions (not reversed) taken against ``account_id`` since ``since``."""
    query = select(func.count()).where(
        ModerationAction.target_account_id == account_id,
        ModerationAction.created_at >= since,
        ModerationAction.reversed_at.is_(None),
    )
    return int((await session.execute(query)).scalar_one())


# Built once and run on the driver: rendering runs both on every page of statuses.
_REMOVALS = Prepared(select(StatusRemoval).where(in_ids(StatusRemoval.status_id, "ids")))
_LABELS_FOR = Prepared(
    select(Label).where(
        or_(
            and_(Label.target_type == "status", in_ids(Label.target_id, "status_ids")),
            and_(Label.target_type == "account", in_ids(Label.target_id, "account_ids")),
        )
    )
)


# Which statuses and accounts of a rendered batch moderation has rows for
# (``register_status_probe``), by kind.
STATUS_PROBES = {
    "removal": select(literal("removal"), StatusRemoval.status_id).where(
        in_ids(StatusRemoval.status_id, "status_ids")
    ),
    "status-label": select(literal("status-label"), Label.target_id).where(
        Label.target_type == "status", in_ids(Label.target_id, "status_ids")
    ),
    "account-label": select(literal("account-label"), Label.target_id).where(
        Label.target_type == "account", in_ids(Label.target_id, "account_ids")
    ),
}


async def removals_among(
    session: AsyncSession, status_ids: Collection[int]
) -> dict[int, StatusRemoval]:
    if not status_ids:
        return {}
    rows = await _REMOVALS.rows(session, {"ids": list(status_ids)})
    return {r.status_id: r for r in as_models(StatusRemoval, rows)}


async def delete_removal(session: AsyncSession, status_id: int) -> None:
    await session.execute(delete(StatusRemoval).where(StatusRemoval.status_id == status_id))


async def latest_suspension(session: AsyncSession, account_id: int) -> ModerationAction | None:
    query = (
        select(ModerationAction)
        .where(
            ModerationAction.kind == "suspend",
            ModerationAction.target_account_id == account_id,
            ModerationAction.reversed_at.is_(None),
        )
        .order_by(ModerationAction.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def find_label(
    session: AsyncSession, target_type: str, target_id: int, value: str
) -> Label | None:
    query = select(Label).where(
        Label.target_type == target_type, Label.target_id == target_id, Label.value == value
    )
    return (await session.execute(query)).scalar_one_or_none()


async def label_exists(session: AsyncSession, target_type: str, target_id: int, value: str) -> bool:
    query = select(Label.id).where(
        Label.target_type == target_type, Label.target_id == target_id, Label.value == value
    )
    return (await session.execute(query)).first() is not None


async def delete_label(session: AsyncSession, label_id: int) -> None:
    await session.execute(delete(Label).where(Label.id == label_id))


async def labels_for(
    session: AsyncSession, status_ids: Collection[int], account_ids: Collection[int]
) -> list[Label]:
    """Labels on any of the statuses or accounts: one query (the unique index's range)."""
    if not status_ids and not account_ids:
        return []
    params = {"status_ids": list(status_ids), "account_ids": list(account_ids)}
    return as_models(Label, await _LABELS_FOR.rows(session, params))


# Every rendered page that carries a label reads the viewer's preferences: built once.
_LABEL_PREFERENCES = Prepared(
    select(LabelPreference.label, LabelPreference.setting).where(
        LabelPreference.account_id == bindparam("account_id")
    )
)


async def label_preferences(session: AsyncSession, account_id: int) -> dict[str, str]:
    """The reader's setting for each label they chose one for (hide, warn or show)."""
    rows = await _LABEL_PREFERENCES.rows(session, {"account_id": account_id})
    return {row[0]: row[1] for row in rows}


async def replace_label_preferences(
    session: AsyncSession, account_id: int, settings: dict[str, str]
) -> None:
    await session.execute(delete(LabelPreference).where(LabelPreference.account_id == account_id))
    session.add_all(
        LabelPreference(account_id=account_id, label=label, setting=setting)
        for label, setting in settings.items()
    )


async def warnings_by_id(
    session: AsyncSession, ids: Collection[int]
) -> dict[int, tuple[ModerationWarning, ModerationAction, Appeal | None]]:
    """Warnings with their action and appeal: one query for a page of notifications."""
    if not ids:
        return {}
    query = (
        select(ModerationWarning, ModerationAction, Appeal)
        .join(ModerationAction, ModerationAction.id == ModerationWarning.action_id)
        .outerjoin(Appeal, Appeal.action_id == ModerationAction.id)
        .where(ModerationWarning.id.in_(ids))
    )
    return {w.id: (w, a, appeal) for w, a, appeal in await session.execute(query)}


async def warnings_for(
    session: AsyncSession, account_id: int, limit: int = 100
) -> list[tuple[ModerationWarning, ModerationAction, Appeal | None]]:
    """An author's newest warnings with their actions and appeals."""
    query = (
        select(ModerationWarning, ModerationAction, Appeal)
        .join(ModerationAction, ModerationAction.id == ModerationWarning.action_id)
        .outerjoin(Appeal, Appeal.action_id == ModerationAction.id)
        .where(ModerationWarning.account_id == account_id)
        .order_by(ModerationWarning.id.desc())
        .limit(limit)
    )
    return [(w, a, appeal) for w, a, appeal in await session.execute(query)]


async def appeal_for_action(session: AsyncSession, action_id: int) -> Appeal | None:
    query = select(Appeal).where(Appeal.action_id == action_id)
    return (await session.execute(query)).scalar_one_or_none()


async def pending_appeals(session: AsyncSession, page: PageRequest) -> list[Appeal]:
    query = page.apply(select(Appeal).where(Appeal.state == "pending"), Appeal.id)
    return page.finish((await session.execute(query)).scalars().all())


async def accounts_by_id(session: AsyncSession, ids: Collection[int]) -> dict[int, Account]:
    if not ids:
        return {}
    query = select(Account).where(Account.id.in_(ids))
    return {a.id: a for a in (await session.execute(query)).scalars()}
