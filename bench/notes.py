"""Community notes scoring benchmark: ``make bench-notes`` (``python -m bench.notes``).

1. The fit alone on generated two-camp data (20,000 raters, 10,000 notes, 1,000,000
   ratings): wall time, peak memory (tracemalloc's peak of traced allocations during the fit,
   and the process's maximum resident set size), iterations, and the confusion of the
   statuses against the generator's truth.
2. The whole periodic job on SQLite with the same data seeded in the database: load, fit in
   a worker thread, write; plus the longest the event loop went without running a 10 ms
   ticker meanwhile (what a request would wait at worst).

Writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import resource
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

from bench.docs import write_section
from townsquare.db import Database
from townsquare.demo.bulk import bulk_insert
from townsquare.ids import new_id
from townsquare.migrate import upgrade
from townsquare.models import Account, Note, NoteRating, Status
from townsquare.models.base import utcnow
from townsquare.notes import scoring, synthetic
from townsquare.notes.constants import MISLEADING, STATUSES
from townsquare.notes.job import run_scoring
from townsquare.settings import Settings

TARGET_SECONDS, TARGET_BYTES = 60.0, 2 * 1024**3
ANSWERS = {1.0: "helpful", 0.5: "somewhat_helpful", 0.0: "not_helpful"}


def log(message: str) -> None:
    print(message, flush=True)


def max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def bench_fit(community: synthetic.Community) -> dict[str, Any]:
    notes = len(community.note_kinds)
    tracemalloc.start()
    started = time.perf_counter()
    scores = scoring.score(
        np.arange(notes), community.rating_notes, community.rating_raters, community.values
    )
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    confusion = np.zeros((len(synthetic.KINDS), len(STATUSES)), dtype=np.int64)
    np.add.at(confusion, (community.note_kinds, scores.note_statuses), 1)
    return {
        "seconds": seconds,
        "peak": peak,
        "rss": max_rss_bytes(),
        "iterations": scores.fit.iterations,
        "converged": scores.fit.converged,
        "objective": scores.fit.objective,
        "ratings_used": scores.ratings_used,
        "confusion": confusion,
    }


def _rows(community: synthetic.Community) -> dict[str, list[dict[str, Any]]]:
    old = utcnow() - timedelta(days=30)
    raters = [
        {"id": new_id(), "username": f"r{i}", "username_lower": f"r{i}", "created_at": old}
        for i in range(len(community.rater_camps))
    ]
    poster = {"id": new_id(), "username": "poster", "username_lower": "poster", "created_at": old}
    writer = {"id": new_id(), "username": "writer", "username_lower": "writer", "created_at": old}
    notes = len(community.note_kinds)
    statuses = [{"id": new_id(), "account_id": poster["id"], "text": "claim"} for _ in range(notes)]
    note_rows = [
        {"id": new_id(), "status_id": s["id"], "account_id": writer["id"],
         "classification": MISLEADING, "reasons": ["factual_error"], "text": "context",
         "sources": ["https://example.org"], "status": "needs_more_ratings", "ratings_count": 0}
        for s in statuses
    ]  # fmt: skip
    ratings = [
        {"id": new_id(), "note_id": note_rows[n]["id"], "account_id": raters[r]["id"],
         "helpfulness": ANSWERS[v], "value": v, "helpful_tags": [], "not_helpful_tags": []}
        for r, n, v in zip(
            community.rating_raters.tolist(), community.rating_notes.tolist(),
            community.values.tolist(), strict=True,
        )
    ]  # fmt: skip
    return {"accounts": [*raters, poster, writer], "statuses": statuses, "notes": note_rows,
            "ratings": ratings}  # fmt: skip


async def seed(db: Database, community: synthetic.Community) -> float:
    started = time.perf_counter()
    rows = _rows(community)
    async with db.session() as session:
        for model, key in ((Account, "accounts"), (Status, "statuses"), (Note, "notes"),
                           (NoteRating, "ratings")):  # fmt: skip
            await bulk_insert(session, model, rows[key])
        await session.commit()
    return time.perf_counter() - started


async def bench_job(community: synthetic.Community) -> dict[str, Any]:
    """The periodic job on SQLite, with a ticker measuring event-loop stalls."""
    with tempfile.TemporaryDirectory(prefix="townsquare-bench-notes-") as folder:
        settings = Settings(data_dir=Path(folder), database_url=None)
        upgrade(settings)
        db = Database(settings)
        seconds_seeding = await seed(db, community)
        log(f"  seeded {len(community.values):,} ratings in {seconds_seeding:.1f} s")
        longest, stop = 0.0, asyncio.Event()

        async def ticker() -> None:
            nonlocal longest
            last = time.perf_counter()
            while not stop.is_set():
                await asyncio.sleep(0.01)
                now = time.perf_counter()
                longest = max(longest, now - last - 0.01)
                last = now

        ticking = asyncio.create_task(ticker())
        started = time.perf_counter()
        summary = await run_scoring(db, settings)
        seconds = time.perf_counter() - started
        stop.set()
        await ticking
        await db.dispose()
    return {"seconds": seconds, "stall": longest, "changes": summary.status_changes}


def report(args: argparse.Namespace, fit: dict[str, Any], job: dict[str, Any] | None) -> str:
    confusion = fit["confusion"]
    lines = [
        "## Community notes scoring (`make bench-notes`)",
        "",
        f"Generated two-camp data: {args.raters:,} raters, {args.notes:,} notes, "
        f"{args.ratings:,} ratings; {platform.processor() or platform.machine()}, "
        f"{time.strftime('%Y-%m-%d')}. Targets: fit <= {TARGET_SECONDS:.0f} s, <= 2 GB.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| fit time (filters + ALS + statuses) | {fit['seconds']:.2f} s |",
        f"| iterations (converged: {fit['converged']}) | {fit['iterations']} |",
        f"| objective J at the end | {fit['objective']:.5f} |",
        f"| ratings in the fit | {fit['ratings_used']:,} |",
        f"| peak traced memory during the fit (tracemalloc) | {fit['peak'] / 1e6:,.0f} MB |",
        f"| process max RSS after the fit (getrusage) | {fit['rss'] / 1e6:,.0f} MB |",
    ]
    if job is not None:
        lines += [
            f"| whole job on SQLite: load + fit + write | {job['seconds']:.2f} s |",
            f"| longest event-loop stall during the job | {job['stall'] * 1000:.0f} ms |",
            f"| status changes written (first run) | {job['changes']:,} |",
        ]
    lines += ["", "Status (columns) against the generator's truth (rows):", ""]
    lines += ["| truth | " + " | ".join(STATUSES) + " |", "|---|" + "---|" * len(STATUSES)]
    for k, kind in enumerate(synthetic.KINDS):
        expected = synthetic.EXPECTED_STATUS[kind]
        lines.append(f"| {kind} (expected {expected}) | "
                     + " | ".join(f"{int(v):,}" for v in confusion[k]) + " |")  # fmt: skip
    return "\n".join(lines)


async def main(args: argparse.Namespace) -> int:
    log(f"generating {args.raters:,} raters, {args.notes:,} notes, {args.ratings:,} ratings")
    community = synthetic.generate(args.raters, args.notes, args.ratings)
    log("fitting")
    fit = bench_fit(community)
    log(f"  fit {fit['seconds']:.2f} s, {fit['iterations']} iterations, "
        f"peak {fit['peak'] / 1e6:,.0f} MB traced, max RSS {fit['rss'] / 1e6:,.0f} MB")  # fmt: skip
    job = None
    if not args.no_job:
        log("running the scoring job on SQLite")
        job = await bench_job(community)
        log(f"  job {job['seconds']:.2f} s, longest loop stall {job['stall'] * 1000:.0f} ms")
    markdown = report(args, fit, job)
    print(markdown)
    if args.write_docs:
        write_section("notes", markdown)
    ok = fit["seconds"] <= TARGET_SECONDS and max(fit["peak"], fit["rss"]) <= TARGET_BYTES
    log("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--raters", type=int, default=20_000)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--ratings", type=int, default=1_000_000)
    parser.add_argument("--no-job", action="store_true", help="Only the fit, no database.")
    parser.add_argument("--no-docs", dest="write_docs", action="store_false")
    return parser.parse_args()


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(parse_args())))
