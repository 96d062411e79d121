"""The bridging model: rating ≈ μ + i_u + i_n + f_u·f_n, fitted by alternating least squares.

The objective is the reference implementation's (twitter/communitynotes,
``matrix_factorization.py``): the mean squared error over the N observed ratings plus each
regulariser times the *mean* of its squared parameters::

    J = 1/N Σ (r - μ - i_u - i_n - f_u f_n)²
        + λ_i (μ² + mean(i_u²) + mean(i_n²)) + λ_f (mean(f_u²) + mean(f_n²))

Multiplied by N, each note's intercept carries a ridge penalty alpha = N λ_i / n_notes (and so on
for the other blocks). With the rater side fixed, J splits into one independent two-parameter
ridge regression per note, (i_n, f_n) on (1, f_u), solved in closed form; the same holds for
raters, and μ has a closed form too. Each half-step is an exact block minimisation, so J never
increases. The sums each 2x2 system needs are ``np.bincount`` calls, so a pass over a million
ratings is a few tens of milliseconds.

Initialisation is deterministic: intercepts first (factors zero), then the factors from the
leading singular pair of the residual matrix (scipy's ``svds`` with a fixed start vector).
Factors are finally flipped so that most raters get a negative factor, the reference's
identification rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds

from townsquare.notes.constants import FACTOR_LAMBDA, INTERCEPT_LAMBDA

Progress = Callable[[int, float], None]  # (iteration, objective)


@dataclass
class FitResult:
    """Fitted parameters, indexed by dense rater and note indices."""

    global_intercept: float
    rater_intercepts: np.ndarray
    rater_factors: np.ndarray
    note_intercepts: np.ndarray
    note_factors: np.ndarray
    objective: float
    iterations: int
    converged: bool


@dataclass
class _Problem:
    raters: np.ndarray  # int index per rating
    notes: np.ndarray
    values: np.ndarray
    n_raters: int
    n_notes: int
    lambda_i: float
    lambda_f: float

    @property
    def count(self) -> int:
        return len(self.values)


def objective(
    problem: _Problem, mu: float, iu: np.ndarray, fu: np.ndarray, i_n: np.ndarray, fn: np.ndarray
) -> float:
    """J above: mean squared error plus λ times the mean of each block's squared parameters."""
    residual = problem.values - mu - iu[problem.raters] - i_n[problem.notes]
    residual -= fu[problem.raters] * fn[problem.notes]
    loss = float(np.dot(residual, residual)) / problem.count
    loss += problem.lambda_i * (mu * mu + float(np.mean(iu**2)) + float(np.mean(i_n**2)))
    loss += problem.lambda_f * (float(np.mean(fu**2)) + float(np.mean(fn**2)))
    return loss


