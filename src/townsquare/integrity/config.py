"""The detectors as the platform publishes them: their names, the labels they apply, the rule
they cite, and their parameters (the detectors' defaults, overridden by settings)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from townsquare.integrity.detect.params import AutomationParams, CoordinationParams
from townsquare.settings import Settings

AUTOMATION = "integrity.automation"
COORDINATION = "integrity.coordination"
AUTOMATED_LABEL = "suspected-automated"
COORDINATED_LABEL = "coordinated"
# Rule 4 of instance/rules.toml: "Declare automation and coordination" (it allows labels).
RULE_ID = "4"
# The moderator id recorded on a detector's actions: no account has it, so a person (an
# appeal, a moderator) reversing one is told apart from the detector lifting its own label.
DETECTOR_ACTOR_ID = 0
API = "/api/townsquare/v1"

P = TypeVar("P")


@dataclass(frozen=True)
class DetectorInfo:
    """One detector as published in the integrity manifest."""

    name: str
    label: str
    target: str
    description: str


DETECTORS = (
    DetectorInfo(
        AUTOMATION,
        AUTOMATED_LABEL,
        "account",
        "Scores each account's recent behaviour (regular posting intervals, hours active per "
        "day, volume, share of near-identical posts, client used); accounts at or above the "
        "threshold that do not declare automation get the label, with the feature values.",
    ),
    DetectorInfo(
        COORDINATION,
        COORDINATED_LABEL,
        "status",
        "Finds near-duplicate posts (MinHash similarity) from at least K accounts within T "
        "minutes, and synchronised reblogs of the same posts by a cluster of accounts; each "
        "member post gets the label and the campaign is public.",
    ),
)


def _override(params: P, wanted: dict[str, Any]) -> P:
    """``params`` with the settings that are set; a field the detector lacks is an error."""
    known = {f.name for f in fields(params)}  # type: ignore[arg-type]
    chosen = {name: value for name, value in wanted.items() if value is not None}
    unknown = set(chosen) - known
    if unknown:
        raise ValueError(f"unknown detector parameters: {', '.join(sorted(unknown))}")
    return replace(params, **chosen)  # type: ignore[type-var]


def automation_params(settings: Settings) -> AutomationParams:
    """The automation detector's parameters: its defaults and TOWNSQUARE_INTEGRITY_* settings."""
    return _override(AutomationParams(), {"threshold": settings.integrity_automation_threshold})


def coordination_params(settings: Settings) -> CoordinationParams:
    """The coordination detector's parameters: K, T and the similarity threshold from settings."""
    return _override(
        CoordinationParams(),
        {
            "min_accounts": settings.integrity_min_accounts,
            "window_minutes": settings.integrity_window_minutes,
            "similarity_threshold": settings.integrity_similarity_threshold,
        },
    )
