"""Actions under a published rule, their reversal, and the log entry and warning each makes.

Every action cites a rule that allows it, is appended to the hash-chained public log,
and tells the affected author. Nothing here commits: the endpoint's transaction holds
the action, its effect, its log entry and its notification together.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.ids import new_id
from townsquare.kit.errors import NotFound, Unprocessable
from townsquare.models import Account, Label, ModerationAction, Status, StatusRemoval
from townsquare.models.base import utcnow
from townsquare.moderation import log, policy, warnings
from townsquare.moderation import repository as repo
from townsquare.moderation.rulebook import PolicyRule, label_for, rule_for, rules

TARGETS = {"remove": ("status",), "label": ("status", "account"), "suspend": ("account",)}
MAX_REASON = 2000


@dataclass(frozen=True)
class ActionDraft:
    """What a moderator asks for: a kind, a target, the rule, a reason (and a label)."""

    kind: str
    target_type: str
    target_id: int
    rule_id: str | None
    reason: str
    label: str | None = None
    report_id: int | None = None


def _check_draft(draft: ActionDraft) -> PolicyRule:
    if draft.kind not in TARGETS:
        raise Unprocessable(f"Unknown action {draft.kind!r}: use remove, label or suspend")
    if draft.target_type not in TARGETS[draft.kind]:
        allowed = " or ".join(TARGETS[draft.kind])
        raise Unprocessable(f"{draft.kind} applies to a {allowed}")
    if not draft.reason.strip():
        raise Unprocessable("An action must give a reason")
    return rule_for(draft.rule_id, draft.kind)


async def _target_account(session: AsyncSession, draft: ActionDraft) -> int:
    """The affected account; 404 for an unknown target."""
    if draft.target_type == "status":
        status = await session.get(Status, draft.target_id)
        if status is None:
            raise NotFound()
        return status.account_id
    if await session.get(Account, draft.target_id) is None:
        raise NotFound()
    return draft.target_id


async def act(session: AsyncSession, moderator: Account, draft: ActionDraft) -> ModerationAction:
    """Take an action: refused without a permitting rule, logged, and the author warned."""
    policy.ensure_moderator(moderator)
    rule = _check_draft(draft)
    target_account_id = await _target_account(session, draft)
    action = ModerationAction(
        id=new_id(),
        kind=draft.kind,
        target_type=draft.target_type,
        target_id=draft.target_id,
        target_account_id=target_account_id,
        rule_id=rule.id,
        reason=draft.reason.strip(),
        label=draft.label,
        moderator_id=moderator.id,
        report_id=draft.report_id,
        created_at=utcnow(),
    )
    # The checks below read rows this action does not write: one flush at the end, not
    # one before every query (it halves the cost of an action).
    with session.no_autoflush:
        session.add(action)
        await _apply(session, action)
        if draft.report_id is not None:
            await repo.resolve_report(session, draft.report_id, moderator.id, action.created_at)
        name = draft.kind if not action.label else f"label:{action.label}"
        await log_action(session, action, name, rule)
        await warnings.warn(session, action, draft.kind, rule, action.reason)
    await session.flush()
    return action


async def _apply(session: AsyncSession, action: ModerationAction) -> None:
    if action.kind == "remove":
        if await repo.removals_among(session, [action.target_id]):
            raise Unprocessable("This status has already been removed")
        session.add(
            StatusRemoval(status_id=action.target_id, action_id=action.id, rule_id=action.rule_id)
        )
    elif action.kind == "suspend":
        account = await session.get(Account, action.target_id)
        assert account is not None
        if account.suspended_at is not None:
            raise Unprocessable("This account is already suspended")
        account.suspended_at = action.created_at
    else:
        label_for(action.label, "moderator")
        if await repo.label_exists(
            session, action.target_type, action.target_id, action.label or ""
        ):
            raise Unprocessable(
                f"This {action.target_type} already carries the label {action.label}"
            )
        session.add(
            Label(
                target_type=action.target_type,
                target_id=action.target_id,
                value=action.label,
                applied_by="moderator",
                moderator_id=action.moderator_id,
                action_id=action.id,
            )
        )


async def _undo(session: AsyncSession, action: ModerationAction) -> None:
    if action.kind == "remove":
        await repo.delete_removal(session, action.target_id)
    elif action.kind == "suspend":
        account = await session.get(Account, action.target_id)
        if account is not None:
            account.suspended_at = None
    else:
        label = await repo.find_label(
            session, action.target_type, action.target_id, action.label or ""
        )
        if label is not None:
            await repo.delete_label(session, label.id)


async def log_action(
    session: AsyncSession,
    action: ModerationAction,
    name: str,
    rule: PolicyRule,
    reason: str | None = None,
) -> None:
    fields = {
        "action": name,
        "action_id": str(action.id),
        "target_type": action.target_type,
        "target_id": str(action.target_id),
        "rule": rule.id,
        "legal_basis": rule.legal_basis,
        "reason": reason if reason is not None else action.reason,
    }
    await log.append(session, utcnow(), fields)


def rule_of(action: ModerationAction) -> PolicyRule:
    found = {r.id: r for r in rules()}.get(action.rule_id)
    return found or PolicyRule(action.rule_id, "", "", "", ())


async def find_action(session: AsyncSession, action_id: int) -> ModerationAction:
    action = await session.get(ModerationAction, action_id)
    if action is None:
        raise NotFound()
    return action


async def reverse(
    session: AsyncSession, moderator: Account, action_id: int, reason: str, event: str = "reverse"
) -> ModerationAction:
    """Undo an action in force, citing its rule: logged, and the author told."""
    policy.ensure_moderator(moderator)
    action = await find_action(session, action_id)
    if action.reversed_at is not None:
        raise Unprocessable("This action has already been reversed")
    if not reason.strip():
        raise Unprocessable("A reversal must give a reason")
    await _undo(session, action)
    action.reversed_at, action.reversed_by_id = utcnow(), moderator.id
    action.reversal_reason = reason.strip()
    rule = rule_of(action)
    await log_action(session, action, f"reverse_{action.kind}", rule, action.reversal_reason)
    await warnings.warn(session, action, event, rule, action.reversal_reason)
    return action
