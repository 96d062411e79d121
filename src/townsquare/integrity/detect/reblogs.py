"""Synchronised reblog rings: accounts that keep reblogging the same posts within minutes of
each other, on several posts and on most of the posts they both reblogged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from townsquare.integrity.detect.campaign import SYNCHRONISED_REBLOGS, CampaignFinding, make_finding
from townsquare.integrity.detect.params import CoordinationParams
from townsquare.integrity.detect.records import PostRecord

MAX_LISTED_TARGETS = 50


def _sync_triples(reblogs: list[PostRecord], window: float) -> np.ndarray:
    """Unique (account a, account b, target) with a < b whose reblogs of target are at most
    ``window`` seconds apart."""
    target = np.fromiter((p.reblog_of_id or 0 for p in reblogs), np.int64, len(reblogs))
    times = np.fromiter((p.created_at for p in reblogs), float, len(reblogs))
    owner = np.fromiter((p.account_id for p in reblogs), np.int64, len(reblogs))
    order = np.lexsort((times, target))
    target, times, owner = target[order], times[order], owner[order]
    found = []
    left = np.arange(len(reblogs) - 1)
    offset = 1
    # Sorted by (target, time): once (i, i+k) is too far apart, so is (i, i+k+1).
    while len(left):
        right = left + offset
        ok = right < len(reblogs)
        left, right = left[ok], right[ok]
        ok = (target[right] == target[left]) & (times[right] - times[left] <= window)
        left, right = left[ok], right[ok]
        differ = owner[left] != owner[right]
        a, b = owner[left][differ], owner[right][differ]
        found.append(np.stack([np.minimum(a, b), np.maximum(a, b), target[left][differ]], 1))
        offset += 1
    if not found:
        return np.empty((0, 3), dtype=np.int64)
    return np.unique(np.concatenate(found), axis=0)


def _linked_pairs(triples: np.ndarray, reblogs: list[PostRecord], params: CoordinationParams):
    """Pairs in sync on at least m targets and on at least min_sync_share of their common
    targets, with (sync count, common count)."""
    pairs, counts = np.unique(triples[:, :2], axis=0, return_counts=True)
    candidates = pairs[counts >= params.min_shared_targets]
    synced = counts[counts >= params.min_shared_targets]
    involved = set(candidates.ravel().tolist())
    targets: dict[int, set[int]] = defaultdict(set)
    for p in reblogs:
        if p.account_id in involved:
            targets[p.account_id].add(p.reblog_of_id or 0)
    links = []
    for (a, b), sync in zip(candidates.tolist(), synced.tolist(), strict=True):
        common = len(targets[a] & targets[b])
        if sync / common >= params.min_sync_share:
            links.append((a, b, sync, common))
    return links


def _dense_core(members: list[int], neighbours: dict[int, set[int]], share: float) -> list[int]:
    """``members`` without those linked to fewer than ``share`` of the others, repeatedly:
    a ring links nearly everyone to everyone; a chain of look-alikes does not."""
    core = set(members)
    while True:
        weak = {m for m in core if len(neighbours[m] & core) < share * (len(core) - 1)}
        if not weak:
            return sorted(core)
        core -= weak


def _clusters(links: list[tuple[int, int, int, int]], params: CoordinationParams):
    """Groups of linked accounts whose dense core has at least ring_min_accounts members."""
    parent: dict[int, int] = {}
    neighbours: dict[int, set[int]] = defaultdict(set)

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _, _ in links:
        neighbours[a].add(b)
        neighbours[b].add(a)
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for x in sorted(parent):
        groups[root(x)].append(x)
    cores = [_dense_core(g, neighbours, params.ring_min_link_share) for g in groups.values()]
    return [core for core in cores if len(core) >= params.ring_min_accounts]


def _ring(cluster, triples, links, by_key, params) -> CampaignFinding:
    """The finding of one ring: its members' reblogs of the targets they synchronised on."""
    members = set(cluster)
    inside = np.isin(triples[:, 0], cluster) & np.isin(triples[:, 1], cluster)
    targets = sorted(set(triples[inside, 2].tolist()))
    rows = [p for t in targets for a in cluster for p in by_key.get((a, t), [])]
    spreads = []
    for t in targets:
        when = [p.created_at for a in cluster for p in by_key.get((a, t), [])]
        spreads.append((max(when) - min(when)) / 60)
    mine = [(s, c) for a, b, s, c in links if a in members and b in members]
    evidence: dict[str, Any] = {
        "reblog_window_minutes": params.reblog_window_minutes,
        "min_shared_targets": params.min_shared_targets,
        "min_sync_share": params.min_sync_share,
        "ring_min_accounts": params.ring_min_accounts,
        "ring_min_link_share": params.ring_min_link_share,
        "targets": len(targets),
        "target_status_ids": targets[:MAX_LISTED_TARGETS],
        "linked_pairs": len(mine),
        "median_pair_synced_targets": float(np.median([s for s, _ in mine])),
        "median_pair_sync_share": round(float(np.median([s / c for s, c in mine])), 3),
        "median_target_spread_minutes": round(float(np.median(spreads)), 2),
    }
    return make_finding(SYNCHRONISED_REBLOGS, rows, evidence)


def reblog_campaigns(
    posts: Sequence[PostRecord], params: CoordinationParams
) -> list[CampaignFinding]:
    """Rings of synchronised reblogs in ``posts`` (sorted by status id)."""
    reblogs = [p for p in posts if p.reblog_of_id is not None]
    triples = _sync_triples(reblogs, params.reblog_window_minutes * 60)
    if not len(triples):
        return []
    links = _linked_pairs(triples, reblogs, params)
    by_key: dict[tuple[int, int], list[PostRecord]] = defaultdict(list)
    linked = {a for a, *_ in links} | {b for _, b, *_ in links}
    for p in reblogs:
        if p.account_id in linked:
            by_key[(p.account_id, p.reblog_of_id or 0)].append(p)
    clusters = _clusters(links, params)
    return [_ring(c, triples, links, by_key, params) for c in clusters]
