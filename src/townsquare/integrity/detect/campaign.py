"""The campaign finding both campaign detectors return, and its stable key."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from townsquare.integrity.detect.records import PostRecord

NEAR_DUPLICATE = "near-duplicate"
SYNCHRONISED_REBLOGS = "synchronised-reblogs"


@dataclass(frozen=True)
class CampaignFinding:
    """One campaign: who took part, which posts, when, and the evidence for it."""

    key: str  # stable id: sha256 of kind + earliest member status id (a rescan updates it)
    kind: str  # "near-duplicate" | "synchronised-reblogs"
    account_ids: tuple[int, ...]
    status_ids: tuple[int, ...]  # member posts (for reblog campaigns: the reblog rows)
    started_at: float
    ended_at: float
    evidence: dict[str, Any]  # JSON-able: thresholds used, similarity figures, etc.


def campaign_key(kind: str, status_ids: Sequence[int]) -> str:
    """The stable key of a campaign: the same kind and earliest member give the same key."""
    return hashlib.sha256(f"{kind}:{min(status_ids)}".encode()).hexdigest()


def make_finding(
    kind: str, members: Sequence[PostRecord], evidence: dict[str, Any]
) -> CampaignFinding:
    """A finding from its member posts (any order) and its evidence."""
    status_ids = tuple(sorted(p.status_id for p in members))
    return CampaignFinding(
        key=campaign_key(kind, status_ids),
        kind=kind,
        account_ids=tuple(sorted({p.account_id for p in members})),
        status_ids=status_ids,
        started_at=min(p.created_at for p in members),
        ended_at=max(p.created_at for p in members),
        evidence=evidence,
    )
