"""The integrity scan: load the recent activity window, run the detectors, and reconcile
campaigns and labels with what they found.

Loading reads plain rows in keyset-paged chunks (yielding to the event loop between them);
the detectors run in a worker thread; each kind of change is written in one short
transaction. A scan is idempotent: run twice on the same data, the second changes nothing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from townsquare.db import Database
from townsquare.integrity import campaigns as campaign_store
from townsquare.integrity import labels
from townsquare.integrity import repository as repo
from townsquare.integrity.config import (
    DETECTORS,
    automation_params,
    coordination_params,
)
from townsquare.integrity.detect.automation import AutomationFinding, score_automation
from townsquare.integrity.detect.coordination import CampaignFinding, find_campaigns
from townsquare.integrity.detect.records import AccountRecord, PostRecord
from townsquare.integrity.evidence import automation_wanted, coordination_wanted
from townsquare.models.base import utcnow
from townsquare.settings import Settings

# (stage, done, total): stages are "load", "detect" and "write"; total may be None.
Report = Callable[[str, int, int | None], None]


def _nothing(_stage: str, _done: int, _total: int | None) -> None:
    return None


@dataclass
class ScanSummary:
    """What a scan read, found and changed, and how long it took."""

    posts: int = 0
    accounts: int = 0
    flagged_accounts: int = 0
    campaigns_found: int = 0
    campaigns: campaign_store.CampaignChanges = field(
        default_factory=campaign_store.CampaignChanges
    )
    automation: labels.LabelChanges = field(default_factory=labels.LabelChanges)
    coordination: labels.LabelChanges = field(default_factory=labels.LabelChanges)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def posts_per_second(self) -> float:
        total = sum(self.seconds.values())
        return self.posts / total if total else 0.0


async def load_window(
    db: Database, since: datetime, report: Report = _nothing
) -> tuple[list[AccountRecord], list[PostRecord]]:
    """Every status created since ``since`` and the accounts that posted them."""
    posts: list[PostRecord] = []
    async with db.session() as session:
        apps = await repo.app_names(session)
        async for chunk in repo.post_chunks(session, since, apps):
            posts.extend(chunk)
            report("load", len(posts), None)
            await asyncio.sleep(0)  # let waiting requests run between chunks
        accounts = await repo.account_records(session, {p.account_id for p in posts})
    return accounts, posts


def detect(
    accounts: Sequence[AccountRecord], posts: Sequence[PostRecord], settings: Settings
) -> tuple[list[AutomationFinding], list[CampaignFinding]]:
    """Run both detectors with the published parameters (pure; runs in a worker thread)."""
    found = score_automation(accounts, posts, automation_params(settings))
    return found, find_campaigns(posts, coordination_params(settings))


async def run_scan(
    db: Database,
    settings: Settings,
    report: Report = _nothing,
    now: datetime | None = None,
) -> ScanSummary:
    """Scan the window ending ``now`` and bring campaigns and labels up to date."""
    now = now or utcnow()
    since = now - timedelta(days=settings.integrity_window_days)
    summary = ScanSummary()
    started = time.perf_counter()
    accounts, posts = await load_window(db, since, report)
    summary.posts, summary.accounts = len(posts), len(accounts)
    summary.seconds["load"] = time.perf_counter() - started
    report("detect", 0, 1)
    started = time.perf_counter()
    findings, found = await asyncio.to_thread(detect, accounts, posts, settings)
    summary.seconds["detect"] = time.perf_counter() - started
    summary.flagged_accounts = sum(1 for f in findings if f.flagged)
    summary.campaigns_found = len(found)
    report("detect", 1, 1)
    started = time.perf_counter()
    await _write(db, settings, summary, (accounts, posts, findings, found), since, now)
    summary.seconds["write"] = time.perf_counter() - started
    report("write", 3, 3)
    return summary


async def _write(
    db: Database,
    settings: Settings,
    summary: ScanSummary,
    data: tuple[
        list[AccountRecord], list[PostRecord], list[AutomationFinding], list[CampaignFinding]
    ],
    since: datetime,
    now: datetime,
) -> None:
    accounts, posts, findings, found = data
    automation, coordination = DETECTORS
    report_days = settings.integrity_window_days
    async with db.writer("POST", "job: integrity scan"), db.session() as session:
        stored, summary.campaigns = await campaign_store.store(session, found, since, now)
        await session.commit()
    wanted = automation_wanted(findings, settings, report_days)
    async with db.writer("POST", "job: integrity scan"), db.session() as session:
        judged = [a.account_id for a in accounts]
        summary.automation = await labels.reconcile(session, automation, wanted, judged, now)
        await session.commit()
    owners = {post.status_id: post.account_id for post in posts}
    wanted = coordination_wanted(found, stored, owners, settings)
    async with db.writer("POST", "job: integrity scan"), db.session() as session:
        summary.coordination = await labels.reconcile(session, coordination, wanted, owners, now)
        await session.commit()
