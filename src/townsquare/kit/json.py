"""Fast JSON responses (orjson) with Mastodon's conventions."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


class JSON(Response):
    """A JSON response encoded by orjson (datetimes become ISO 8601)."""

    media_type = "application/json; charset=utf-8"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS)


def iso(value: Any) -> str | None:
    """A datetime as Mastodon writes it: ``2026-11-27T07:00:00.000Z``."""
    if value is None:
        return None
    # Stored datetimes are UTC (naive on SQLite, UTC-aware from PostgreSQL): the first 23
    # characters are the date and time to the millisecond either way. isoformat is C code,
    # several times faster than strftime, and a page renders dozens of these.
    return value.isoformat(timespec="milliseconds")[:23] + "Z"
