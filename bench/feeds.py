"""``make bench-feeds``: following, for-you and bridging pages of 20 on one seeded database.

Seeds in bulk (as ``bench/seed.py`` does): 200,000 posts by 5,000 authors over 30 days,
1,000,000 likes by 20,000 accounts in two communities (so that the bridging model has
sides to find), a viewer following 1,000 authors. Runs the scoring job once, serves with
2 workers, then requests each feed's first page sequentially (one client, so that the
figures are per-request latency, not queueing) and reports p50 / p99 with ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import text

from bench.docs import write_section
from bench.run import log, pg_database, sqlite_database
from bench.seed import WORDS, _tokens, _users
from bench.server import Server
from townsquare.db import Database
from townsquare.demo.bulk import bulk_insert, fill_home_feeds
from townsquare.feeds import jobs
from townsquare.ids import new_id
from townsquare.migrate import upgrade
from townsquare.models import Account, Favourite, Follow, Status, User
from townsquare.settings import Settings

AUTHORS, LIKERS, POSTS, LIKES, FOLLOWED = 5000, 15000, 200_000, 1_000_000, 1000
WINDOW_MS = 30 * 86_400_000
FEEDS = {
    "following": "/api/v1/timelines/home?limit=20",
    "for-you": "/api/townsquare/v1/feeds/for-you/timeline?limit=20",
    "bridging": "/api/townsquare/v1/feeds/bridging/timeline?limit=20",
}


def _rows(scale: float) -> dict[str, list[dict]]:  # type: ignore[type-arg]
    rng, now = random.Random(7), int(time.time() * 1000)
    n = lambda count: max(1, int(count * scale))  # noqa: E731
    accounts = []
    for i, name in enumerate(
        [
            *(f"author{i}" for i in range(n(AUTHORS))),
            *(f"liker{i}" for i in range(n(LIKERS))),
            "viewer",
        ]
    ):
        created = datetime.fromtimestamp((now - WINDOW_MS - 86_400_000 + i) / 1000, UTC)
        accounts.append(
            {
                "id": new_id(now - WINDOW_MS - 86_400_000 + i),
                "username": name,
                "username_lower": name,
                "display_name": name,
                "note": "",
                "note_html": "",
                "fields": [],
                "created_at": created,
                "updated_at": created,
            }
        )
    authors, viewer = accounts[: n(AUTHORS)], accounts[-1]
    likers = accounts[:-1]
    follows = [
        {
            "id": new_id(now - WINDOW_MS + i),
            "account_id": viewer["id"],
            "target_account_id": a["id"],
        }
        for i, a in enumerate(authors[: n(FOLLOWED)])
    ]
    statuses, used = [], set()
    for _ in range(n(POSTS)):
        author = rng.choice(authors)
        at = now - rng.randint(1000, WINDOW_MS)
        status_id = new_id(at)
        while status_id in used:
            status_id += 1
        used.add(status_id)
        words = " ".join(rng.choices(WORDS, k=10))
        statuses.append(
            {
                "id": status_id,
                "account_id": author["id"],
                "text": words,
                "content": f"<p>{words}</p>",
                "visibility": "public",
                "language": "en",
                "conversation_id": status_id,
                "created_at": datetime.fromtimestamp(at / 1000, UTC),
            }
        )
    return {
        "accounts": accounts,
        "follows": follows,
        "statuses": statuses,
        "likes": _likes(rng, likers, statuses, authors, n(LIKES), now),
    }


def _likes(rng, likers, statuses, authors, count, now):  # type: ignore[no-untyped-def]
    """Two communities: each liker mostly likes posts by one half of the authors."""
    half = {a["id"]: i < len(authors) // 2 for i, a in enumerate(authors)}
    sides = (
        [s for s in statuses if half[s["account_id"]]],
        [s for s in statuses if not half[s["account_id"]]],
    )
    rows, seen = [], set()
    for i in range(count):
        liker = likers[i % len(likers)]
        side = (i % 2 == 0) != (rng.random() < 0.15)
        status = rng.choice(sides[0] if side else sides[1])
        if (liker["id"], status["id"]) in seen:
            continue
        seen.add((liker["id"], status["id"]))
        at = min(now, (status["id"] >> 16) + rng.randint(0, 86_400_000))
        rows.append(
            {
                "id": at << 16,
                "account_id": liker["id"],
                "status_id": status["id"],
                "created_at": datetime.fromtimestamp(at / 1000, UTC),
            }
        )
    rows.sort(key=lambda r: r["id"])
    last = 0
    for row in rows:  # time-ordered and unique, as new_id would make them
        row["id"] = last = max(row["id"], last + 1)
    counts = Counter(r["status_id"] for r in rows)
    for status in statuses:
        status["favourites_count"] = counts[status["id"]]
    return rows


async def seed(settings: Settings, scale: float) -> tuple[str, dict[str, int]]:
    rows = _rows(scale)
    ids = {r["id"] for r in rows["likes"]}
    assert len(ids) == len(rows["likes"]), "like ids collide"
    db = Database(settings)
    try:
        async with db.session() as session:
            await bulk_insert(session, Account, rows["accounts"])
            await bulk_insert(session, User, _users(rows["accounts"][-1:]))
            await bulk_insert(session, Follow, rows["follows"])
            await bulk_insert(session, Status, sorted(rows["statuses"], key=lambda r: r["id"]))
            await bulk_insert(session, Favourite, rows["likes"])
            await fill_home_feeds(session, settings)
            tokens = await _tokens(session, {"viewer": rows["accounts"][-1]})
            await session.commit()
        await jobs.score_posts(db, settings)
        # Statistics and (on PostgreSQL) the visibility map, as autovacuum would leave them
        # a minute after a bulk load, the job's scores included: measuring before would time
        # plans made for empty tables and index-only scans that still visit every heap page.
        async with db.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("VACUUM ANALYZE" if db.dialect == "postgresql" else "ANALYZE"))
    finally:
        await db.dispose()
    return tokens["viewer"], {k: len(v) for k, v in rows.items()}


def _measure(
    url: str, token: str, requests: int, paths: dict[str, str]
) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        for name, path in paths.items():
            for _ in range(10):  # warm both workers' caches
                client.get(path).raise_for_status()
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200 and response.json(), response.text
            times.sort()
            results[name] = {
                "p50": statistics.median(times),
                "p99": times[min(len(times) - 1, int(len(times) * 0.99))],
            }
    return results


async def bench_one(name: str, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    database = sqlite_database() if name == "SQLite" else pg_database()
    async with database as (settings, env):
        started = time.monotonic()
        upgrade(settings)
        token, counts = await seed(settings, args.scale)
        log(f"{name}: seeded {counts} in {time.monotonic() - started:.0f} s")
        env = {**env, "TOWNSQUARE_RATE_LIMITS": "off", "TOWNSQUARE_RUN_JOBS": "false"}
        log_file = Path(env["TOWNSQUARE_DATA_DIR"]) / "server.log"
        paths = {"health": "/api/townsquare/v1/health", **FEEDS}
        with Server(env, log_file) as server:
            results = await asyncio.to_thread(_measure, server.url, token, args.requests, paths)
        # The same ranked feeds with out-of-network candidates fetched at every request: what
        # a viewer's first page after the candidate cache expired costs.
        cold_env = {**env, "TOWNSQUARE_FEEDS_CANDIDATE_CACHE_SECONDS": "0"}
        ranked = {f"{k}, candidates uncached": v for k, v in FEEDS.items() if k != "following"}
        with Server(cold_env, log_file) as server:
            cold = await asyncio.to_thread(_measure, server.url, token, args.requests, ranked)
        return {**results, **cold}


def report(results: dict[str, dict[str, dict[str, float]]]) -> str:
    lines = [
        "## Feeds (`make bench-feeds`)",
        "",
        "First pages of 20, requested one after another by one client against 2 "
        "workers; 200,000 posts, 1,000,000 likes, a viewer following 1,000 accounts. "
        "Targets: for-you p50 <= 4x following p50, p99 <= 150 ms. Ranked feeds reuse each "
        "viewer's out-of-network candidates for a minute (`TOWNSQUARE_FEEDS_CANDIDATE_CACHE_"
        "SECONDS`); the rows marked *candidates uncached* rerun them with that cache off, as "
        "a first page after it expired.",
        "",
        "| database | feed | p50 ms | p99 ms | p50 / following p50 |",
        "|---|---|---|---|---|",
    ]
    for database, figures in results.items():
        base = figures["following"]["p50"]
        for feed, f in figures.items():
            lines.append(
                f"| {database} | {feed} | {f['p50']:.1f} | {f['p99']:.1f} | {f['p50'] / base:.2f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--databases", default="SQLite,PostgreSQL")
    args = parser.parse_args()
    results = {}
    for name in args.databases.split(","):
        results[name] = asyncio.run(bench_one(name, args))
        log(report({name: results[name]}))
    markdown = report(results)
    if args.scale == 1.0:
        write_section("feeds", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
