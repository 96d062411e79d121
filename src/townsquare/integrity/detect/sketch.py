"""MinHash signatures of many short texts at once, and LSH candidate pairs among them.

The signatures are exactly datasketch's ``MinHash`` (affine32 scheme: a MurmurHash3
finalizer over a 32-bit shingle hash, then affine permutations drawn by datasketch from the
seed), computed for a whole batch of posts with numpy instead of one Python object per post;
the banding (rows per band, number of bands) is the one datasketch's ``MinHashLSH`` picks
for the threshold. tests/integrity/test_coordination.py checks both against datasketch.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

_URL = re.compile(r"https?://([^\s?#]+)\S*")
_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")
_MULT = np.uint32(0x9E3779B1)  # golden-ratio multiplier: combines token hashes of a shingle
_CHUNK = 200_000  # shingles per numpy block: bounds the (shingles x permutations) matrix


def tokens(text: str, *, mask_digits: bool = False) -> list[str]:
    """Lower-cased words of ``text``; a link becomes one token (host and path, no query)."""
    text = _URL.sub(lambda m: " " + m.group(1).rstrip("/").replace("/", "_") + " ", text.lower())
    if mask_digits:
        text = _DIGITS.sub("0", text)
    return _WORD.findall(text)


def shingle_hashes(words: Sequence[str], size: int) -> np.ndarray:
    """32-bit hashes of the ``size``-word shingles of ``words`` (the whole text if shorter)."""
    hashes = np.fromiter((zlib.crc32(w.encode()) for w in words), np.uint32, len(words))
    if len(hashes) <= size:
        size = max(len(hashes), 1)
    combined = hashes[: len(hashes) - size + 1].copy()
    for offset in range(1, size):
        combined = combined * _MULT ^ hashes[offset : len(hashes) - size + 1 + offset]
    return combined


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine permutation parameters (a, b) for ``num_perm`` and ``seed``."""
    a, b = MinHash(num_perm=num_perm, seed=seed).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


@lru_cache(maxsize=8)
def bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH picks for ``threshold``.

    False negatives weigh more than false positives: every candidate pair is verified on
    its estimated Jaccard afterwards, a missed pair is lost for good.
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.2, 0.8))
    return lsh.b, lsh.r


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch applies it before permuting."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def signatures(shingles: Iterable[np.ndarray], num_perm: int, seed: int) -> np.ndarray:
    """One MinHash signature row (uint32) per shingle array, in order."""
    parts = list(shingles)
    out = np.empty((len(parts), num_perm), dtype=np.uint32)
    if not parts:
        return out
    a, b = permutations(num_perm, seed)
    lengths = np.fromiter((len(p) for p in parts), np.int64, len(parts))
    flat = _fmix32(np.concatenate(parts))
    ends = np.cumsum(lengths)
    starts = ends - lengths
    first = 0
    while first < len(parts):
        last = int(np.searchsorted(ends, ends[first] - lengths[first] + _CHUNK, "right"))
        last = max(last, first + 1)
        lo, hi = int(starts[first]), int(ends[last - 1])
        with np.errstate(over="ignore"):
            permuted = flat[lo:hi, None] * a + b
        out[first:last] = np.minimum.reduceat(permuted, starts[first:last] - lo, axis=0)
        first = last
    return out


def band_keys(sig: np.ndarray, rows: int, band: int) -> np.ndarray:
    """A 64-bit key per signature for one LSH band (equal band values, equal key)."""
    key = np.zeros(len(sig), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in sig[:, band * rows : (band + 1) * rows].T:
            key = key * np.uint64(0x100000001B3) ^ column.astype(np.uint64)
    return key


def similar_pairs(
    sig: np.ndarray, threshold: float, groups: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i, j, estimated Jaccard) of rows sharing an LSH bucket with Jaccard >= threshold.

    Within a bucket every row is compared with the bucket's first row and with the row
    before it (rows in index order), which links a bucket into one component without
    comparing all its pairs. ``groups`` (e.g. account ids) keeps buckets within a group.
    """
    n_bands, rows = bands(threshold, sig.shape[1])
    found_i, found_j, found_s = [], [], []
    order_base = np.arange(len(sig))
    for band in range(n_bands):
        key = band_keys(sig, rows, band)
        if groups is not None:
            key = key ^ (groups.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
        order = np.lexsort((order_base, key))
        k = key[order]
        same = k[1:] == k[:-1]
        if not same.any():
            continue
        starts = np.flatnonzero(np.concatenate(([True], ~same)))
        leader = order[starts[np.cumsum(np.concatenate(([True], ~same))) - 1]]
        for left in (leader[1:], order[:-1]):
            i, j = left[same], order[1:][same]
            i, j = i[i != j], j[i != j]
            score = (sig[i] == sig[j]).mean(axis=1)
            keep = score >= threshold
            found_i.append(i[keep])
            found_j.append(j[keep])
            found_s.append(score[keep])
    if not found_i:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0)
    return np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_s)
