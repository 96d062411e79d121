"""Template filters: times, counts and percentages as people read them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def _parse(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def ago(value: Any, now: datetime | None = None) -> str:
    """``5m``, ``3h``, ``2d`` or the date, like Mastodon's timestamps."""
    moment = _parse(value)
    if moment is None:
        return ""
    seconds = int(((now or datetime.now(UTC)) - moment).total_seconds())
    if seconds < 60:
        return "now" if seconds < 5 else f"{max(seconds, 0)}s"
    for size, unit in ((86400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size and (unit != "d" or seconds < 7 * 86400):
            return f"{seconds // size}{unit}"
    return moment.strftime("%d %b %Y")


def datetime_text(value: Any) -> str:
    moment = _parse(value)
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def percent(part: Any, whole: Any) -> float:
    """``part`` as a percentage of ``whole`` (0 when there is nothing to divide)."""
    try:
        return round(100.0 * float(part) / float(whole), 1) if whole else 0.0
    except (TypeError, ValueError):
        return 0.0


def number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def safe_url(value: Any) -> str:
    """``value`` when it is an http(s) link, else ``#``: escaping alone lets ``javascript:`` by."""
    if isinstance(value, str) and value.lower().startswith(("https://", "http://")):
        return value
    return "#"


FILTERS = {
    "safe_url": safe_url,
    "ago": ago,
    "datetime_text": datetime_text,
    "percent": percent,
    "number": number,
}
