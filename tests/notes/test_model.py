"""The fit: it minimises the documented objective and recovers known parameters."""

from __future__ import annotations

import itertools

import numpy as np
from scipy.optimize import minimize

from townsquare.notes import model


def generated(raters: int, notes: int, per_rater: int, noise: float, seed: int = 3):
    """Ratings drawn exactly from the model with known parameters (plus Gaussian noise)."""
    rng = np.random.default_rng(seed)
    truth = {
        "mu": 0.2,
        "iu": rng.normal(0, 0.1, raters),
        "fu": rng.normal(0, 0.6, raters),
        "in": rng.normal(0, 0.3, notes),
        "fn": rng.normal(0, 0.6, notes),
    }
    who = np.repeat(np.arange(raters), per_rater)
    what = np.concatenate([rng.choice(notes, per_rater, replace=False) for _ in range(raters)])
    values = (
        truth["mu"] + truth["iu"][who] + truth["in"][what] + truth["fu"][who] * truth["fn"][what]
    )
    return truth, who, what, values + rng.normal(0, noise, len(who))


def flat_objective(theta, who, what, values, raters, notes, lambda_i, lambda_f):
    """The reference's loss written out independently: MSE + λ * mean(square) per block."""
    mu, iu, fu = theta[0], theta[1 : 1 + raters], theta[1 + raters : 1 + 2 * raters]
    i_n, fn = theta[1 + 2 * raters : 1 + 2 * raters + notes], theta[1 + 2 * raters + notes :]
    error = values - (mu + iu[who] + i_n[what] + fu[who] * fn[what])
    return (
        np.mean(error**2)
        + lambda_i * (mu**2 + np.mean(iu**2) + np.mean(i_n**2))
        + lambda_f * (np.mean(fu**2) + np.mean(fn**2))
    )


def test_the_fit_is_the_minimum_of_the_documented_objective() -> None:
    _, who, what, values = generated(raters=40, notes=30, per_rater=12, noise=0.1)
    result = model.fit(who, what, values, 40, 30)
    theta = np.concatenate(
        [[result.global_intercept], result.rater_intercepts, result.rater_factors,
         result.note_intercepts, result.note_factors]
    )  # fmt: skip
    args = (who, what, values, 40, 30, 0.15, 0.03)
    assert result.converged
    assert abs(flat_objective(theta, *args) - result.objective) < 1e-12
    polished = minimize(flat_objective, theta, args=args, method="L-BFGS-B", tol=1e-14)
    # A general-purpose optimiser started at our answer finds nothing lower, and stays put.
    assert polished.fun >= result.objective - 1e-9
    assert np.max(np.abs(polished.x - theta)) < 1e-3


def test_the_fit_recovers_known_parameters() -> None:
    truth, who, what, values = generated(raters=300, notes=200, per_rater=60, noise=0.05)
    result = model.fit(who, what, values, 300, 200, lambda_i=1e-4, lambda_f=1e-4)
    sign = np.sign(np.dot(result.note_factors, truth["fn"]))
    # The whole rating surface is recovered; intercepts and factors separately only up to the
    # model's symmetries (f_u + c shifts c f_n into the note intercept), hence correlations.
    surface = (
        result.global_intercept + result.rater_intercepts[:, None] + result.note_intercepts
        + np.outer(result.rater_factors, result.note_factors)
    )  # fmt: skip
    true_surface = (
        truth["mu"] + truth["iu"][:, None] + truth["in"] + np.outer(truth["fu"], truth["fn"])
    )
    assert np.max(np.abs(surface - true_surface)) < 0.1
    assert np.corrcoef(sign * result.note_factors, truth["fn"])[0, 1] > 0.99
    assert np.corrcoef(sign * result.rater_factors, truth["fu"])[0, 1] > 0.99
    assert np.corrcoef(result.note_intercepts, truth["in"])[0, 1] > 0.95
    predicted = (
        result.global_intercept + result.rater_intercepts[who] + result.note_intercepts[what]
        + result.rater_factors[who] * result.note_factors[what]
    )  # fmt: skip
    assert np.sqrt(np.mean((predicted - values) ** 2)) < 0.06  # down to the noise


def test_published_regularisation_shrinks_but_keeps_the_order() -> None:
    truth, who, what, values = generated(raters=300, notes=200, per_rater=60, noise=0.1)
    result = model.fit(who, what, values, 300, 200)
    assert np.corrcoef(result.note_intercepts, truth["in"])[0, 1] > 0.97
    assert np.std(result.note_intercepts) < np.std(truth["in"])


def test_the_fit_is_deterministic_and_most_raters_get_a_negative_factor() -> None:
    _, who, what, values = generated(raters=100, notes=80, per_rater=20, noise=0.1)
    first = model.fit(who, what, values, 100, 80)
    second = model.fit(who, what, values, 100, 80)
    assert np.array_equal(first.note_intercepts, second.note_intercepts)
    assert np.array_equal(first.rater_factors, second.rater_factors)
    assert np.count_nonzero(first.rater_factors < 0) >= np.count_nonzero(first.rater_factors > 0)


def test_objective_never_increases_between_iterations() -> None:
    _, who, what, values = generated(raters=100, notes=80, per_rater=20, noise=0.2)
    seen: list[float] = []
    model.fit(who, what, values, 100, 80, progress=lambda _i, value: seen.append(value))
    assert len(seen) > 2
    assert all(later <= earlier + 1e-15 for earlier, later in itertools.pairwise(seen))
