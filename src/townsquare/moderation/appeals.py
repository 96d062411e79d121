"""Appeals: the affected author asks, a moderator other than the one who acted decides,
and the outcome (approved reverses the action) is on the public log."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import NotFound, Unprocessable
from townsquare.kit.paging import PageRequest
from townsquare.models import Account, Appeal
from townsquare.models.base import utcnow
from townsquare.moderation import policy, service, warnings
from townsquare.moderation import repository as repo

MAX_APPEAL = 2000


async def file(session: AsyncSession, author: Account, action_id: int, text: str) -> Appeal:
    """Appeal an action taken against one's own post or account, once."""
    action = await service.find_action(session, action_id)
    policy.ensure_may_appeal(author, action)
    if not text.strip():
        raise Unprocessable("Validation failed: Text can't be blank")
    if len(text) > MAX_APPEAL:
        raise Unprocessable(
            f"Validation failed: Text is too long (maximum is {MAX_APPEAL} characters)"
        )
    if await repo.appeal_for_action(session, action_id) is not None:
        raise Unprocessable("This action has already been appealed")
    appeal = Appeal(action_id=action.id, account_id=author.id, text=text.strip())
    session.add(appeal)
    await session.flush()
    return appeal


async def find(session: AsyncSession, appeal_id: int) -> Appeal:
    appeal = await session.get(Appeal, appeal_id)
    if appeal is None:
        raise NotFound()
    return appeal


async def pending(session: AsyncSession, moderator: Account, page: PageRequest) -> list[Appeal]:
    policy.ensure_moderator(moderator)
    return await repo.pending_appeals(session, page)


async def decide(
    session: AsyncSession, moderator: Account, appeal_id: int, approve: bool, reason: str
) -> Appeal:
    """Approve (the action is reversed) or reject; both are logged and the author told."""
    policy.ensure_moderator(moderator)
    appeal = await find(session, appeal_id)
    action = await service.find_action(session, appeal.action_id)
    policy.ensure_may_decide(moderator, action, appeal)
    if not reason.strip():
        raise Unprocessable("A decision must give a reason")
    appeal.state = "approved" if approve else "rejected"
    appeal.decided_by_id, appeal.decided_at = moderator.id, utcnow()
    appeal.decision_reason = reason.strip()
    if approve:
        await service.reverse(
            session, moderator, action.id, f"appeal approved: {reason.strip()}", "appeal_approved"
        )
        return appeal
    rule = service.rule_of(action)
    await service.log_action(session, action, "appeal_rejected", rule, reason.strip())
    await warnings.warn(session, action, "appeal_rejected", rule, reason.strip())
    return appeal
