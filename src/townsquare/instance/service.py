"""What the instance says about itself: version, statistics, weekly activity, rules, contact."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import metadata

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.instance import repository
from townsquare.instance.rules import Rule, load_rules
from townsquare.models import Account

# The Mastodon API level townsquare speaks; clients parse the leading version number.
MASTODON_COMPATIBLE_VERSION = "4.3.0"
ACTIVITY_WEEKS = 12
STATS_TTL_SECONDS = 30.0


@lru_cache(maxsize=1)
def software_version() -> str:
    """townsquare's own version, from the installed package's metadata."""
    try:
        return metadata.version("townsquare")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def mastodon_version() -> str:
    """The version string clients read: ``4.3.0 (compatible; townsquare 0.1.0)``."""
    return f"{MASTODON_COMPATIBLE_VERSION} (compatible; townsquare {software_version()})"


@lru_cache(maxsize=1)
def source_url() -> str:
    """Where the source code is published (AGPL), from the package metadata when it says."""
    try:
        urls = metadata.metadata("townsquare").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"source", "repository", "homepage"}:
            return url.strip()
    return ""


@dataclass(frozen=True)
class InstanceStats:
    """Counts shown in the instance documents and nodeinfo."""

    user_count: int
    status_count: int
    active_month: int
    active_halfyear: int


class StatsCache:
    """Keeps the statistics for a few seconds: clients fetch the instance on every start."""

    def __init__(self, ttl: float = STATS_TTL_SECONDS) -> None:
        self.ttl = ttl
        self._value: InstanceStats | None = None
        self._expires_at = 0.0

    def get(self) -> InstanceStats | None:
        return self._value if time.monotonic() < self._expires_at else None

    def put(self, value: InstanceStats) -> None:
        self._value, self._expires_at = value, time.monotonic() + self.ttl


async def stats(session: AsyncSession, cache: StatsCache | None = None) -> InstanceStats:
    """User and post counts, and how many accounts were active in the last 30 / 180 days."""
    cached = cache.get() if cache else None
    if cached is not None:
        return cached
    now = datetime.now(UTC)
    value = InstanceStats(
        user_count=await repository.count_users(session),
        status_count=await repository.count_statuses(session),
        active_month=await repository.count_active_users(session, now - timedelta(days=30)),
        active_halfyear=await repository.count_active_users(session, now - timedelta(days=180)),
    )
    if cache:
        cache.put(value)
    return value


def week_starts(now: datetime, weeks: int = ACTIVITY_WEEKS) -> list[datetime]:
    """Midnight UTC on the Monday of this week and of the ``weeks - 1`` before, newest first."""
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    monday = midnight - timedelta(days=midnight.weekday())
    return [monday - timedelta(weeks=i) for i in range(weeks)]


async def weekly_activity(
    session: AsyncSession, now: datetime | None = None
) -> list[dict[str, str]]:
    """Mastodon's ``/api/v1/instance/activity``: per week, newest first, counts as strings."""
    starts = week_starts(now or datetime.now(UTC))
    weeks = list(zip(starts, [None, *starts[:-1]], strict=True))
    counts = await repository.weekly_counts(session, weeks)
    return [
        {
            "week": str(int(start.timestamp())),
            "statuses": str(count["statuses"]),
            "logins": str(count["logins"]),
            "registrations": str(count["registrations"]),
        }
        for start, count in zip(starts, counts, strict=True)
    ]


def rules() -> list[Rule]:
    """The published rules, in the order they are listed."""
    return list(load_rules())


async def contact_account(session: AsyncSession) -> Account | None:
    return await repository.contact_account(session)
