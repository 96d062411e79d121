"""Checking a published tally offline: recompute the totals and the Merkle root from the leaves,
and a receipt's inclusion proof. Used by ``townsquare polls verify``; needs only HTTP."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson

from townsquare.polls import merkle


class SourceError(Exception):
    """A tally or leaves file that cannot be read."""


@dataclass
class Verdict:
    """What was checked: ``problems`` is empty when everything matched."""

    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def fetch_bytes(source: str, timeout: float = 60.0) -> bytes:
    """The content of an http(s) URL or a local file."""
    try:
        if source.startswith(("http://", "https://")):
            response = httpx.get(source, timeout=timeout, follow_redirects=True)
            if response.status_code != 200:
                raise SourceError(f"{source}: HTTP {response.status_code} {response.text[:200]}")
            return response.content
        return Path(source.removeprefix("file://")).read_bytes()
    except (httpx.HTTPError, OSError) as error:
        raise SourceError(f"{source}: {error}") from None


def parse_leaves(content: bytes) -> list[tuple[bytes, list[int]]]:
    """(receipt_hash, choices) per NDJSON line."""
    leaves = []
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = orjson.loads(line)
            leaves.append((bytes.fromhex(item["receipt_hash"]), [int(c) for c in item["choices"]]))
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            raise SourceError(f"leaves line {number} is not a leaf") from None
    return leaves


def check(
    tally: dict[str, Any], leaves: list[tuple[bytes, list[int]]], receipt: str | None
) -> Verdict:
    """Recompute everything ``tally`` claims from ``leaves``; check ``receipt`` if given."""
    verdict = Verdict()
    options = tally.get("options") or []
    hashes = [merkle.leaf_hash(digest, choices) for digest, choices in leaves]
    _check_leaves(verdict, leaves, hashes, len(options), bool(tally.get("multiple")))
    _check_totals(verdict, tally, leaves, options)
    tree = merkle.levels(hashes)
    root = tree[-1][0].hex()
    if root == tally.get("merkle_root"):
        verdict.checked.append(f"merkle root {root} matches {len(hashes)} leaves")
    else:
        verdict.problems.append(
            f"merkle root mismatch: published {tally.get('merkle_root')}, recomputed {root}"
        )
    if receipt is not None:
        _check_receipt(verdict, leaves, tree, receipt, root)
    return verdict


def _check_leaves(
    verdict: Verdict,
    leaves: list[tuple[bytes, list[int]]],
    hashes: list[bytes],
    option_count: int,
    multiple: bool,
) -> None:
    if any(a >= b for a, b in itertools.pairwise(hashes)):
        verdict.problems.append("leaves are not in strictly ascending hash order")
    for digest, choices in leaves:
        valid = (
            len(digest) == 32
            and choices
            and len(set(choices)) == len(choices)
            and all(0 <= c < option_count for c in choices)
            and (multiple or len(choices) == 1)
        )
        if not valid:
            verdict.problems.append(f"invalid ballot {digest.hex()}: choices {choices}")


def _check_totals(
    verdict: Verdict,
    tally: dict[str, Any],
    leaves: Iterable[tuple[bytes, list[int]]],
    options: list[Any],
) -> None:
    counts = [0] * len(options)
    voters = votes = 0
    for _digest, choices in leaves:
        voters += 1
        for choice in choices:
            if 0 <= choice < len(counts):
                counts[choice] += 1
                votes += 1
    published = [option.get("votes_count") for option in options]
    claims = {"voters_count": voters, "votes_count": votes}
    for name, value in claims.items():
        if tally.get(name) != value:
            verdict.problems.append(
                f"{name} mismatch: published {tally.get(name)}, counted {value}"
            )
    if published != counts:
        verdict.problems.append(f"option totals mismatch: published {published}, counted {counts}")
    else:
        verdict.checked.append(f"totals match: {counts} from {voters} ballots")


def _check_receipt(
    verdict: Verdict,
    leaves: list[tuple[bytes, list[int]]],
    tree: list[list[bytes]],
    receipt: str,
    root: str,
) -> None:
    digest = merkle.receipt_hash(receipt)
    index = next((i for i, (d, _) in enumerate(leaves) if d == digest), None)
    if index is None:
        verdict.problems.append("the receipt is not among the leaves")
        return
    leaf = tree[0][index]
    steps = merkle.proof(tree, index)
    if merkle.verify_proof(leaf, steps, bytes.fromhex(root)):
        verdict.checked.append(
            f"receipt included at leaf {index} with choices {leaves[index][1]} "
            f"({len(steps)}-step proof)"
        )
    else:
        verdict.problems.append("the receipt's inclusion proof does not lead to the root")


def verify(source: str, receipt: str | None = None, leaves_source: str | None = None) -> Verdict:
    """Download (or read) the tally and its leaves, and check them."""
    try:
        tally = orjson.loads(fetch_bytes(source))
    except orjson.JSONDecodeError:
        raise SourceError(f"{source}: not a JSON tally") from None
    if not isinstance(tally, dict):
        raise SourceError(f"{source}: not a JSON tally")
    leaves_at = leaves_source or tally.get("leaves_url")
    if not isinstance(leaves_at, str):
        raise SourceError("the tally names no leaves_url; pass --leaves")
    return check(tally, parse_leaves(fetch_bytes(leaves_at)), receipt)
