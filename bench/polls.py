"""Poll storm: one poll, many distinct voters, votes over HTTP at 64 concurrent clients.

python -m bench.polls [--db sqlite|postgresql|all] [--seconds 10] [--voters 40000] [--no-docs]

Per database: seed voters in bulk (accounts + bearer tokens), serve with 2 workers, measure
the trivial endpoint with wrk at 64 connections, then vote with wrk at 64 connections (a
Lua script gives each request its own voter's token) while a second wrk reads
``GET /api/v1/polls/:id`` on 4 connections. Afterwards a recount from the ballots is
compared with the counters and with the number of acknowledged votes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.docs import write_section
from bench.load import LoadResult, parse_wrk
from bench.polls_seed import seed_voters
from bench.server import Server
from townsquare.db import Database
from townsquare.migrate import upgrade
from townsquare.models import Poll, PollBallot, PollOption
from townsquare.settings import Settings

PG_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
PG_DB = "townsquare_bench_polls"
VOTERS_CONNECTIONS, READ_CONNECTIONS, THREADS = 64, 4, 2

VOTE_LUA = """
local tokens = {%(tokens)s}
local path = "%(path)s"
local counter, threads = 0, {}
-- Globals, not locals: thread:set / thread:get reach a thread's globals only.
thread_id, ok = 0, 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("thread_id", thread_id)
  table.insert(threads, thread)
end

function request()
  local i = counter * %(threads)d + thread_id
  counter = counter + 1
  if i >= #tokens then wrk.thread:stop() end
  i = math.min(i, #tokens)
  local headers = {["Authorization"] = "Bearer " .. tokens[i],
                   ["Content-Type"] = "application/x-www-form-urlencoded"}
  return wrk.format("POST", path, headers, "choices[]=" .. (i %% 4))
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 end
end

function done(summary, latency, requests)
  local acknowledged = 0
  for _, thread in ipairs(threads) do acknowledged = acknowledged + thread:get("ok") end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"errors_status": %%d, "errors_socket": %%d, "errors_timeout": %%d, "ok": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write, e.timeout, acknowledged))
