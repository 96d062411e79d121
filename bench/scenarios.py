"""The benchmark scenarios and their targets, run against one live server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from bench.lag import LagResult, measure_lag
from bench.load import LoadResult, run_wrk
from bench.seed import SCALE_VIEWERS
from bench.server import HEALTH_PATH

HOME = "/api/v1/timelines/home?limit=20"
PUBLIC = "/api/v1/timelines/public?limit=20"
STATUSES = "/api/v1/statuses"
POST_BODY = "status=benchmark+post+%d-%d+%%23bench&visibility=public"
# wrk's %d placeholders are filled in Lua; "%%23" is a literal "%23" (#) once formatted.


@dataclass
class Figure:
    """One measured scenario, or why it could not be measured."""

    name: str
    result: LoadResult | None = None
    problem: str | None = None


@dataclass
class Check:
    """A target and whether it was met (``None``: could not be measured)."""

    target: str
    passed: bool | None
    detail: str


@dataclass
class RunReport:
    database: str
    figures: list[Figure] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    lag: LagResult | None = None

    def figure(self, name: str) -> LoadResult | None:
        return next((f.result for f in self.figures if f.name == name), None)


async def probe(base_url: str, path: str, token: str | None, post: bool = False) -> str | None:
    """``None`` if one request succeeds, else a sentence saying what went wrong."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        try:
            if post:
                response = await client.post(path, data={"status": "probe"}, headers=headers)
            else:
                response = await client.get(path, headers=headers)
        except httpx.HTTPError as error:
            return f"request failed: {error}"
    if response.status_code < 400:
        return None
    if response.status_code in (404, 405):
        return f"endpoint missing (HTTP {response.status_code})"
    return f"HTTP {response.status_code}: {response.text[:120]}"


class Runner:
    """Runs every scenario against ``base_url`` with the seeded tokens."""

    def __init__(
        self, base_url: str, tokens: dict[str, str], seconds: float, log: Callable[[str], None]
    ) -> None:
        self.base_url = base_url
        self.tokens = tokens
        self.seconds = seconds
        self.log = log

    async def measure(
        self, report: RunReport, name: str, path: str, role: str | None, seconds: float,
        post: bool = False,
    ) -> LoadResult | None:  # fmt: skip
        token = self.tokens[role] if role else None
        problem = await probe(self.base_url, path, token, post)
        if problem:
            self.log(f"  {name}: {problem}")
            report.figures.append(Figure(name, problem=problem))
            return None
        body = POST_BODY if post else None
        try:
            await run_wrk(self.base_url + path, token, 1, body)  # warm-up
            result = await run_wrk(self.base_url + path, token, seconds, body)
        except RuntimeError as error:
            self.log(f"  {name}: {error}")
            report.figures.append(Figure(name, problem="the load generator failed"))
            return None
        self.log(f"  {name}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.1f} ms, "
                 f"p99 {result.p99_ms:.1f} ms, errors {result.errors}")  # fmt: skip
        report.figures.append(Figure(name, result))
        return result

    async def run(self, database: str) -> RunReport:
        report = RunReport(database)
        s = self.seconds
        await self.measure(report, "health (trivial)", HEALTH_PATH, None, s)
        await self.measure(report, "home timeline", HOME, "viewer", s)
        await self.measure(report, "public timeline", PUBLIC, "viewer", s)
        for size in SCALE_VIEWERS:
            await self.measure(report, f"home, following {size:,}", HOME, f"viewer_{size}", s / 2)
        await self._posts(report)
        await self.measure(report, "post (100k-follower author)", STATUSES, "big_author", s, True)
        report.checks = checks(report)
        return report

    async def _posts(self, report: RunReport) -> None:
        """The ordinary author's post scenario, with the lag client running alongside."""
        lag_task = asyncio.create_task(
            measure_lag(self.base_url, self.tokens["lag_author"], self.tokens["lag_reader"],
                        self.seconds + 1.0)
        )  # fmt: skip
        await self.measure(report, "post (ordinary author)", STATUSES, "poster", self.seconds, True)
        report.lag = await lag_task
        lag = report.lag
        self.log(f"  fan-out lag: {len(lag.samples_ms)} samples, p50 {lag.percentile(50):.1f} ms, "
                 f"p99 {lag.percentile(99):.1f} ms, missing {lag.missing}"
                 + (f", error {lag.error}" if lag.error else ""))  # fmt: skip


def _ratio_check(report: RunReport, name: str, minimum: float) -> Check:
    base, result = report.figure("health (trivial)"), report.figure(name)
    target = f"{name}: >= {minimum:.0%} of trivial req/s"
    if base is None or result is None or not base.rps:
        return Check(target, None, "not measured")
    ratio = result.rps / base.rps
    return Check(target, ratio >= minimum, f"{ratio:.1%}")


def checks(report: RunReport) -> list[Check]:
    """Every target from the issue, judged on this run's figures."""
    found = [_ratio_check(report, "home timeline", 0.10)]
    home = report.figure("home timeline")
    found.append(
        Check("home timeline: p99 <= 50 ms", home.p99_ms <= 50, f"{home.p99_ms:.1f} ms")
        if home else Check("home timeline: p99 <= 50 ms", None, "not measured")
    )  # fmt: skip
    found.append(_ratio_check(report, "public timeline", 0.10))
    found.append(_ratio_check(report, "post (ordinary author)", 0.05))
    found.append(_big_author_check(report))
    found.append(_flatness_check(report))
    found.append(_lag_check(report))
    return found


def _big_author_check(report: RunReport) -> Check:
    target = "post by a 100k-follower author costs no more than an ordinary one (p50, +20% noise)"
    big, ordinary = (
        report.figure("post (100k-follower author)"),
        report.figure("post (ordinary author)"),
    )
    if big is None or ordinary is None:
        return Check(target, None, "not measured")
    detail = f"{big.p50_ms:.1f} ms vs {ordinary.p50_ms:.1f} ms"
    return Check(target, big.p50_ms <= ordinary.p50_ms * 1.2, detail)


def _flatness_check(report: RunReport) -> Check:
    target = "home p50 following 10 / 100 / 1,000 / 5,000: flat within 2x"
    p50s = [report.figure(f"home, following {size:,}") for size in SCALE_VIEWERS]
    if any(r is None for r in p50s):
        return Check(target, None, "not measured")
    values = [r.p50_ms for r in p50s if r is not None]
    detail = " / ".join(f"{v:.1f}" for v in values) + " ms"
    return Check(target, max(values) <= 2 * min(values), detail)


def _lag_check(report: RunReport) -> Check:
    target = "fan-out lag p99 <= 1 s (during the post scenario)"
    lag = report.lag
    if lag is None or (not lag.samples_ms and not lag.missing):
        return Check(target, None, lag.error if lag and lag.error else "not measured")
    p99 = lag.percentile(99)
    detail = f"{p99:.1f} ms over {len(lag.samples_ms)} posts" + (
        f", {lag.missing} never appeared" if lag.missing else ""
    )
    return Check(target, p99 <= 1000, detail)
