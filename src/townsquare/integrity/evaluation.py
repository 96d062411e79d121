"""Precision, recall and F1 of the detectors against a synthetic network's truth."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from townsquare.integrity.detect.automation import AutomationFinding
from townsquare.integrity.detect.campaign import NEAR_DUPLICATE, CampaignFinding
from townsquare.integrity.synthetic_people import Truth


@dataclass(frozen=True)
class Score:
    """Counts and rates of one detector against the truth."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(predicted: Iterable[int], truth: Iterable[int]) -> Score:
    """How ``predicted`` ids match the ``truth`` ids."""
    found, wanted = set(predicted), set(truth)
    return Score(len(found & wanted), len(found - wanted), len(wanted - found))


def organic_rate(predicted: Iterable[int], truth: Truth) -> float:
    """Share of organic people among ``predicted`` ids, over all organic people."""
    return len(set(predicted) & truth.organic) / max(1, len(truth.organic))


@dataclass(frozen=True)
class Evaluation:
    """Every figure the benchmark prints."""

    automation: Score
    automation_organic_fp: float
    coordination_accounts: Score
    coordination_organic_fp: float
    duplicate_posts: Score
    ring_reblogs: Score
    flagged_by_role: dict[str, tuple[int, int]]  # role -> (flagged, accounts)


def evaluate(
    truth: Truth, findings: Sequence[AutomationFinding], campaigns: Sequence[CampaignFinding]
) -> Evaluation:
    """Score both detectors' output on the network whose truth is ``truth``.

    Automation is scored over accounts (undeclared bots are the positives); coordination
    over accounts (anyone who took part in a campaign) and, per kind, over member posts.
    """
    flagged = {f.account_id for f in findings if f.flagged}
    in_campaigns = {a for c in campaigns for a in c.account_ids}
    duplicates = {s for c in campaigns if c.kind == NEAR_DUPLICATE for s in c.status_ids}
    rings = {s for c in campaigns if c.kind != NEAR_DUPLICATE for s in c.status_ids}
    by_role: dict[str, tuple[int, int]] = {}
    for account, role in truth.roles.items():
        hit, total = by_role.get(role, (0, 0))
        by_role[role] = (hit + (account in flagged), total + 1)
    return Evaluation(
        automation=score(flagged, truth.automated),
        automation_organic_fp=organic_rate(flagged, truth),
        coordination_accounts=score(in_campaigns, truth.campaign_accounts),
        coordination_organic_fp=organic_rate(in_campaigns, truth),
        duplicate_posts=score(duplicates, truth.duplicate_posts),
        ring_reblogs=score(rings, truth.ring_reblogs),
        flagged_by_role=dict(sorted(by_role.items())),
    )
