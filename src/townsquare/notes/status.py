"""The published status rule: from a note's fitted intercept and factor to its status."""

from __future__ import annotations

import numpy as np

from townsquare.notes.constants import (
    HELPFUL_INTERCEPT,
    HELPFUL_MAX_FACTOR,
    NOT_HELPFUL_FACTOR_SLOPE,
    NOT_HELPFUL_INTERCEPT,
    STATUS_HELPFUL,
    STATUS_NEEDS_MORE_RATINGS,
    STATUS_NOT_HELPFUL,
    STATUSES,
)


def note_status(intercept: float | None, factor: float | None) -> str:
    """Helpful when i_n >= 0.40 and |f_n| < 0.50; not helpful when i_n < -0.05 - 0.8 |f_n|;
    otherwise (or when the note was not in the fit) it needs more ratings."""
    if intercept is None or factor is None:
        return STATUS_NEEDS_MORE_RATINGS
    if intercept >= HELPFUL_INTERCEPT and abs(factor) < HELPFUL_MAX_FACTOR:
        return STATUS_HELPFUL
    if intercept < NOT_HELPFUL_INTERCEPT - NOT_HELPFUL_FACTOR_SLOPE * abs(factor):
        return STATUS_NOT_HELPFUL
    return STATUS_NEEDS_MORE_RATINGS


def note_status_codes(intercepts: np.ndarray, factors: np.ndarray) -> np.ndarray:
    """``note_status`` for arrays, as indices into ``STATUSES`` (NaN intercept: not fitted)."""
    magnitude = np.abs(factors)
    helpful = (intercepts >= HELPFUL_INTERCEPT) & (magnitude < HELPFUL_MAX_FACTOR)
    not_helpful = intercepts < NOT_HELPFUL_INTERCEPT - NOT_HELPFUL_FACTOR_SLOPE * magnitude
    codes = np.full(len(intercepts), STATUSES.index(STATUS_NEEDS_MORE_RATINGS), dtype=np.int8)
    codes[not_helpful] = STATUSES.index(STATUS_NOT_HELPFUL)
    codes[helpful] = STATUSES.index(STATUS_HELPFUL)
    return codes
