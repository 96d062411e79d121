"""Driving the server with wrk (C, cheap on a 2-core machine) and reading its figures.

Each run is bounded in time (``-d``) and in count (the Lua ``request`` stops a thread
after ``max_requests``). The Lua ``done`` hook prints the exact p50/p99 from wrk's
latency histogram as one JSON line, which we parse.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
from dataclasses import dataclass

CONNECTIONS = 16
THREADS = 2
MAX_REQUESTS_PER_THREAD = 500_000

LUA_TEMPLATE = """
local counter = 0
local max_requests = %(max_requests)d
local fixed = nil
local thread_id = 0
local post_body = %(post_body)s

function setup(thread)
  thread_id = thread_id + 1
  thread:set("thread_id", thread_id)
end

function init(args)
  if post_body == nil then fixed = wrk.format() end
end

function request()
  counter = counter + 1
  if counter > max_requests then wrk.thread:stop() end
  if fixed ~= nil then return fixed end
  local body = string.format(post_body, thread_id, counter)
  return wrk.format("POST", nil, nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"errors_status": %%d, "errors_socket": %%d, "errors_timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write, e.timeout))
end
"""


@dataclass
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def _lua(post_body: str | None) -> str:
    body = "nil" if post_body is None else json.dumps(post_body)
    return LUA_TEMPLATE % {"max_requests": MAX_REQUESTS_PER_THREAD, "post_body": body}


async def run_wrk(
    url: str, token: str | None, seconds: float, post_body: str | None = None
) -> LoadResult:
    """Run wrk against ``url`` (GET, or POST of ``post_body`` with %d thread and counter)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(post_body))
    duration = f"{max(1, round(seconds))}s"  # wrk takes whole seconds
    command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", duration,
               "--timeout", "10s", "-s", script.name]  # fmt: skip
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    if post_body is not None:
        command += ["-H", "Content-Type: application/x-www-form-urlencoded"]
    process = await asyncio.create_subprocess_exec(
        *command, url, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await process.communicate()
    os.unlink(script.name)
    return parse_wrk(output.decode(errors="replace"))


def parse_wrk(output: str) -> LoadResult:
    for line in output.splitlines():
        if line.startswith("WRKJSON "):
            data = json.loads(line[len("WRKJSON ") :])
            return LoadResult(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                p50_ms=data["p50_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
                errors=data["errors_status"] + data["errors_socket"] + data["errors_timeout"],
            )
    raise RuntimeError(f"wrk printed no figures:\n{output[-2000:]}")
