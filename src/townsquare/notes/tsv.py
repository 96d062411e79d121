"""Read the public Community Notes download files (TSV) and write scored notes.

The layout is the one documented in twitter/communitynotes
(``documentation/under-the-hood/download-data.md``) and read by its scorer
(``scoring/src/scoring/constants.py``): tab-separated, one header row, no quoting. Only the
columns the model needs are read; every other column is ignored, and a missing required
column is named in the error.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from townsquare.notes.constants import STATUSES
from townsquare.notes.scoring import Scores

# Rater and author columns: the scorer's names first, the documentation's generic one second.
NOTE_COLUMNS: dict[str, tuple[str, ...]] = {
    "noteId": ("noteId",),
    "classification": ("classification",),
}
RATING_COLUMNS: dict[str, tuple[str, ...]] = {
    "noteId": ("noteId",),
    "rater": ("raterParticipantId", "participantId"),
}
LEVELS = {"HELPFUL": 1.0, "SOMEWHAT_HELPFUL": 0.5, "NOT_HELPFUL": 0.0}
# The reference's status names, so that output compares directly with its scored notes.
PUBLIC_STATUS = {
    "helpful": "CURRENTLY_RATED_HELPFUL",
    "not_helpful": "CURRENTLY_RATED_NOT_HELPFUL",
    "needs_more_ratings": "NEEDS_MORE_RATINGS",
}
OUTPUT_HEADER = ("noteId", "noteIntercept", "noteFactor", "ratingsCount", "status")


class TsvFormatError(ValueError):
    """A file that is not in the public format; the message names the file and the column."""


@dataclass
class Ratings:
    note_ids: np.ndarray  # int64
    rater_ids: np.ndarray  # str
    values: np.ndarray  # float64


def _rows(handle: TextIO) -> Iterator[list[str]]:
    csv.field_size_limit(sys.maxsize)
    return csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _locate(path: Path, header: Sequence[str], wanted: dict[str, tuple[str, ...]]):
    """Column positions of the wanted fields; the first missing one is named in the error."""
    positions = {}
    for field, names in wanted.items():
        found = next((header.index(name) for name in names if name in header), None)
        if found is None:
            alternatives = " (or ".join(names) + ")" * (len(names) - 1)
            raise TsvFormatError(f"{path.name}: missing required column {alternatives}")
        positions[field] = found
    return positions


def _header(path: Path, rows: Iterator[list[str]]) -> list[str]:
    header = next(rows, None)
    if not header:
        raise TsvFormatError(f"{path.name}: the file is empty (expected a header row)")
    return [name.strip() for name in header]


def _note_id(path: Path, line: int, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise TsvFormatError(f"{path.name}, line {line}: noteId {text!r} is not a number") from None


def read_notes(path: Path) -> np.ndarray:
    """The note ids of a notes file (``noteId`` and ``classification`` are required)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = _rows(handle)
        at = _locate(path, _header(path, rows), NOTE_COLUMNS)
        ids = [
            _note_id(path, line, row[at["noteId"]]) for line, row in enumerate(rows, start=2) if row
        ]
    return np.array(ids, dtype=np.int64)


def _legacy_value(row: list[str], helpful: int | None, not_helpful: int | None) -> float | None:
    """The 2021 two-answer form: helpful=1 is 1.0, notHelpful=1 is 0.0."""
    if helpful is not None and helpful < len(row) and row[helpful].strip() == "1":
        return 1.0
    if not_helpful is not None and not_helpful < len(row) and row[not_helpful].strip() == "1":
        return 0.0
    return None


def read_ratings(path: Path) -> Ratings:
    """Ratings as (noteId, rater, helpful score); rows with no answer are skipped.

    ``helpfulnessLevel`` (HELPFUL / SOMEWHAT_HELPFUL / NOT_HELPFUL) wins; older rows use the
    deprecated ``helpful`` / ``notHelpful`` columns. One of the two forms must be present.
    """
    notes: list[int] = []
    raters: list[str] = []
    values: list[float] = []
    with path.open(newline="", encoding="utf-8") as handle:
        rows = _rows(handle)
        header = _header(path, rows)
        at = _locate(path, header, RATING_COLUMNS)
        level = header.index("helpfulnessLevel") if "helpfulnessLevel" in header else None
        helpful = header.index("helpful") if "helpful" in header else None
        not_helpful = header.index("notHelpful") if "notHelpful" in header else None
        if level is None and (helpful is None or not_helpful is None):
            raise TsvFormatError(
                f"{path.name}: missing required column helpfulnessLevel "
                "(or the older helpful and notHelpful)"
            )
        width = max(at.values())
        for line, row in enumerate(rows, start=2):
            if len(row) <= width:
                continue
            value = (
                LEVELS.get(row[level].strip()) if level is not None and level < len(row) else None
            )
            if value is None:
                value = _legacy_value(row, helpful, not_helpful)
            if value is None:
                continue
            notes.append(_note_id(path, line, row[at["noteId"]]))
            raters.append(row[at["rater"]])
            values.append(value)
    return Ratings(np.array(notes, dtype=np.int64), np.array(raters, dtype=str), np.array(values))


def _number(value: float) -> str:
    return "" if np.isnan(value) else f"{value:.6f}"


def write_scores(path: Path, scores: Scores) -> int:
    """One row per note: noteId, noteIntercept, noteFactor, ratingsCount, status."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(OUTPUT_HEADER)
        for position, note_id in enumerate(scores.note_ids.tolist()):
            writer.writerow((
                note_id,
                _number(float(scores.note_intercepts[position])),
                _number(float(scores.note_factors[position])),
                int(scores.note_ratings[position]),
                PUBLIC_STATUS[STATUSES[int(scores.note_statuses[position])]],
            ))  # fmt: skip
    return len(scores.note_ids)
