"""Near-duplicate campaigns: the same text, lightly edited or not, from at least K accounts
within T minutes, standing out from how that text is shared around it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from townsquare.integrity.detect import sketch
from townsquare.integrity.detect.campaign import NEAR_DUPLICATE, CampaignFinding, make_finding
from townsquare.integrity.detect.params import CoordinationParams
from townsquare.integrity.detect.records import PostRecord

SAMPLE_CHARS = 280


def _groups(posts: Sequence[PostRecord], params: CoordinationParams):
    """Comparable posts, their signatures and near-duplicate groups (component labels)."""
    texts = [p for p in posts if p.reblog_of_id is None and p.text]
    words = [sketch.tokens(p.text) for p in texts]
    keep = [k for k, w in enumerate(words) if len(w) >= params.min_tokens]
    usable = [texts[k] for k in keep]
    shingles = (sketch.shingle_hashes(words[k], params.shingle_words) for k in keep)
    sig = sketch.signatures(shingles, params.num_perm, params.seed)
    i, j, _ = sketch.similar_pairs(sig, params.similarity_threshold)
    n = len(usable)
    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return usable, sig, labels


def _bursts(times: np.ndarray, accounts: np.ndarray, params: CoordinationParams):
    """Member ranges [start, end) of a time-sorted group that are campaigns, with the
    share of the surrounding posts their best window holds."""
    window, context = params.window_minutes * 60, params.context_hours * 3600
    ends = np.searchsorted(times, times + window, "right")
    spans: list[list[Any]] = []
    for start in np.flatnonzero(ends - np.arange(len(times)) >= params.min_accounts):
        end = int(ends[start])
        if len(set(accounts[start:end].tolist())) < params.min_accounts:
            continue
        lo = np.searchsorted(times, times[start] - context, "left")
        hi = np.searchsorted(times, times[end - 1] + context, "right")
        share = (end - start) / (hi - lo)
        if share < params.burst_share:
            continue
        if spans and start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
            spans[-1][2] = max(spans[-1][2], share)
        else:
            spans.append([int(start), end, share, int(hi - lo)])
    return spans


def _evidence(sig: np.ndarray, first: PostRecord, share: float, context: int, params):
    """What the campaign page shows: thresholds, similarity figures, the first text."""
    similarity = (sig == sig[0]).mean(axis=1)[1:] if len(sig) > 1 else np.ones(1)
    bands, rows = sketch.bands(params.similarity_threshold, params.num_perm)
    return {
        "min_accounts": params.min_accounts,
        "window_minutes": params.window_minutes,
        "similarity_threshold": params.similarity_threshold,
        "similarity_to_first": {
            "min": round(float(similarity.min()), 3),
            "median": round(float(np.median(similarity)), 3),
            "max": round(float(similarity.max()), 3),
        },
        "burst_share": round(float(share), 3),
        "burst_share_threshold": params.burst_share,
        "context_hours": params.context_hours,
        "context_posts": context,
        "shingle_words": params.shingle_words,
        "num_perm": params.num_perm,
        "lsh_bands": bands,
        "lsh_rows": rows,
        "first_status_id": first.status_id,
        "sample_text": first.text[:SAMPLE_CHARS],
    }


def near_duplicate_campaigns(
    posts: Sequence[PostRecord], params: CoordinationParams
) -> list[CampaignFinding]:
    """Campaigns of near-duplicate posts in ``posts`` (sorted by status id)."""
    usable, sig, labels = _groups(posts, params)
    if not usable:
        return []
    sizes = np.bincount(labels)
    by_label = np.argsort(labels, kind="stable")
    ends = np.cumsum(sizes)
    found = []
    for label in np.flatnonzero(sizes >= params.min_accounts):
        members = by_label[ends[label] - sizes[label] : ends[label]]
        times = np.array([usable[k].created_at for k in members])
        order = np.lexsort((members, times))
        members, times = members[order], times[order]
        accounts = np.array([usable[k].account_id for k in members])
        for start, end, share, context in _bursts(times, accounts, params):
            burst = members[start:end]
            group = [usable[k] for k in burst]
            evidence = _evidence(sig[burst], group[0], share, context, params)
            found.append(make_finding(NEAR_DUPLICATE, group, evidence))
    return found
