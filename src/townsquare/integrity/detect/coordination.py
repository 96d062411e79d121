"""Coordinated campaigns: near-duplicate bursts and synchronised reblog rings.

``find_campaigns`` runs both detectors (duplicates.py, reblogs.py) and returns their
findings in a stable order; the same posts in any order give the same campaigns and keys.
"""

from __future__ import annotations

from collections.abc import Sequence

from townsquare.integrity.detect.campaign import (
    NEAR_DUPLICATE,
    SYNCHRONISED_REBLOGS,
    CampaignFinding,
    campaign_key,
)
from townsquare.integrity.detect.duplicates import near_duplicate_campaigns
from townsquare.integrity.detect.params import CoordinationParams
from townsquare.integrity.detect.reblogs import reblog_campaigns
from townsquare.integrity.detect.records import PostRecord

__all__ = [
    "NEAR_DUPLICATE",
    "SYNCHRONISED_REBLOGS",
    "CampaignFinding",
    "campaign_key",
    "find_campaigns",
]


def find_campaigns(
    posts: Sequence[PostRecord], params: CoordinationParams
) -> list[CampaignFinding]:
    """Every campaign in ``posts``, ordered by start time then key."""
    ordered = sorted(posts, key=lambda p: p.status_id)
    found = near_duplicate_campaigns(ordered, params) + reblog_campaigns(ordered, params)
    return sorted(found, key=lambda c: (c.started_at, c.key))
