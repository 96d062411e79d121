"""Fixed-window rate limits per token and per IP, in Redis when configured, else in-process.

Mastodon's defaults: 300 requests per 5 minutes per token (or per IP without one), and 5
sign-ups per 30 minutes per IP. Responses carry ``X-RateLimit-Limit``, ``-Remaining`` and
``-Reset``; going over gives a 429. ``TOWNSQUARE_RATE_LIMITS=off`` disables them.

When Redis is configured but unreachable, counting falls back to this process, so that
limits still hold (per process) and the API stays up.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from redis.exceptions import RedisError

from townsquare.kit.errors import TooManyRequests
from townsquare.settings import Settings

if TYPE_CHECKING:
    from townsquare.api.context import Ctx

log = logging.getLogger("townsquare.ratelimit")
WARNING_INTERVAL = 60.0


@dataclass(frozen=True)
class Window:
    """How many hits a key has had in the current window, and when the window resets."""

    count: int
    reset_at: float


class Counter(Protocol):
    async def hit(self, key: str, period: int) -> Window: ...


class MemoryCounter:
    """Counts hits in this process (the embedded default)."""

    def __init__(self) -> None:
        self._windows: dict[str, tuple[int, float]] = {}

    async def hit(self, key: str, period: int) -> Window:
        now = time.time()
        count, reset_at = self._windows.get(key, (0, 0.0))
        if reset_at <= now:
            count, reset_at = 0, now + period
            if len(self._windows) > 100_000:  # drop expired windows now and then
                self._windows = {k: v for k, v in self._windows.items() if v[1] > now}
        count += 1
        self._windows[key] = (count, reset_at)
        return Window(count, reset_at)


class RedisCounter:
    """Counts hits in Redis, shared by every process behind the load balancer."""

    def __init__(self, redis: Any) -> None:
        self.redis = redis

    async def hit(self, key: str, period: int) -> Window:
        window_start = int(time.time()) // period * period
        redis_key = f"ts:rl:{key}:{window_start}"
        pipe = self.redis.pipeline()
        pipe.incr(redis_key)
        pipe.expire(redis_key, period + 1)
        count, _ = await pipe.execute()
        return Window(int(count), float(window_start + period))


class RateLimiter:
    """Applies the configured limits; a no-op when they are off."""

    def __init__(self, settings: Settings, counter: Counter) -> None:
        self.settings = settings
        self.counter = counter
        self.fallback = MemoryCounter()
        self.enabled = settings.rate_limits_enabled
        self._warned_at = 0.0

    async def _hit(self, key: str, period: int) -> Window:
        try:
            return await self.counter.hit(key, period)
        except (RedisError, OSError) as error:
            now = time.monotonic()
            if now - self._warned_at > WARNING_INTERVAL:
                self._warned_at = now
                log.warning("rate limits counted in-process: Redis failed (%s)", error)
            return await self.fallback.hit(key, period)

    async def check(self, key: str, limit: int, period: int) -> dict[str, str]:
        """Count one hit on ``key``; 429 past ``limit``. Returns the headers to send."""
        if not self.enabled:
            return {}
        window = await self._hit(key, period)
        reset_at = datetime.fromtimestamp(window.reset_at, UTC)
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - window.count)),
            # Mastodon's format: ISO 8601 with microseconds and a Z.
            "X-RateLimit-Reset": reset_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }
        if window.count > limit:
            raise TooManyRequests("Too many requests", headers=headers)
        return headers

    async def check_request(self, ctx: Ctx) -> None:
        """The general limit: per token when there is one, else per IP."""
        s = self.settings
        if ctx.token is not None:
            key, limit, period = (
                f"token:{ctx.token.id}",
                s.rate_limit_token_requests,
                s.rate_limit_token_period,
            )
        else:
            key, limit, period = (
                f"ip:{ctx.client_ip}",
                s.rate_limit_ip_requests,
                s.rate_limit_ip_period,
            )
        ctx.headers.update(await self.check(key, limit, period))

    async def check_signup(self, ctx: Ctx) -> None:
        s = self.settings
        await self.check(
            f"signup:{ctx.client_ip}", s.rate_limit_signup_requests, s.rate_limit_signup_period
        )
