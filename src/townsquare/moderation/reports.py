"""Reports (``POST /api/v1/reports``, as Mastodon documents it) and the moderators' queue."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import NotFound, Unprocessable
from townsquare.kit.paging import PageRequest
from townsquare.models import Account, Report
from townsquare.moderation import policy
from townsquare.moderation import repository as repo
from townsquare.moderation.rulebook import rules

CATEGORIES = ("spam", "legal", "violation", "other")
MAX_COMMENT = 1000


@dataclass(frozen=True)
class ReportDraft:
    account_id: int
    status_ids: list[int] = field(default_factory=list)
    comment: str = ""
    category: str | None = None
    rule_ids: list[str] = field(default_factory=list)
    forward: bool = False


def _category(draft: ReportDraft) -> str:
    """As Mastodon: ``violation`` whenever rules are cited, ``other`` by default."""
    if draft.rule_ids:
        known = {rule.id for rule in rules()}
        if any(rule_id not in known for rule_id in draft.rule_ids):
            raise Unprocessable("Validation failed: Rule ids does not reference valid rules")
        return "violation"
    category = draft.category or "other"
    if category not in CATEGORIES:
        raise Unprocessable(f"Validation failed: Category is not one of {', '.join(CATEGORIES)}")
    if category == "violation":
        raise Unprocessable("Validation failed: Rule ids does not reference valid rules")
    return category


async def file(session: AsyncSession, reporter: Account, draft: ReportDraft) -> Report:
    """File a report; 404 for an unknown account or a status that is not theirs."""
    target = await session.get(Account, draft.account_id)
    if target is None:
        raise NotFound()
    if len(draft.comment) > MAX_COMMENT:
        raise Unprocessable(
            f"Validation failed: Comment is too long (maximum is {MAX_COMMENT} characters)"
        )
    category = _category(draft)
    wanted = list(dict.fromkeys(draft.status_ids))
    found = await repo.statuses_of(session, target.id, wanted)
    if len(found) != len(wanted):
        raise NotFound()
    report = Report(
        account_id=reporter.id,
        target_account_id=target.id,
        status_ids=[str(i) for i in wanted],
        rule_ids=list(dict.fromkeys(draft.rule_ids)),
        comment=draft.comment,
        category=category,
        forwarded=False,  # one server: there is nowhere to forward to
    )
    session.add(report)
    await session.flush()
    return report


async def queue(session: AsyncSession, moderator: Account, page: PageRequest) -> list[Report]:
    """Open reports, newest first: moderators only."""
    policy.ensure_moderator(moderator)
    return await repo.open_reports(session, page)


async def find(session: AsyncSession, moderator: Account, report_id: int) -> Report:
    policy.ensure_moderator(moderator)
    report = await session.get(Report, report_id)
    if report is None:
        raise NotFound()
    return report


async def dismiss(session: AsyncSession, moderator: Account, report_id: int) -> Report:
    """Close a report without action (nothing is removed, so nothing is logged)."""
    report = await find(session, moderator, report_id)
    if report.action_taken_at is not None:
        raise Unprocessable("This report is already resolved")
    from townsquare.models.base import utcnow

    await repo.resolve_report(session, report.id, moderator.id, utcnow())
    return report
