"""Statuses: the published thresholds at their boundaries, the filters, and two camps."""

from __future__ import annotations

import numpy as np
import pytest

from townsquare.notes import scoring, synthetic
from townsquare.notes.constants import STATUSES
from townsquare.notes.status import note_status, note_status_codes

EPS = 1e-9


@pytest.mark.parametrize(
    ("intercept", "factor", "expected"),
    [
        (0.40, 0.0, "helpful"),  # i_n >= 0.40 is enough ...
        (0.40 - EPS, 0.0, "needs_more_ratings"),
        (0.80, 0.50 - EPS, "helpful"),  # ... while |f_n| < 0.50
        (0.80, 0.50, "needs_more_ratings"),
        (0.80, -0.50, "needs_more_ratings"),
        (0.80, -0.49, "helpful"),
        (-0.05, 0.0, "needs_more_ratings"),  # not helpful below -0.05 - 0.8 |f_n|, strictly
        (-0.05 - EPS, 0.0, "not_helpful"),
        (-0.45, 0.5, "needs_more_ratings"),  # -0.05 - 0.8 * 0.5 = -0.45
        (-0.45 - EPS, -0.5, "not_helpful"),
        (0.0, 0.0, "needs_more_ratings"),
        (None, None, "needs_more_ratings"),  # left out of the fit
    ],
)
def test_status_rule_at_its_boundaries(intercept, factor, expected) -> None:
    assert note_status(intercept, factor) == expected
    if intercept is not None:
        code = note_status_codes(np.array([intercept]), np.array([factor]))[0]
        assert STATUSES[code] == expected


def test_filters_leave_out_light_raters_and_notes_as_the_reference_does() -> None:
    # Raters 0..11 rate notes 0..9; rater 12 rates only 3 notes; note 10 gets 4 ratings;
    # note 11 is never rated.
    ratings = [(rater, note, 1.0) for rater in range(12) for note in range(10)]
    ratings += [(12, note, 0.0) for note in range(3)]
    ratings += [(rater, 10, 1.0) for rater in range(4)]
    raters, notes, values = (np.array(column) for column in zip(*ratings, strict=True))
    result = scoring.score(np.arange(12), notes, raters, values)
    assert list(result.note_ratings) == [13, 13, 13] + [12] * 7 + [4, 0]
    assert np.isnan(result.note_intercepts[10:]).all()
    assert not np.isnan(result.note_intercepts[:10]).any()
    assert list(result.rater_ratings_used) == [10] * 12 + [0]  # rater 12: fewer than 10
    assert np.isnan(result.rater_intercepts[12])
    assert result.ratings_used == 120
    assert result.status(10) == result.status(11) == "needs_more_ratings"


def test_ratings_of_unknown_notes_are_ignored() -> None:
    result = scoring.score(np.array([5, 9]), np.array([5, 7, 9]), np.array([1, 1, 1]), np.ones(3))
    assert list(result.note_ratings) == [1, 1]


def test_two_camps_bridging_notes_win_one_sided_notes_do_not_bad_notes_lose() -> None:
    community = synthetic.generate(raters=600, notes=300, ratings=30_000, seed=11)
    result = scoring.score(
        np.arange(300), community.rating_notes, community.rating_raters, community.values
    )
    for note in range(300):
        kind = community.kind(note)
        status = result.status(note)
        if kind == synthetic.GOOD_NEUTRAL:
            assert status == "helpful", (note, result.note_intercepts[note])
        elif kind == synthetic.GOOD_ONE_SIDED:
            # One camp finds these very helpful; that alone must not make them helpful.
            assert status != "helpful"
            assert abs(result.note_factors[note]) >= 0.5
        else:
            assert status == "not_helpful"
    # The factor separates the camps: the larger camp (-1, 60 %) is on the negative side.
    camp = community.rater_camps[result.rater_ids]
    assert (
        np.nanmean(result.rater_factors[camp == -1])
        < 0
        < np.nanmean(result.rater_factors[camp == 1])
    )
