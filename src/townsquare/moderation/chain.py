"""The transparency log's hash chain: the canonical encoding, the hash, and verification.

Each entry's hash is SHA-256 over the canonical JSON of its published fields plus the
previous entry's hash: keys sorted, no whitespace, UTF-8, every value a string except
``seq`` (an integer). The first entry's ``prev_hash`` is 64 zeros. Anyone holding the
public log can recompute every hash; see docs/moderation.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

GENESIS = "0" * 64
HASHED_FIELDS = (
    "seq",
    "time",
    "action",
    "action_id",
    "target_type",
    "target_id",
    "rule",
    "legal_basis",
    "reason",
    "prev_hash",
)


def canonical(entry: Mapping[str, Any]) -> bytes:
    """The bytes that are hashed: the hashed fields as compact JSON with sorted keys."""
    return orjson.dumps({k: entry[k] for k in HASHED_FIELDS}, option=orjson.OPT_SORT_KEYS)


def entry_hash(entry: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


@dataclass(frozen=True)
class Verdict:
    """How a chain checked out: entries checked and, if any, the first bad one and why."""

    checked: int
    first_bad_seq: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


def verify(entries: Iterable[Mapping[str, Any]]) -> Verdict:
    """Recompute the chain over ``entries`` in ascending order; stop at the first mismatch."""
    expected_seq, previous = 1, GENESIS
    checked = 0
    sha256, dumps, sort = hashlib.sha256, orjson.dumps, orjson.OPT_SORT_KEYS
    for entry in entries:
        seq = entry.get("seq")
        if seq != expected_seq:
            return Verdict(checked, expected_seq, _seq_problem(seq, expected_seq))
        if entry.get("prev_hash") != previous:
            return Verdict(checked, expected_seq, f"entry {seq}: prev_hash does not match")
        try:
            digest = sha256(dumps({k: entry[k] for k in HASHED_FIELDS}, option=sort)).hexdigest()
        except (KeyError, TypeError):
            return Verdict(checked, expected_seq, f"entry {seq}: a hashed field is missing")
        if entry.get("hash") != digest:
            return Verdict(checked, expected_seq, f"entry {seq}: hash does not match its content")
        previous, expected_seq, checked = digest, expected_seq + 1, checked + 1
    return Verdict(checked)


def _seq_problem(seq: Any, expected: int) -> str:
    return f"entry {expected} expected, found {seq!r}: an entry was deleted, added or moved"
