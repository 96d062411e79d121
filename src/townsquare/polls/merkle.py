"""The published Merkle tree over a poll's ballots (SHA-256), its proofs and their checks.

Encoding (docs/polls.md repeats it for independent verifiers):

- ``receipt_hash = SHA-256(receipt as ASCII)``; the receipt is the voter's random secret.
- ``leaf = SHA-256(0x00 || receipt_hash || choices)``, ``choices`` being one byte per chosen
  option index, ascending. Nothing in a leaf identifies the voter.
- Leaves are ordered by their hash (ascending bytes), so their order reveals nothing either.
- ``node = SHA-256(0x01 || left || right)``; on a level with an odd number of nodes the last
  one is carried up unchanged (never duplicated, so no two trees share a root that way).
- The root of no leaves is ``SHA-256("")``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"


def receipt_hash(receipt: str) -> bytes:
    return hashlib.sha256(receipt.encode("ascii")).digest()


def leaf_hash(receipt_digest: bytes, choices: Iterable[int]) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + receipt_digest + bytes(sorted(choices))).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def levels(leaves: Sequence[bytes]) -> list[list[bytes]]:
    """Every level of the tree, the leaves first and the root last."""
    if not leaves:
        return [[hashlib.sha256(b"").digest()]]
    tree = [list(leaves)]
    sha = hashlib.sha256
    while len(tree[-1]) > 1:
        below = tree[-1]
        above = [
            sha(NODE_PREFIX + below[i] + below[i + 1]).digest() for i in range(0, len(below) - 1, 2)
        ]
        if len(below) % 2:
            above.append(below[-1])
        tree.append(above)
    return tree


def root(leaves: Sequence[bytes]) -> bytes:
    return levels(leaves)[-1][0]


@dataclass(frozen=True)
class ProofStep:
    """A sibling on the way up: ``side`` is where the sibling sits ("left" or "right")."""

    side: str
    hash: bytes


def proof(tree: list[list[bytes]], index: int) -> list[ProofStep]:
    """The siblings from leaf ``index`` up to the root (levels where it is carried up add none)."""
    steps = []
    for level in tree[:-1]:
        sibling = index ^ 1
        if sibling < len(level):
            steps.append(ProofStep("left" if sibling < index else "right", level[sibling]))
        index //= 2
    return steps


def verify_proof(leaf: bytes, steps: Sequence[ProofStep], expected_root: bytes) -> bool:
    """Whether ``steps`` lead from ``leaf`` to ``expected_root``."""
    current = leaf
    for step in steps:
        if step.side == "left":
            current = node_hash(step.hash, current)
        elif step.side == "right":
            current = node_hash(current, step.hash)
        else:
            return False
    return current == expected_root


def choices_from_mask(mask: int) -> list[int]:
    """Option indexes of a ballot's bit set, ascending."""
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


def mask_from_choices(choices: Iterable[int]) -> int:
    mask = 0
    for choice in choices:
        mask |= 1 << choice
    return mask