def _solve_side(
    index: np.ndarray,
    size: int,
    target: np.ndarray,
    other_factor: np.ndarray,
    alpha_i: float,
    alpha_f: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Per entity, minimise Σ (target - i - f·g)² + alpha_i i² + alpha_f f² over (i, f)."""
    count = np.bincount(index, minlength=size).astype(np.float64)
    sum_g = np.bincount(index, other_factor, minlength=size)
    sum_gg = np.bincount(index, other_factor * other_factor, minlength=size)
    sum_t = np.bincount(index, target, minlength=size)
    sum_gt = np.bincount(index, other_factor * target, minlength=size)
    a, b, d = count + alpha_i, sum_g, sum_gg + alpha_f
    determinant = a * d - b * b  # > 0: alpha_i, alpha_f > 0 make each system positive definite
    intercept = (d * sum_t - b * sum_gt) / determinant
    factor = (a * sum_gt - b * sum_t) / determinant
    return intercept, factor


def _update_notes(p: _Problem, mu: float, iu: np.ndarray, fu: np.ndarray, factors: bool):
    target = p.values - mu - iu[p.raters]
    g = fu[p.raters] if factors else np.zeros(p.count)
    scale = p.count / p.n_notes
    return _solve_side(p.notes, p.n_notes, target, g, p.lambda_i * scale, p.lambda_f * scale)


def _update_raters(p: _Problem, mu: float, i_n: np.ndarray, fn: np.ndarray, factors: bool):
    target = p.values - mu - i_n[p.notes]
    g = fn[p.notes] if factors else np.zeros(p.count)
    scale = p.count / p.n_raters
    return _solve_side(p.raters, p.n_raters, target, g, p.lambda_i * scale, p.lambda_f * scale)


def _update_global(p: _Problem, iu, fu, i_n, fn) -> float:
    residual = p.values - iu[p.raters] - i_n[p.notes] - fu[p.raters] * fn[p.notes]
    return float(residual.sum()) / (p.count * (1.0 + p.lambda_i))


def _initial_factors(p: _Problem, mu, iu, i_n) -> tuple[np.ndarray, np.ndarray]:
    """The leading singular pair of the residual matrix, from a fixed start vector."""
    residual = p.values - mu - iu[p.raters] - i_n[p.notes]
    matrix = sp.csr_matrix((residual, (p.notes, p.raters)), shape=(p.n_notes, p.n_raters))
    if min(p.n_notes, p.n_raters) < 2 or not np.any(residual):
        return np.full(p.n_raters, 0.1), np.full(p.n_notes, 0.1)
    start = np.random.default_rng(0).standard_normal(min(matrix.shape))
    left, singular, right = svds(matrix, k=1, v0=start, random_state=0)
    root = float(np.sqrt(singular[0]))
    return right[0] * root, left[:, 0] * root


def fit(
    raters: np.ndarray,
    notes: np.ndarray,
    values: np.ndarray,
    n_raters: int,
    n_notes: int,
    *,
    lambda_i: float = INTERCEPT_LAMBDA,
    lambda_f: float = FACTOR_LAMBDA,
    tolerance: float = 1e-9,
    max_iterations: int = 2000,
    progress: Progress | None = None,
) -> FitResult:
    """Fit the model to ratings given as dense indices; stop when J's relative decrease
    falls below ``tolerance`` (or after ``max_iterations``)."""
    if len(values) == 0:
        empty = np.zeros(0)
        return FitResult(0.0, np.zeros(n_raters), np.zeros(n_raters), empty, empty, 0.0, 0, True)
    p = _Problem(
        raters.astype(np.intp), notes.astype(np.intp), values.astype(np.float64),
        n_raters, n_notes, lambda_i, lambda_f,
    )  # fmt: skip
    mu = float(p.values.mean()) / (1.0 + lambda_i)
    iu, fu = np.zeros(n_raters), np.zeros(n_raters)
    i_n, fn = np.zeros(n_notes), np.zeros(n_notes)
    for _ in range(3):  # intercepts only, so that the factors start from what they leave
        i_n, _unused = _update_notes(p, mu, iu, fu, factors=False)
        iu, _unused = _update_raters(p, mu, i_n, fn, factors=False)
        mu = _update_global(p, iu, fu, i_n, fn)
    fu, fn = _initial_factors(p, mu, iu, i_n)
    previous = objective(p, mu, iu, fu, i_n, fn)
    converged, iteration = False, 0
    while iteration < max_iterations:
        iteration += 1
        i_n, fn = _update_notes(p, mu, iu, fu, factors=True)
        iu, fu = _update_raters(p, mu, i_n, fn, factors=True)
        mu = _update_global(p, iu, fu, i_n, fn)
        current = objective(p, mu, iu, fu, i_n, fn)
        if progress is not None:
            progress(iteration, current)
        if previous - current <= tolerance * max(current, 1e-12):
            converged = True
            break
        previous = current
    if np.count_nonzero(fu < 0) < np.count_nonzero(fu > 0):
        fu, fn = -fu, -fn  # the reference's convention: most raters on the negative side
    return FitResult(mu, iu, fu, i_n, fn, current, iteration, converged)
