"""``townsquare log verify``: recompute the public log's hash chain from a URL or a file.

A URL is an instance (``https://host``) or its log endpoint; every page is read, oldest
first, with ``after``/``limit``. A file holds the log as a JSON array or as NDJSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson

from townsquare.moderation import chain

LOG_PATH = "/api/townsquare/v1/transparency/log"
PAGE = 1000


class SourceError(Exception):
    """A log that cannot be read."""


def _log_url(source: str) -> str:
    base = source.split("?", 1)[0].rstrip("/")
    return base if base.endswith(LOG_PATH) else base + LOG_PATH


def _pages(source: str, timeout: float) -> Iterator[dict[str, Any]]:
    url, after = _log_url(source), 0
    with httpx.Client(timeout=timeout) as client:
        while True:
            try:
                response = client.get(url, params={"after": after, "limit": PAGE})
            except httpx.HTTPError as error:
                raise SourceError(f"{url}: {error}") from None
            if response.status_code != 200:
                raise SourceError(f"{url}: HTTP {response.status_code}")
            entries = orjson.loads(response.content)
            yield from entries
            if len(entries) < PAGE:
                return
            after = entries[-1]["seq"]


def _file(source: str) -> list[dict[str, Any]]:
    try:
        content = Path(source.removeprefix("file://")).read_bytes()
    except OSError as error:
        raise SourceError(f"{source}: {error}") from None
    try:
        if content.lstrip().startswith(b"["):
            parsed = orjson.loads(content)
        else:
            parsed = [orjson.loads(line) for line in content.splitlines() if line.strip()]
    except orjson.JSONDecodeError:
        raise SourceError(f"{source}: not a JSON array or NDJSON log") from None
    if not isinstance(parsed, list) or any(not isinstance(e, dict) for e in parsed):
        raise SourceError(f"{source}: not a list of log entries")
    return parsed


def entries_from(source: str, timeout: float = 60.0) -> Iterator[dict[str, Any]]:
    if source.startswith(("http://", "https://")):
        return _pages(source, timeout)
    return iter(_file(source))


def verify_source(source: str) -> chain.Verdict:
    """Recompute the chain of the log at ``source``; the verdict names the first bad entry."""
    return chain.verify(entries_from(source))
