"""Score a set of ratings: the minimum-rating filters, the fit, and every note's status.

Pure computation on arrays (no database), shared by the periodic job, ``townsquare notes
score``, ``townsquare notes score-tsv`` and the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from townsquare.notes import model
from townsquare.notes.constants import MIN_RATINGS_PER_NOTE, MIN_RATINGS_PER_RATER, STATUSES
from townsquare.notes.status import note_status_codes


@dataclass
class Scores:
    """The outcome of one scoring run. Note arrays follow ``note_ids``, rater arrays
    ``rater_ids``; NaN marks a note or rater the filters left out of the fit."""

    note_ids: np.ndarray
    note_intercepts: np.ndarray
    note_factors: np.ndarray
    note_ratings: np.ndarray  # every rating the note has, in the fit or not
    note_statuses: np.ndarray  # indices into STATUSES
    rater_ids: np.ndarray
    rater_intercepts: np.ndarray
    rater_factors: np.ndarray
    rater_ratings_used: np.ndarray
    global_intercept: float
    ratings_used: int
    fit: model.FitResult

    def status(self, position: int) -> str:
        return STATUSES[int(self.note_statuses[position])]


def keep_for_fit(note_index: np.ndarray, rater_index: np.ndarray, n_notes: int, n_raters: int):
    """The reference's filters, applied notes -> raters -> notes once (not to a fixed point):
    notes need ``MIN_RATINGS_PER_NOTE`` ratings, raters ``MIN_RATINGS_PER_RATER``."""
    keep = np.ones(len(note_index), dtype=bool)
    for index, size, minimum in (
        (note_index, n_notes, MIN_RATINGS_PER_NOTE),
        (rater_index, n_raters, MIN_RATINGS_PER_RATER),
        (note_index, n_notes, MIN_RATINGS_PER_NOTE),
    ):
        counts = np.bincount(index[keep], minlength=size)
        keep &= counts[index] >= minimum
    return keep


def score(
    note_ids: np.ndarray,
    rating_note_ids: np.ndarray,
    rating_rater_ids: np.ndarray,
    values: np.ndarray,
    progress: model.Progress | None = None,
) -> Scores:
    """Score every note in ``note_ids`` from ratings given as (note id, rater id, value).

    Ratings of notes outside ``note_ids`` are ignored. Ids may be integers or strings.
    """
    note_ids = np.asarray(note_ids)
    order = np.argsort(note_ids, kind="stable")
    position = np.searchsorted(note_ids[order], rating_note_ids)
    position = np.minimum(position, max(len(note_ids) - 1, 0))
    known = note_ids[order][position] == rating_note_ids if len(note_ids) else position < 0
    note_index = order[position[known]]
    rater_ids, rater_index = np.unique(np.asarray(rating_rater_ids)[known], return_inverse=True)
    values = np.asarray(values, dtype=np.float64)[known]
    n_notes, n_raters = len(note_ids), len(rater_ids)
    keep = keep_for_fit(note_index, rater_index, n_notes, n_raters)
    fitted = _fit_kept(note_index[keep], rater_index[keep], values[keep], progress)
    note_params = _spread(fitted.notes, fitted.result.note_intercepts, n_notes)
    note_factors = _spread(fitted.notes, fitted.result.note_factors, n_notes)
    return Scores(
        note_ids=note_ids,
        note_intercepts=note_params,
        note_factors=note_factors,
        note_ratings=np.bincount(note_index, minlength=n_notes),
        note_statuses=note_status_codes(note_params, note_factors),
        rater_ids=rater_ids,
        rater_intercepts=_spread(fitted.raters, fitted.result.rater_intercepts, n_raters),
        rater_factors=_spread(fitted.raters, fitted.result.rater_factors, n_raters),
        rater_ratings_used=np.bincount(rater_index[keep], minlength=n_raters),
        global_intercept=fitted.result.global_intercept,
        ratings_used=int(keep.sum()),
        fit=fitted.result,
    )


@dataclass
class _Fitted:
    notes: np.ndarray  # the original indices of the fitted notes
    raters: np.ndarray
    result: model.FitResult


def _fit_kept(note_index, rater_index, values, progress) -> _Fitted:
    """Fit on dense indices of only the notes and raters that passed the filters."""
    notes, dense_notes = np.unique(note_index, return_inverse=True)
    raters, dense_raters = np.unique(rater_index, return_inverse=True)
    result = model.fit(
        dense_raters, dense_notes, values, len(raters), len(notes), progress=progress
    )
    return _Fitted(notes, raters, result)


def _spread(indices: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    out = np.full(size, np.nan)
    out[indices] = values
    return out
