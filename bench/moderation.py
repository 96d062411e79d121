"""Moderation benchmark: ``make bench-moderation`` (``python -m bench.moderation``).

1. The log stays cheap: append N actions (default 100,000) through the moderation service
   (each a label under a rule: action row, label, chained log entry, author notification),
   then recompute the whole chain from the database; print both times (target: verify at
   50,000 entries/s or more).
2. Reader controls stay cheap: the home timeline of a reader with 20 active filters
   (2 keywords each, every context) and 10 label preferences, next to the same timeline of
   a reader with none, and a trivial endpoint, measured in the same run, in-process.

Writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.docs import write_section
from townsquare.accounts import service as accounts
from townsquare.app import create_app
from townsquare.db import Database
from townsquare.demo.bulk import bulk_insert
from townsquare.ids import new_id
from townsquare.migrate import upgrade
from townsquare.models import (
    Account,
    Filter,
    FilterKeyword,
    HomeFeedEntry,
    Label,
    LabelPreference,
    OAuthApp,
    OAuthToken,
    Status,
)
from townsquare.moderation import chain, service
from townsquare.moderation import log as chain_log
from townsquare.moderation.rulebook import LabelDefinition, labels, register_label
from townsquare.oauth.secrets import digest, new_secret
from townsquare.settings import Settings

TARGET_VERIFY_PER_S = 50_000
TARGET_RATIO = 1.5
BATCH = 500


def say(message: str) -> None:
    print(message, flush=True)


async def _account(session: Any, name: str, role: str = "user") -> Account:
    account, _ = await accounts.register(
        session, username=name, email=f"{name}@bench.test", password="bench password 1", role=role
    )
    return account


async def _token(session: Any, account_id: int) -> str:
    app = OAuthApp(name="bench", redirect_uris="urn:ietf:wg:oauth:2.0:oob", scopes="read write",
                   client_id=new_secret(), client_secret=new_secret())  # fmt: skip
    session.add(app)
    await session.flush()
    token = new_secret()
    session.add(OAuthToken(token_digest=digest(token), app_id=app.id, account_id=account_id,
                           scopes="read write"))  # fmt: skip
    return token


async def _statuses(session: Any, author_ids: list[int], per_author: int) -> list[dict[str, Any]]:
    rows = []
    for n in range(per_author):
        for author_id in author_ids:
            text = f"post {n} by {author_id} about topic{n % 37} and things"
            rows.append({"id": new_id(), "account_id": author_id, "text": text,
                         "content": f"<p>{text}</p>", "visibility": "public"})  # fmt: skip
    await bulk_insert(session, Status, rows)
    return rows


async def bench_log(db: Database, actions: int) -> dict[str, Any]:
    """Append ``actions`` labels through the service, then verify the chain."""
    async with db.session() as session:
        mod = await _account(session, "benchmod", role="moderator")
        author = await _account(session, "benchauthor")
        rows = await _statuses(session, [author.id], actions)
        await session.commit()
    started = time.perf_counter()
    for start in range(0, actions, BATCH):
        async with db.session() as session:
            moderator = await session.get(Account, mod.id)
            assert moderator is not None
            for row in rows[start : start + BATCH]:
                draft = service.ActionDraft("label", "status", row["id"], "5", "graphic",
                                            label="graphic-media")  # fmt: skip
                await service.act(session, moderator, draft)
            await session.commit()
        if (start // BATCH) % 40 == 0:
            say(f"  appended {start + BATCH:,} actions")
    append_s = time.perf_counter() - started
    started = time.perf_counter()
    async with db.session() as session:
        entries = [e async for e in chain_log.stream(session)]
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    verdict = chain.verify(entries)
    verify_s = time.perf_counter() - started
    assert verdict.ok and verdict.checked == actions, verdict
    return {"actions": actions, "append_s": append_s, "read_s": read_s, "verify_s": verify_s}


async def _seed_timelines(db: Database) -> tuple[str, str, int]:
    """Two readers following the same 50 authors (2,000 posts fanned out to both); one has
    20 filters and 10 label preferences. A tenth of the posts carry a label."""
    for i in range(5):  # the file defines 5 labels; 5 more as a detector package would
        register_label(LabelDefinition(f"bench-{i}", "inform", "show", ("moderator",)))
    async with db.session() as session:
        authors = [await _account(session, f"author{i}") for i in range(50)]
        plain, filtered = (
            await _account(session, "plainreader"),
            await _account(session, "filteredreader"),
        )
        rows = await _statuses(session, [a.id for a in authors], 40)
        feed = [{"account_id": r.id, "status_id": s["id"], "author_id": s["account_id"]}
                for r in (plain, filtered) for s in rows]  # fmt: skip
        await bulk_insert(session, HomeFeedEntry, feed)
        values = list(labels())
        await bulk_insert(session, Label, [
            {"id": new_id(), "target_type": "status", "target_id": s["id"],
             "value": values[n % len(values)], "applied_by": "moderator"}
            for n, s in enumerate(rows) if n % 10 == 0])  # fmt: skip
        filters = [{"id": new_id(), "account_id": filtered.id, "title": f"filter {n}",
                    "contexts": ["home", "public", "thread", "account", "notifications"],
                    "action": "warn"} for n in range(20)]  # fmt: skip
        await bulk_insert(session, Filter, filters)
        await bulk_insert(session, FilterKeyword, [
            {"id": new_id(), "filter_id": f["id"], "keyword": f"word{n}{k}", "whole_word": k == 0}
            for n, f in enumerate(filters) for k in range(2)])  # fmt: skip
        await bulk_insert(session, LabelPreference, [
            {"account_id": filtered.id, "label": v, "setting": "warn" if n % 2 else "show"}
            for n, v in enumerate(values[:10])])  # fmt: skip
        tokens = await _token(session, plain.id), await _token(session, filtered.id)
        await session.commit()
    return tokens[0], tokens[1], len(values)


async def _time(client: httpx.AsyncClient, url: str, token: str | None, rounds: int) -> list[float]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = await client.get(url, headers=headers)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
    return times


async def bench_timelines(settings: Settings, rounds: int) -> dict[str, Any]:
    app = create_app(settings)
    plain, filtered, label_count = await _seed_timelines(app.state.db)
    transport = httpx.ASGITransport(app=app)
    results: dict[str, list[float]] = {"trivial": [], "plain": [], "filtered": []}
    home = "/api/v1/timelines/home?limit=20"
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        page = (await client.get(home, headers={"Authorization": f"Bearer {filtered}"})).json()
        assert len(page) == 20 and any(s["labels"] for s in page)
        for _ in range(10):  # interleaved, so that drift hits all three alike
            results["trivial"] += await _time(client, "/api/v1/instance/rules", None, rounds // 10)
            results["plain"] += await _time(client, home, plain, rounds // 10)
            results["filtered"] += await _time(client, home, filtered, rounds // 10)
    await app.state.db.dispose()
    medians = {k: statistics.median(v) * 1000 for k, v in results.items()}
    return {"medians_ms": medians, "ratio": medians["filtered"] / medians["plain"],
            "labels": label_count, "rounds": rounds}  # fmt: skip


def _markdown(log_result: dict[str, Any], timeline: dict[str, Any]) -> str:
    n = log_result["actions"]
    verify_rate = n / log_result["verify_s"]
    end_to_end = n / (log_result["read_s"] + log_result["verify_s"])
    m = timeline["medians_ms"]
    ok_verify = "meets" if verify_rate >= TARGET_VERIFY_PER_S else "MISSES"
    ok_ratio = "meets" if timeline["ratio"] <= TARGET_RATIO else "MISSES"
    return f"""## Moderation (`make bench-moderation`)

