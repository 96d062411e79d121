"""Detector labels, reconciled with the latest findings: new findings are labelled, findings
that no longer hold are lifted, and both are moderation actions under rule 4.

A detector's label is an action like a moderator's (with the detector as the actor): it is
on the public transparency log, its author gets a ``moderation_warning`` and may appeal it.
When a person reverses it (an approved appeal, a moderator), the detector never applies the
same label to that target again. Nothing here commits; nothing is removed or hidden.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.ids import new_id
from townsquare.integrity import repository as repo
from townsquare.integrity.config import DETECTOR_ACTOR_ID, RULE_ID, DetectorInfo
from townsquare.models import Label, ModerationAction
from townsquare.moderation import service as moderation
from townsquare.moderation import warnings
from townsquare.moderation.rulebook import label_for, rule_for


@dataclass(frozen=True)
class Wanted:
    """A label a finding calls for: its target, the affected account, evidence and reason."""

    target_id: int
    account_id: int
    evidence: dict[str, Any]
    reason: str


@dataclass
class LabelChanges:
    """What one reconciliation did (a rescan of unchanged data does nothing)."""

    applied: int = 0
    lifted: int = 0
    updated: int = 0
    # Findings not labelled: a person overruled the detector there, or a moderator's
    # label with the same value is already on the target.
    overruled: int = 0
    applied_ids: list[int] = field(default_factory=list)
    lifted_ids: list[int] = field(default_factory=list)


async def reconcile(
    session: AsyncSession,
    detector: DetectorInfo,
    wanted: dict[int, Wanted],
    judged: Collection[int],
    now: datetime,
) -> LabelChanges:
    """Make ``detector``'s labels match ``wanted`` over the targets it ``judged``.

    Labels on targets outside ``judged`` (older than the scan's window) are left alone.
    """
    label_for(detector.label, detector.name)  # the published definition allows this detector
    changes = LabelChanges()
    existing = {
        label.target_id: label
        for label in await repo.detector_labels(session, detector.label, detector.name)
        if label.target_type == detector.target
    }
    fresh = [target for target in wanted if target not in existing]
    blocked = {
        target_id
        for target_type, target_id in await repo.overruled_targets(
            session, detector.label, DETECTOR_ACTOR_ID
        )
        if target_type == detector.target
    }
    blocked |= await repo.other_labelled(
        session, detector.label, detector.name, detector.target, fresh
    )
    for target_id in sorted(fresh):
        if target_id in blocked:
            changes.overruled += 1
            continue
        await _apply(session, detector, wanted[target_id], now)
        changes.applied += 1
        changes.applied_ids.append(target_id)
    await _refresh_evidence(session, existing, wanted, changes)
    judged_set = set(judged)
    stale = [
        label
        for target_id, label in sorted(existing.items())
        if target_id not in wanted and target_id in judged_set
    ]
    await _lift(session, detector, stale, now, changes)
    return changes


async def _apply(
    session: AsyncSession, detector: DetectorInfo, wanted: Wanted, now: datetime
) -> None:
    rule = rule_for(RULE_ID, "label")
    action = ModerationAction(
        id=new_id(),
        kind="label",
        target_type=detector.target,
        target_id=wanted.target_id,
        target_account_id=wanted.account_id,
        rule_id=rule.id,
        reason=wanted.reason,
        label=detector.label,
        moderator_id=DETECTOR_ACTOR_ID,
        created_at=now,
    )
    session.add(action)
    session.add(
        Label(
            id=new_id(),
            target_type=detector.target,
            target_id=wanted.target_id,
            value=detector.label,
            applied_by=detector.name,
            action_id=action.id,
            evidence=wanted.evidence,
            created_at=now,
        )
    )
    await moderation.log_action(session, action, f"label:{detector.label}", rule)
    await warnings.warn(session, action, "label", rule, action.reason)


async def _refresh_evidence(
    session: AsyncSession,
    existing: dict[int, Label],
    wanted: dict[int, Wanted],
    changes: LabelChanges,
) -> None:
    """Keep the evidence of labels that still hold current (not logged: the label stands)."""
    for target_id, label in sorted(existing.items()):
        found = wanted.get(target_id)
        if found is not None and found.evidence != label.evidence:
            await repo.set_label_evidence(session, label.id, found.evidence)
            changes.updated += 1


async def _lift(
    session: AsyncSession,
    detector: DetectorInfo,
    stale: list[Label],
    now: datetime,
    changes: LabelChanges,
) -> None:
    """Lift labels whose finding no longer holds: the action is reversed by the detector."""
    if not stale:
        return
    rule = rule_for(RULE_ID, "label")
    actions = await repo.actions_by_id(session, [x.action_id for x in stale if x.action_id])
    reason = f"Detector {detector.name}: the finding no longer holds in the latest scan."
    await repo.delete_labels(session, [label.id for label in stale])
    for label in stale:
        changes.lifted += 1
        changes.lifted_ids.append(label.target_id)
        action = actions.get(label.action_id or 0)
        if action is None or action.reversed_at is not None:
            continue
        action.reversed_at, action.reversed_by_id = now, DETECTOR_ACTOR_ID
        action.reversal_reason = reason
        await moderation.log_action(session, action, "reverse_label", rule, reason)
        await warnings.warn(session, action, "reverse", rule, reason)
