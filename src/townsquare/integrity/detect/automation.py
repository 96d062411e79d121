"""Undeclared automation: a 0..1 score per account from how it posts, with its evidence.

Six signals, each mapped to 0 (human-like) .. 1 (machine-like) and combined with the
published weights of ``AutomationParams``: regular gaps between posts, no daily quiet
stretch, many hours active per day, high volume, repeating its own texts, posting through
an automation client. docs/integrity.md explains each one and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from townsquare.integrity.detect import behaviour
from townsquare.integrity.detect.params import AutomationParams
from townsquare.integrity.detect.records import AccountRecord, PostRecord


@dataclass(frozen=True)
class AutomationFinding:
    """The score of one account, the feature values behind it and whether it is flagged."""

    account_id: int
    score: float  # 0..1
    features: dict[str, float]  # named feature values, the evidence
    threshold: float
    flagged: bool  # score >= threshold and not declared bot and enough posts


def _ramp(value: np.ndarray, zero_at: float, one_at: float) -> np.ndarray:
    """0 at ``zero_at``, 1 at ``one_at``, linear between (either direction), clipped."""
    return np.clip((value - zero_at) / (one_at - zero_at), 0.0, 1.0)


def _measures(
    acc: np.ndarray, posts: list[PostRecord], n: int, params: AutomationParams
) -> dict[str, np.ndarray]:
    """The raw feature values of every account (posts sorted by account, then time)."""
    times = np.fromiter((p.created_at for p in posts), float, len(posts))
    counts = np.bincount(acc, minlength=n).astype(float)
    days, slots = behaviour.active_days_and_hours(acc, times, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_day = np.where(days > 0, counts / np.maximum(days, 1), 0.0)
        hours_per_day = np.where(days > 0, slots / np.maximum(days, 1), 0.0)
    clients = behaviour.client_values([p.application for p in posts], params)
    client_share = np.bincount(acc, weights=clients, minlength=n) / np.maximum(counts, 1)
    histogram = behaviour.hour_histogram(acc, times, n)
    return {
        "posts": counts,
        "interval_dispersion": behaviour.interval_dispersion(acc, times, n, params.min_gaps),
        "quiet_hours": behaviour.quiet_hours(histogram, params.quiet_share),
        "hours_per_day": hours_per_day,
        "posts_per_day": per_day,
        "repeat_share": behaviour.repeat_share(acc, [p.text for p in posts], n, params),
        "client_automation": client_share,
    }


def _signals(m: dict[str, np.ndarray], params: AutomationParams) -> dict[str, np.ndarray]:
    """Each raw measure mapped onto 0 (human-like) .. 1 (machine-like)."""
    log_day = np.log(np.maximum(m["posts_per_day"], 1e-9))
    return {
        "regularity": _ramp(
            m["interval_dispersion"], params.human_dispersion, params.regular_dispersion
        ),
        "quiet": _ramp(m["quiet_hours"], params.human_quiet_hours, 0.0),
        "hours": _ramp(
            m["hours_per_day"], params.human_hours_per_day, params.machine_hours_per_day
        ),
        "volume": _ramp(
            log_day, np.log(params.human_posts_per_day), np.log(params.machine_posts_per_day)
        ),
        "repetition": _ramp(m["repeat_share"], 0.0, params.repeat_share_full),
        "client": m["client_automation"],
    }


def score_automation(
    accounts: Sequence[AccountRecord], posts: Sequence[PostRecord], params: AutomationParams
) -> list[AutomationFinding]:
    """Score every account in ``accounts`` (ordered by account id) on its posts.

    Posts of accounts not listed are ignored. An account is flagged when its score reaches
    the threshold, it has at least ``min_posts`` posts and it is not a declared bot.
    """
    ordered = sorted(accounts, key=lambda a: a.account_id)
    ids = np.fromiter((a.account_id for a in ordered), np.int64, len(ordered))
    known = {a.account_id for a in ordered}
    mine = sorted(
        (p for p in posts if p.account_id in known),
        key=lambda p: (p.account_id, p.created_at, p.status_id),
    )
    owners = np.fromiter((p.account_id for p in mine), np.int64, len(mine))
    acc = np.searchsorted(ids, owners)
    measures = _measures(acc, mine, len(ordered), params)
    signals = _signals(measures, params)
    weights = params.weights()
    score = sum(weights[name] * signals[name] for name in weights)
    score = np.round(np.clip(np.asarray(score, dtype=float), 0.0, 1.0), 6)
    findings = []
    for k, account in enumerate(ordered):
        features = {name: round(float(values[k]), 6) for name, values in measures.items()}
        features.update({f"signal_{n}": round(float(v[k]), 6) for n, v in signals.items()})
        enough = features["posts"] >= params.min_posts
        flagged = bool(score[k] >= params.threshold and enough and not account.bot)
        finding = AutomationFinding(
            account.account_id, float(score[k]), features, params.threshold, flagged
        )
        findings.append(finding)
    return findings
