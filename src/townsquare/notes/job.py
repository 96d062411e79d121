"""The scoring run: load every rating, fit off the event loop, write scores in one transaction.

Scoring never blocks the API: ratings are read in keyset-paged chunks (on SQLite each chunk
runs on the event loop, so requests interleave between chunks), the fit runs in a worker
thread (``asyncio.to_thread``; numpy releases the GIL in its kernels), and the results are
written in one short transaction: changed notes, one status-history row per status change,
the rater scores and a run record.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from townsquare.db import Database
from townsquare.models import NoteScoringRun
from townsquare.models.base import utcnow
from townsquare.notes import repository, scoring
from townsquare.notes.constants import STATUSES
from townsquare.settings import Settings
from townsquare.worker.job import PeriodicJob

# (stage, done, total): stages are "load", "fit" and "write"; total may be None.
Report = Callable[[str, int, int | None], None]


@dataclass
class RunSummary:
    ratings: int
    notes: int
    status_changes: int
    seconds: float
    run: NoteScoringRun


def _nothing(_stage: str, _done: int, _total: int | None) -> None:
    return None


async def _load(db: Database, report: Report):
    async with db.session() as session:
        note_ids, statuses = await repository.note_states(session)
        parts: list[repository.RatingChunk] = []
        loaded = 0
        async for chunk in repository.rating_chunks(session):
            parts.append(chunk)
            loaded += len(chunk[0])
            report("load", loaded, None)
            await asyncio.sleep(0)  # let waiting requests run between chunks
    if parts:
        columns = [np.concatenate([part[i] for part in parts]) for i in range(3)]
    else:
        columns = [np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)]
    return note_ids, statuses, columns


def _note_rows(scores: scoring.Scores, previous: list[str], now: Any):
    """Update rows for every note, and history rows for those whose status changed."""
    updates, changes = [], []
    for position, note_id in enumerate(scores.note_ids.tolist()):
        intercept = float(scores.note_intercepts[position])
        factor = float(scores.note_factors[position])
        fitted = not np.isnan(intercept)
        status = STATUSES[int(scores.note_statuses[position])]
        updates.append({
            "note_id": note_id,
            "status": status,
            "intercept": intercept if fitted else None,
            "factor": factor if fitted else None,
            "ratings_count": int(scores.note_ratings[position]),
            "scored_at": now,
        })  # fmt: skip
        if status != previous[position]:
            changes.append({
                "note_id": note_id, "status": status, "previous_status": previous[position],
                "intercept": intercept if fitted else None, "factor": factor if fitted else None,
                "created_at": now,
            })  # fmt: skip
    return updates, changes


def _rater_rows(scores: scoring.Scores, now: Any) -> list[dict[str, Any]]:
    rows = []
    for position, rater_id in enumerate(scores.rater_ids.tolist()):
        intercept = float(scores.rater_intercepts[position])
        fitted = not np.isnan(intercept)
        rows.append({
            "account_id": rater_id,
            "intercept": intercept if fitted else None,
            "factor": float(scores.rater_factors[position]) if fitted else None,
            "ratings_used": int(scores.rater_ratings_used[position]),
            "scored_at": now,
        })  # fmt: skip
    return rows


def _run_record(scores: scoring.Scores, ratings: int, seconds: float) -> NoteScoringRun:
    fit = scores.fit
    return NoteScoringRun(
        global_intercept=scores.global_intercept,
        ratings=ratings,
        ratings_used=scores.ratings_used,
        notes_scored=int(np.count_nonzero(~np.isnan(scores.note_intercepts))),
        raters_used=int(np.count_nonzero(scores.rater_ratings_used)),
        objective=fit.objective,
        iterations=fit.iterations,
        seconds=seconds,
        details={"converged": fit.converged},
    )


async def run_scoring(
    db: Database, _settings: Settings | None = None, report: Report = _nothing
) -> RunSummary:
    """Score every note now and store the outcome."""
    started = time.perf_counter()
    note_ids, previous, (rating_notes, rating_raters, values) = await _load(db, report)

    def progress(iteration: int, _objective: float) -> None:
        report("fit", iteration, None)

    scores = await asyncio.to_thread(
        scoring.score, note_ids, rating_notes, rating_raters, values, progress
    )
    now = utcnow()
    updates, changes = _note_rows(scores, previous, now)
    raters = _rater_rows(scores, now)
    run = _run_record(scores, len(values), time.perf_counter() - started)
    report("write", 0, 1)
    async with db.writer("POST", "job: score community notes"), db.session() as session:
        await repository.save_note_scores(session, updates)
        await repository.add_status_changes(session, changes)
        await repository.replace_rater_scores(session, raters)
        await repository.add_run(session, run)
        await session.commit()
    report("write", 1, 1)
    return RunSummary(len(values), len(note_ids), len(changes), run.seconds, run)


async def _periodic(db: Database, settings: Settings) -> None:
    await run_scoring(db, settings)


def scoring_interval(settings: Settings) -> float:
    return settings.notes_scoring_interval_seconds


SCORE_NOTES = PeriodicJob("score-community-notes", _periodic, scoring_interval, timeout=1800.0)
