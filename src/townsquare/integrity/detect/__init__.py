"""Detectors of undeclared automation and coordinated campaigns: pure functions over
in-memory records (no database, no I/O), so the scan job, the tests and the benchmark share
them. See docs/integrity.md, section "Detection"."""

from townsquare.integrity.detect.automation import AutomationFinding, score_automation
from townsquare.integrity.detect.coordination import CampaignFinding, find_campaigns
from townsquare.integrity.detect.params import AutomationParams, CoordinationParams
from townsquare.integrity.detect.records import AccountRecord, PostRecord

__all__ = [
    "AccountRecord",
    "AutomationFinding",
    "AutomationParams",
    "CampaignFinding",
    "CoordinationParams",
    "PostRecord",
    "find_campaigns",
    "score_automation",
]