Run on {platform.node()} ({platform.machine()}), SQLite, one process, in-process ASGI client.

**The log.** {n:,} actions appended through the moderation service (each: the action, a
label, its chained log entry and the author's notification; {BATCH} per transaction):
{log_result["append_s"]:.1f} s, {n / log_result["append_s"]:,.0f} actions/s. Reading the
whole log back: {log_result["read_s"]:.2f} s. Recomputing the chain: {log_result["verify_s"]:.2f} s,
**{verify_rate:,.0f} entries/s** ({ok_verify} the 50,000 entries/s target; read + verify:
{end_to_end:,.0f} entries/s).

**Reader controls.** Median of {timeline["rounds"]} requests each, interleaved:

| request | median ms |
|---|---|
| trivial endpoint (`/api/v1/instance/rules`) | {m["trivial"]:.2f} |
| home, 20 posts, no filters or label preferences | {m["plain"]:.2f} |
| home, 20 posts, 20 active filters (40 keywords) and 10 label preferences | {m["filtered"]:.2f} |

With filters and preferences over without: **{timeline["ratio"]:.2f}x** ({ok_ratio} the
1.5x target). A tenth of the posts carry a label; labels render for every viewer, so both
readers pay for them.
"""


async def main(actions: int, rounds: int, write: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="townsquare-bench-moderation-") as folder:
        settings = Settings(
            data_dir=Path(folder), database_url=None, rate_limits="off", run_jobs=False
        )
        upgrade(settings)
        db = Database(settings)
        say(f"appending {actions:,} actions...")
        log_result = await bench_log(db, actions)
        await db.dispose()
        n = log_result["actions"]
        say(f"append: {log_result['append_s']:.1f} s ({n / log_result['append_s']:,.0f}/s); "
            f"read {log_result['read_s']:.2f} s; verify {log_result['verify_s']:.3f} s "
            f"({n / log_result['verify_s']:,.0f} entries/s)")  # fmt: skip
        timeline = await bench_timelines(settings, rounds)
        m = timeline["medians_ms"]
        say(f"trivial {m['trivial']:.2f} ms, home plain {m['plain']:.2f} ms, "
            f"home filtered {m['filtered']:.2f} ms: ratio {timeline['ratio']:.2f}x")  # fmt: skip
    if write:
        write_section("moderation", _markdown(log_result, timeline))
        say("wrote docs/benchmarks.md (moderation section)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    asyncio.run(main(args.actions, args.rounds, not args.no_write))
