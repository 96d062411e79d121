"""Candidates as columns: a ranking run works on arrays, not on one object per post."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from townsquare.ids import id_floor

HOUR_MS = 3_600_000
# Columns that hold ids or milliseconds: 64-bit integers, written as strings in JSON.
INT_COLUMNS = frozenset({"author_id", "content_id", "created_ms"})


@dataclass(frozen=True)
class Candidate:
    """A status a source proposes, and which source proposed it."""

    status_id: int
    source: str


@dataclass(frozen=True)
class FeedQuery:
    """Who the ranking is for and when: the same query gives the same ranking."""

    viewer_id: int
    now_ms: int
    params: Mapping[str, float] = field(default_factory=dict)
    fanout_threshold: int = 1000
    max_id: int | None = None  # chronological feeds page on status ids

    def param(self, name: str, default: float) -> float:
        return float(self.params.get(name, default))

    def count(self, name: str, default: int) -> int:
        return int(self.params.get(name, default))

    def cutoff_id(self, hours: float) -> int:
        """The smallest status id created within the last ``hours``."""
        return id_floor(int(self.now_ms - hours * HOUR_MS))


@dataclass
class Pool:
    """Candidates in arrival order with one array per column (hydrated values)."""

    status_ids: np.ndarray
    sources: np.ndarray
    columns: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def from_candidates(cls, candidates: Sequence[Candidate]) -> Pool:
        ids = np.fromiter((c.status_id for c in candidates), dtype=np.int64, count=len(candidates))
        sources = np.array([c.source for c in candidates], dtype=object)
        return cls(ids, sources)

    def __len__(self) -> int:
        return len(self.status_ids)

    def take(self, index: np.ndarray) -> Pool:
        """The candidates at ``index`` (a boolean mask or integer positions), columns too."""
        columns = {name: values[index] for name, values in self.columns.items()}
        return Pool(self.status_ids[index], self.sources[index], columns)

    def column(self, name: str) -> np.ndarray:
        return self.columns[name]

    def row(self, position: int) -> dict[str, Any]:
        """One candidate's raw inputs, as plain JSON values (for receipts and replay)."""
        values: dict[str, Any] = {
            "status_id": str(int(self.status_ids[position])),
            "source": str(self.sources[position]),
        }
        for name in sorted(self.columns):
            value = self.columns[name][position]
            values[name] = str(int(value)) if name in INT_COLUMNS else _plain(value)
        return values

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> Pool:
        """Rebuild a pool from ``row`` dicts (the inverse of ``row``), for replay."""
        pool = cls.from_candidates([Candidate(int(r["status_id"]), str(r["source"])) for r in rows])
        for name in names:
            if name in INT_COLUMNS:
                pool.columns[name] = np.array([int(r[name]) for r in rows], dtype=np.int64)
            else:
                pool.columns[name] = np.array([float(r[name]) for r in rows], dtype=np.float64)
        return pool


def _plain(value: Any) -> Any:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        number = float(value)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    return value
