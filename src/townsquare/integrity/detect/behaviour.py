"""Per-account behaviour measures over all posts at once (numpy, one pass per measure).

Every function takes the posts already sorted by (account index, time) as parallel arrays
and returns one value per account index (length ``n``).
"""

from __future__ import annotations

import re

import numpy as np

from townsquare.integrity.detect import sketch
from townsquare.integrity.detect.params import AutomationParams

HOUR, DAY = 3600.0, 86400.0
MAX_DISPERSION = 99.0  # stands for "no regularity at all" and keeps the evidence JSON-able


def _group_quantile(groups: np.ndarray, values: np.ndarray, n: int, q: float) -> np.ndarray:
    """The ``q`` quantile (linear interpolation) of ``values`` within each group; NaN if empty."""
    order = np.lexsort((values, groups))
    g, v = groups[order], values[order]
    counts = np.bincount(g, minlength=n)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    out = np.full(n, np.nan)
    has = counts > 0
    pos = starts[has] + q * (counts[has] - 1)
    low = np.floor(pos).astype(np.int64)
    high = np.minimum(low + 1, starts[has] + counts[has] - 1)
    frac = pos - low
    out[has] = v[low] * (1 - frac) + v[high] * frac
    return out


def interval_dispersion(acc: np.ndarray, times: np.ndarray, n: int, min_gaps: int) -> np.ndarray:
    """Interquartile range over median of each account's gaps between posts.

    Robust where the coefficient of variation is not: one day offline makes one huge gap,
    which moves a standard deviation a lot and quartiles not at all. Fewer than
    ``min_gaps`` gaps (nothing to judge) gives MAX_DISPERSION.
    """
    same = acc[1:] == acc[:-1]
    gaps, owner = (times[1:] - times[:-1])[same], acc[1:][same]
    q1 = _group_quantile(owner, gaps, n, 0.25)
    q2 = _group_quantile(owner, gaps, n, 0.5)
    q3 = _group_quantile(owner, gaps, n, 0.75)
    with np.errstate(invalid="ignore", divide="ignore"):
        dispersion = (q3 - q1) / np.maximum(q2, 1.0)
    enough = np.bincount(owner, minlength=n) >= min_gaps
    return np.where(enough & np.isfinite(dispersion), dispersion, MAX_DISPERSION)


def hour_histogram(acc: np.ndarray, times: np.ndarray, n: int) -> np.ndarray:
    """Posts per hour of the day (UTC), one row of 24 per account."""
    hours = (times // HOUR).astype(np.int64) % 24
    return np.bincount(acc * 24 + hours, minlength=n * 24).reshape(n, 24)


def quiet_hours(histogram: np.ndarray, share: float) -> np.ndarray:
    """Longest run of consecutive hours of the day (wrapping at midnight) with at most
    ``share`` of the account's posts: where people sleep, whatever their time zone."""
    totals = histogram.sum(axis=1, keepdims=True)
    quiet = histogram <= share * totals
    doubled = np.concatenate([quiet, quiet], axis=1)
    run = np.zeros(len(histogram), dtype=np.int64)
    best = np.zeros(len(histogram), dtype=np.int64)
    for column in doubled.T:
        run = np.where(column, run + 1, 0)
        best = np.maximum(best, run)
    return np.minimum(best, 24).astype(float)


def active_days_and_hours(acc: np.ndarray, times: np.ndarray, n: int) -> tuple[np.ndarray, ...]:
    """Distinct days with a post, and distinct (day, hour) slots with a post, per account."""
    slot = (times // HOUR).astype(np.int64)
    day = slot // 24
    days = np.unique(np.stack([acc, day], axis=1), axis=0)[:, 0]
    slots = np.unique(np.stack([acc, slot], axis=1), axis=0)[:, 0]
    return np.bincount(days, minlength=n).astype(float), np.bincount(slots, minlength=n)


def repeat_share(acc: np.ndarray, texts: list[str], n: int, params: AutomationParams) -> np.ndarray:
    """Share of each account's text posts that have a near-identical twin among its others.

    Texts are compared after masking digits (a template that fills in a number or a time is
    one text); posts of fewer than 3 words and reblogs ("") are not counted.
    """
    words = [sketch.tokens(text, mask_digits=True) for text in texts]
    usable = np.fromiter((len(w) >= 3 for w in words), bool, len(words))
    idx = np.flatnonzero(usable)
    counted = np.bincount(acc[idx], minlength=n)
    if len(idx) < 2:
        return np.zeros(n)
    shingles = (sketch.shingle_hashes(words[i], 2) for i in idx)
    sig = sketch.signatures(shingles, params.repeat_num_perm, seed=1)
    i, j, _ = sketch.similar_pairs(sig, params.repeat_similarity, groups=acc[idx])
    twin = np.zeros(len(idx), dtype=bool)
    twin[i] = twin[j] = True
    repeated = np.bincount(acc[idx][twin], minlength=n)
    return np.divide(repeated, counted, out=np.zeros(n), where=counted > 0)


def _named_like_automation(name: str, words: tuple[str, ...]) -> bool:
    """A word of ``name`` starts with one of ``words``, or ends in "bot" ("NewsBot")."""
    parts = re.findall(r"[a-z0-9]+", name)
    return any(part.startswith(words) or part.endswith("bot") for part in parts)


def client_values(applications: list[str | None], params: AutomationParams) -> np.ndarray:
    """Per post: 0 through an interactive app, 1 through an app named like automation,
    ``unknown_client_value`` otherwise (another app, or the app is unknown)."""
    interactive = {name.lower() for name in params.interactive_clients}
    cache: dict[str | None, float] = {}

    def value(app: str | None) -> float:
        if app not in cache:
            name = (app or "").strip().lower()
            if name in interactive:
                cache[app] = 0.0
            elif _named_like_automation(name, params.automation_client_words):
                cache[app] = 1.0
            else:
                cache[app] = params.unknown_client_value
        return cache[app]

    return np.fromiter((value(app) for app in applications), float, len(applications))
