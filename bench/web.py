"""``make bench-web``: page render p99 for home and a thread, next to the API's home.

python -m bench.web [--db sqlite|postgresql|all] [--seconds 10] [--scale 1.0] [--no-docs]

Same load as the core benchmark (the core seed, wrk with 16 connections on 2 threads, a
2-worker server). The pages are fetched with the viewer's session cookie, the API with the
same account's bearer token, all in one run, so the ratios compare like with like.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

import httpx

from bench import load
from bench.docs import write_section
from bench.load import LoadResult, parse_wrk, wrk_available
from bench.report import machine
from bench.run import databases_to_run, log, pg_database, sqlite_database
from bench.scenarios import HOME
from bench.seed import seed
from bench.server import HEALTH_PATH, Server
from townsquare.migrate import upgrade
from townsquare.settings import Settings
from townsquare.web.sessions import COOKIE, _mac

REPLIES = 10
NOTE = (
    "On SQLite both thread figures, the page and the API alike, are bound by the core's "
    "recursive reply query (`statuses.repository.descendant_links`): on this seed, where no "
    "status is a reply, SQLite's planner scans the whole statuses table at each step instead "
    "of using `ix_statuses_in_reply_to_id` (about 300 ms per request without load, page and "
    "API the same), so under 16 connections they queue for seconds. PostgreSQL uses the "
    "index. The home page renders the same statuses as the API's home plus the HTML, the feed "
    "picker and a receipt panel per post."
)


async def run_wrk(url: str, headers: dict[str, str], seconds: float) -> LoadResult:
    """wrk against ``url`` with ``headers`` (the core's Lua script and figure parsing)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(load._lua(None))
    command = ["wrk", "-t", str(load.THREADS), "-c", str(load.CONNECTIONS),
               "-d", f"{max(1, round(seconds))}s", "--timeout", "10s",
               "-s", script.name]  # fmt: skip
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    process = await asyncio.create_subprocess_exec(
        *command, url, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await process.communicate()
    os.unlink(script.name)
    return parse_wrk(output.decode(errors="replace"))


async def make_thread(base: str, token: str) -> str:
    """A post with ``REPLIES`` replies by the viewer; the thread page's path."""
    auth = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=auth, timeout=30) as client:
        me = (await client.get("/api/v1/accounts/verify_credentials")).json()
        root = await client.post("/api/v1/statuses", data={"status": "a thread to render"})
        root_id = root.json()["id"]
        parent = root_id
        for i in range(REPLIES):
            reply = await client.post(
                "/api/v1/statuses", data={"status": f"reply {i}", "in_reply_to_id": parent}
            )
            parent = reply.json()["id"]
    return f"/@{me['username']}/{root_id}"


async def measure_all(base: str, token: str, cookie: str, seconds: float) -> dict[str, LoadResult]:
    thread = await make_thread(base, token)
    bearer = {"Authorization": f"Bearer {token}"}
    session = {"Cookie": f"{COOKIE}={cookie}"}
    scenarios = [
        ("health (trivial)", HEALTH_PATH, {}),
        ("API home timeline", HOME, bearer),
        ("page: home", "/", session),
        ("page: thread (11 posts)", thread, session),
        ("API thread context", f"/api/v1/statuses/{thread.rsplit('/', 1)[1]}/context", bearer),
    ]
    results: dict[str, LoadResult] = {}
    for name, path, headers in scenarios:
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
            probe = await client.get(path)
            if probe.status_code != 200:
                raise RuntimeError(f"{name}: {path} answered {probe.status_code}")
        await run_wrk(base + path, headers, 1)  # warm-up
        result = await run_wrk(base + path, headers, seconds)
        log(f"  {name}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.1f} ms, "
            f"p99 {result.p99_ms:.1f} ms, errors {result.errors}")  # fmt: skip
        results[name] = result
    return results


async def bench_one(name: str, args: argparse.Namespace) -> dict[str, LoadResult]:
    database = sqlite_database() if name == "SQLite" else pg_database()
    async with database as (settings, env):
        started = time.monotonic()
        upgrade(settings)
        data = await seed(settings, args.scale)
        counts = ", ".join(f"{v:,} {k}" for k, v in data.counts.items())
        log(f"{name}: seeded {counts} in {time.monotonic() - started:.0f} s")
        token = data.tokens["viewer"]
        secret = Settings(data_dir=Path(env["TOWNSQUARE_DATA_DIR"]))  # the server's secret key
        cookie = f"{token}.{_mac(secret, token)}"
        env = {**env, "TOWNSQUARE_RATE_LIMITS": "off"}
        with Server(env, Path(env["TOWNSQUARE_DATA_DIR"]) / "server.log") as server:
            log(f"{name}: server on {server.url} (2 workers)")
            return await measure_all(server.url, token, cookie, args.seconds)


def markdown(runs: dict[str, dict[str, LoadResult]], info: dict[str, str], seconds: float) -> str:
    lines = [
        "## Web pages (`make bench-web`)",
        "",
        "Server-rendered pages under the core benchmark's load (its seed; wrk, 16 connections, "
        f"2 threads, {seconds:.0f} s per scenario; 2 server workers), fetched with the viewer's "
        "session cookie, next to the API measured in the same run with the same account.",
        "",
        "| database | scenario | req/s | p50 ms | p99 ms | errors | req/s vs health | "
        "p99 vs API home |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for database, results in runs.items():
        health = results["health (trivial)"].rps or 1.0
        api_p99 = results["API home timeline"].p99_ms or 1.0
        for name, r in results.items():
            lines.append(
                f"| {database} | {name} | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | "
                f"{r.errors} | {r.rps / health:.3f} | {r.p99_ms / api_p99:.2f} |"
            )
    lines += ["", NOTE, "", "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + "."]
    return "\n".join(lines)


async def main(args: argparse.Namespace) -> int:
    if not wrk_available():
        log("wrk is not installed: `apt-get install -y wrk` (make bench-web does it).")
        return 2
    names, pg_version = await databases_to_run(args.db)
    runs = {name: await bench_one(name, args) for name in names}
    if args.docs and runs:
        path = write_section("web", markdown(runs, machine(pg_version), args.seconds))
        log(f"\nwrote {path}")
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per scenario")
    parser.add_argument("--scale", type=float, default=1.0, help="shrink the seed")
    parser.add_argument("--no-docs", dest="docs", action="store_false",
                        help="do not write the web section of docs/benchmarks.md")  # fmt: skip
    return parser.parse_args()


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(parse_args())))
