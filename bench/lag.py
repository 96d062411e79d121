"""Fan-out lag: from a post's acknowledgement until it shows in a follower's home timeline.

A Python client posts as an ordinary author and polls one follower's home timeline,
while wrk floods the server with other posts. Bounded in count and in time.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import httpx

POLL_TIMEOUT = 5.0
PAUSE_BETWEEN_POSTS = 0.05


@dataclass
class LagResult:
    samples_ms: list[float] = field(default_factory=list)
    missing: int = 0  # posts never seen within POLL_TIMEOUT
    error: str | None = None

    def percentile(self, pct: float) -> float:
        if not self.samples_ms or self.missing:
            return float("inf")
        ordered = sorted(self.samples_ms)
        index = min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))
        return ordered[index]


async def _appears(client: httpx.AsyncClient, reader: str, status_id: str) -> bool:
    response = await client.get(
        "/api/v1/timelines/home",
        params={"since_id": str(int(status_id) - 1), "limit": "40"},
        headers={"Authorization": f"Bearer {reader}"},
    )
    response.raise_for_status()
    return any(item.get("id") == status_id for item in response.json())


async def _one_sample(client: httpx.AsyncClient, author: str, reader: str, n: int) -> float | None:
    response = await client.post(
        "/api/v1/statuses",
        data={"status": f"lag probe {n}"},
        headers={"Authorization": f"Bearer {author}"},
    )
    response.raise_for_status()
    acknowledged = time.perf_counter()
    status_id = response.json()["id"]
    while time.perf_counter() - acknowledged < POLL_TIMEOUT:
        if await _appears(client, reader, status_id):
            return (time.perf_counter() - acknowledged) * 1000
        await asyncio.sleep(0.002)
    return None


async def measure_lag(
    base_url: str, author: str, reader: str, seconds: float, max_samples: int = 500
) -> LagResult:
    """Post and poll until ``seconds`` pass or ``max_samples`` are taken."""
    result = LagResult()
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        for n in range(max_samples):
            if time.monotonic() >= deadline:
                break
            try:
                lag = await _one_sample(client, author, reader, n)
            except httpx.HTTPError as error:
                result.error = f"{type(error).__name__}: {error}"
                break
            if lag is None:
                result.missing += 1
            else:
                result.samples_ms.append(lag)
            await asyncio.sleep(PAUSE_BETWEEN_POSTS)
    return result
