"""Printing the figures, describing the machine, and writing docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from bench.docs import write_section
from bench.scenarios import Check, RunReport


def machine(pg_version: str | None) -> dict[str, str]:
    """What the figures ran on."""
    return {
        "CPUs (nproc)": str(os.cpu_count()),
        "CPU model": _cpu_model(),
        "RAM": _ram(),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "PostgreSQL": pg_version or "not measured",
        "Load generator": _wrk_version(),
        # Other work on the machine skews every figure; ratios suffer least.
        "Load average (1 min) at the end": f"{os.getloadavg()[0]:.2f}",
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _wrk_version() -> str:
    try:
        output = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return "wrk (missing)"
    first = (output.stdout or output.stderr).splitlines()[:1]
    return first[0].split(" Copyright")[0] if first else "wrk"


def _mark(check: Check) -> str:
    return {True: "PASS", False: "FAIL", None: "n/a"}[check.passed]


def figures_table(report: RunReport) -> list[str]:
    base = report.figure("health (trivial)")
    lines = ["| scenario | req/s | p50 (ms) | p99 (ms) | ratio to trivial | errors |",
             "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for figure in report.figures:
        result = figure.result
        if result is None:
            lines.append(f"| {figure.name} | {figure.problem} | | | | |")
            continue
        ratio = f"{result.rps / base.rps:.1%}" if base and base.rps else ""
        lines.append(f"| {figure.name} | {result.rps:,.0f} | {result.p50_ms:.1f} | "
                     f"{result.p99_ms:.1f} | {ratio} | {result.errors} |")  # fmt: skip
    return lines


def checks_table(report: RunReport) -> list[str]:
    lines = ["| target | measured | result |", "|---|---|---|"]
    lines += [f"| {c.target} | {c.detail} | **{_mark(c)}** |" for c in report.checks]
    return lines


def print_report(report: RunReport) -> None:
    print(f"\n== {report.database} ==")
    print("\n".join(figures_table(report)))
    print()
    for check in report.checks:
        print(f"  [{_mark(check):4}] {check.target}: {check.detail}")


HEADER = """## Core platform

Written by `make bench-core` (`python -m bench.run`).

**Method.** For each database the bench migrates a fresh database (SQLite in a temporary
data folder; PostgreSQL in a database `townsquare_bench_<pid>` it creates and drops), seeds it
with bulk inserts — a viewer following 200 accounts with 50 posts each, 100,000 other
posts by 5,000 authors, one author with 100,000 followers, viewers following 10, 100,
1,000 and 5,000 accounts, home timelines filled as fan-out on write would fill them —
then starts `townsquare serve --workers 2 --no-migrate` (granian, 2 worker processes,
`TOWNSQUARE_RATE_LIMITS=off`) on a free loopback port, waits until the server's startup
jobs (integrity scan, notes fit, feed scoring) have finished their first run, and drives it
with wrk: 16 connections, 2 threads, a 1 s warm-up, then a timed run per scenario. p50 and p99 come
from wrk's latency histogram. Ratios compare each scenario with the trivial endpoint
`GET /api/townsquare/v1/health` measured in the same run, because absolute figures drift
on shared machines. The fan-out lag is measured by a Python client that, during the
ordinary-author post scenario, posts as another ordinary author and polls a follower's
home timeline until the post appears. The load generator shares the 2 cores with the
server, so absolute figures are lower than on a dedicated client machine.
"""


def write_docs(reports: list[RunReport], machine_info: dict[str, str], seconds: float) -> Path:
    lines = [HEADER, "### Latest run", ""]
    lines.append(f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {seconds:g} s per scenario "
                 "(half that for the four follow-count viewers).")  # fmt: skip
    lines += ["", "| machine | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in machine_info.items()]
    for report in reports:
        lines += ["", f"#### {report.database}", "", *figures_table(report), ""]
        lines += checks_table(report)
    return write_section("core", "\n".join(lines))
