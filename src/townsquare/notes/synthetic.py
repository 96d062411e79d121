"""Two-camp synthetic ratings with a known truth, for the tests and the benchmark.

Raters belong to one of two camps (60 / 40, so the factor's sign convention is exercised)
and have a small personal leniency. Notes are of three kinds: good and neutral (both camps
find them helpful: the truth is "helpful"), good but strongly one-sided (the author's camp
loves them, the other camp does not: they should not end helpful), and bad (both camps find
them unhelpful: "not helpful"). A rater's answer depends on the note's quality, on agreement
between the note's slant and the rater's camp, on leniency and on noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from townsquare.notes.constants import STATUS_HELPFUL, STATUS_NEEDS_MORE_RATINGS, STATUS_NOT_HELPFUL

GOOD_NEUTRAL, GOOD_ONE_SIDED, BAD = "good_neutral", "good_one_sided", "bad"
KINDS = (GOOD_NEUTRAL, GOOD_ONE_SIDED, BAD)
EXPECTED_STATUS = {
    GOOD_NEUTRAL: STATUS_HELPFUL,
    GOOD_ONE_SIDED: STATUS_NEEDS_MORE_RATINGS,
    BAD: STATUS_NOT_HELPFUL,
}


@dataclass
class Community:
    """Generated ratings (as parallel arrays) and the generator's truth."""

    rater_camps: np.ndarray  # -1 or +1 per rater
    note_kinds: np.ndarray  # index into KINDS per note
    note_slants: np.ndarray  # -1, 0 or +1 per note
    rating_raters: np.ndarray
    rating_notes: np.ndarray
    values: np.ndarray  # 0.0, 0.5 or 1.0

    def kind(self, note: int) -> str:
        return KINDS[int(self.note_kinds[note])]


def generate(
    raters: int,
    notes: int,
    ratings: int,
    *,
    seed: int = 7,
    shares: tuple[float, float, float] = (0.3, 0.3, 0.4),
    noise: float = 0.3,
) -> Community:
    """About ``ratings`` distinct (rater, note) ratings, drawn uniformly at random."""
    rng = np.random.default_rng(seed)
    camps = np.where(rng.random(raters) < 0.6, -1, 1)
    leniency = rng.normal(0.0, 0.1, raters)
    kinds = rng.choice(len(KINDS), size=notes, p=list(shares))
    quality = np.where(kinds == KINDS.index(BAD), -0.6, 0.6)
    slants = np.where(kinds == KINDS.index(GOOD_ONE_SIDED), rng.choice([-1, 1], notes), 0)
    pairs = rng.integers(0, raters * notes, size=int(ratings * 1.1) + 100, dtype=np.int64)
    pairs = np.unique(pairs)[:ratings]
    pairs = pairs[rng.permutation(len(pairs))]
    who, what = pairs // notes, pairs % notes
    latent = quality[what] + 0.9 * slants[what] * camps[who] + leniency[who]
    latent += rng.normal(0.0, noise, len(pairs))
    values = np.where(latent > 0.3, 1.0, np.where(latent > -0.3, 0.5, 0.0))
    return Community(camps, kinds, slants, who, what, values)