end
"""

PLAIN_LUA = """
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"errors_status": %d, "errors_socket": %d, "errors_timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write, e.timeout))
end
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def wrk(
    url: str, lua: str, connections: int, seconds: int, threads: int = THREADS
) -> tuple[LoadResult, int]:
    """Run wrk with ``lua``; its figures and the count of acknowledged (200) votes, if counted."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    command = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
        url,
    ]
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output = (await process.communicate())[0].decode(errors="replace")
    os.unlink(script.name)
    ok = next(
        (
            json.loads(line[8:]).get("ok", 0)
            for line in output.splitlines()
            if line.startswith("WRKJSON ")
        ),
        0,
    )
    return parse_wrk(output), int(ok)


async def pg_admin(sql: str) -> None:
    engine = create_async_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


@asynccontextmanager
async def database(kind: str) -> AsyncIterator[dict[str, str]]:
    with tempfile.TemporaryDirectory(prefix="townsquare-bench-polls-") as folder:
        env = {
            "TOWNSQUARE_DATA_DIR": folder,
            "TOWNSQUARE_DATABASE_URL": "",
            "TOWNSQUARE_RATE_LIMITS": "off",
        }
        if kind == "sqlite":
            yield env
            return
        await pg_admin(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        await pg_admin(f'CREATE DATABASE "{PG_DB}"')
        env["TOWNSQUARE_DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{PG_DB}"
        try:
            yield env
        finally:
            await pg_admin(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')


def settings_of(env: dict[str, str]) -> Settings:
    return Settings(
        data_dir=Path(env["TOWNSQUARE_DATA_DIR"]),
        database_url=env["TOWNSQUARE_DATABASE_URL"] or None,
    )


async def seed(settings: Settings, voters: int) -> list[str]:
    upgrade(settings)
    db = Database(settings)
    async with db.session() as session:
        rows = await seed_voters(session, voters + 1)
        await session.commit()
    await db.dispose()
    return [token for _, token in rows]


async def recount(settings: Settings, poll_id: int) -> dict[str, int]:
    """Ballots, duplicates, and whether the counters equal a recount from the ballots."""
    db = Database(settings)
    async with db.session() as session:
        poll = (await session.execute(select(Poll).where(Poll.id == poll_id))).scalar_one()
        ballots = int(
            await session.scalar(
                select(func.count()).select_from(PollBallot).where(PollBallot.poll_id == poll_id)
            )
            or 0
        )
        distinct = int(
            await session.scalar(
                select(func.count(func.distinct(PollBallot.account_id))).where(
                    PollBallot.poll_id == poll_id
                )
            )
            or 0
        )
        per_option = list(
            (
                await session.execute(
                    select(PollOption.votes_count)
                    .where(PollOption.poll_id == poll_id)
                    .order_by(PollOption.position)
                )
            ).scalars()
        )
        recounted = [
            int(
                await session.scalar(
                    select(func.count())
                    .select_from(PollBallot)
                    .where(PollBallot.poll_id == poll_id, PollBallot.choices.op("&")(1 << i) != 0)
                )
                or 0
            )
            for i in range(len(per_option))
        ]
    await db.dispose()
    matches = poll.voters_count == ballots and list(per_option) == recounted
    return {"ballots": ballots, "duplicates": ballots - distinct, "counters_match": int(matches)}


@dataclass
class StormReport:
    database: str
    trivial: LoadResult  # before the storm
    trivial_after: LoadResult  # after it: the machine is shared, its load drifts
    votes: LoadResult
    acknowledged: int
    reads: LoadResult
    check: dict[str, int]
    load: float  # the machine's 1-minute load average at the end

    @property
    def trivial_rps(self) -> float:
        return (self.trivial.rps + self.trivial_after.rps) / 2

    @property
    def ratio(self) -> float:
        return self.votes.rps / self.trivial_rps if self.trivial_rps else 0.0


async def storm(kind: str, seconds: int, voters: int) -> StormReport:
    async with database(kind) as env:
        settings = settings_of(env)
        log(f"[{kind}] seeding {voters} voters")
        author, *tokens = await seed(settings, voters)
        with Server(env, Path(env["TOWNSQUARE_DATA_DIR"]) / "server.log") as server:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
                created = await http.post(
                    "/api/v1/statuses",
                    headers={"Authorization": f"Bearer {author}"},
                    json={
                        "status": "Vote carefully",
                        "poll": {"options": ["a", "b", "c", "d"], "expires_in": 86400},
                    },
                )
                poll_id = int(created.json()["poll"]["id"])
            trivial_url = server.url + "/api/townsquare/v1/health"
            log(f"[{kind}] trivial endpoint, {VOTERS_CONNECTIONS} connections, {seconds}s")
            trivial, _ = await wrk(trivial_url, PLAIN_LUA, VOTERS_CONNECTIONS, seconds)
            lua = VOTE_LUA % {
                "tokens": ",".join(f'"{t}"' for t in tokens),
                "path": f"/api/v1/polls/{poll_id}/votes",
                "threads": THREADS,
            }
            log(f"[{kind}] poll storm with concurrent reads, {seconds}s")
            (votes, acknowledged), (reads, _) = await asyncio.gather(
                wrk(
                    server.url + f"/api/v1/polls/{poll_id}/votes", lua, VOTERS_CONNECTIONS, seconds
                ),
                wrk(
                    server.url + f"/api/v1/polls/{poll_id}", PLAIN_LUA, READ_CONNECTIONS, seconds, 1
                ),
            )
            log(f"[{kind}] trivial endpoint again")
            trivial_after, _ = await wrk(trivial_url, PLAIN_LUA, VOTERS_CONNECTIONS, seconds)
        check = await recount(settings, poll_id)
        check["lost"] = max(0, acknowledged - check["ballots"])
        load = os.getloadavg()[0]
        return StormReport(kind, trivial, trivial_after, votes, acknowledged, reads, check, load)


def markdown(reports: list[StormReport], seconds: int, voters: int) -> str:
    lines = [
        "## Poll storm (`make bench-polls`)",
        "",
        f"One poll, {voters:,} seeded voters each with a token, votes over HTTP by wrk at "
        f"{VOTERS_CONNECTIONS} connections for {seconds} s (each request a distinct voter), "
        f"while a second wrk reads `GET /api/v1/polls/:id` on {READ_CONNECTIONS} connections; "
        "2 granian workers. "
        "Ballots are group-committed (one transaction per batch, each vote answered after its "
        "commit). Recount: ballots in the database against acknowledged votes and counters. "
        "The trivial endpoint is measured before and after the storm (the ratio uses their "
        "mean); the machine's load average is shown because other work shares its 2 cores.",
        "",
        "| database | load avg | trivial req/s (before / after) | votes/s | "
        "ratio (target ≥ 7 %) | vote p50 / p99 ms | read p50 / p99 ms (target p99 ≤ 20) | "
        "acknowledged | ballots | lost | "
        "duplicated | counters = recount |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        lines.append(
            f"| {r.database} | {r.load:.1f} | "
            f"{r.trivial.rps:,.0f} / {r.trivial_after.rps:,.0f} | "
            f"{r.votes.rps:,.0f} | {r.ratio:.1%} | "
            f"{r.votes.p50_ms:.1f} / {r.votes.p99_ms:.1f} | "
            f"{r.reads.p50_ms:.1f} / {r.reads.p99_ms:.1f} | "
            f"{r.acknowledged:,} | {r.check['ballots']:,} | {r.check['lost']} | "
            f"{r.check['duplicates']} | "
            f"{'yes' if r.check['counters_match'] else 'NO'} |"
        )
    return "\n".join(lines)


async def main(args: argparse.Namespace) -> int:
    kinds = ["sqlite", "postgresql"] if args.db == "all" else [args.db]
    reports = [await storm(kind, args.seconds, args.voters) for kind in kinds]
    text_ = markdown(reports, args.seconds, args.voters)
    print(text_)
    if not args.no_docs:
        write_section("polls", text_)
    bad = [
        r
        for r in reports
        if r.check["lost"] or r.check["duplicates"] or not r.check["counters_match"]
    ]
    return 1 if bad else 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--voters", type=int, default=40_000)
    parser.add_argument("--no-docs", action="store_true")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
