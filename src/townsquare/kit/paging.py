"""Mastodon-style paging: ``max_id``, ``since_id``, ``min_id``, ``limit`` and ``Link`` headers.

Pages are newest first. ``max_id`` pages back (older than), ``since_id`` bounds from
below and still returns the newest, ``min_id`` returns the entries immediately newer
than it (the page is fetched oldest-first and reversed). The key is whatever column
orders the list: a status id for timelines, a favourite's id for favourites, and so on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from sqlalchemy import Select
from starlette.requests import Request

from townsquare.kit.params import Params

T = TypeVar("T")
PAGING_KEYS = ("max_id", "since_id", "min_id", "limit")


@dataclass(frozen=True)
class PageRequest:
    """One page's bounds, parsed from the request."""

    max_id: int | None = None
    since_id: int | None = None
    min_id: int | None = None
    limit: int = 20

    @classmethod
    def from_params(cls, params: Params, *, default: int = 20, maximum: int = 40) -> PageRequest:
        """Parse paging parameters; a limit beyond ``maximum`` is clamped, as in Mastodon."""
        return cls(
            max_id=_cursor(params, "max_id"),
            since_id=_cursor(params, "since_id"),
            min_id=_cursor(params, "min_id"),
            limit=params.integer("limit", default=default, minimum=1, maximum=maximum, clamp=True),
        )

    def apply(self, query: Select[Any], key: Any) -> Select[Any]:
        """Bound, order and limit ``query`` on ``key`` (one row more than the page, not needed)."""
        if self.max_id is not None:
            query = query.where(key < self.max_id)
        if self.since_id is not None:
            query = query.where(key > self.since_id)
        if self.min_id is not None:
            return query.where(key > self.min_id).order_by(key.asc()).limit(self.limit)
        return query.order_by(key.desc()).limit(self.limit)

    def finish(self, rows: Sequence[T]) -> list[T]:
        """Rows newest first, whichever way ``apply`` fetched them."""
        result = list(rows)
        if self.min_id is not None:
            result.reverse()
        return result


def _cursor(params: Params, name: str) -> int | None:
    value = params.raw(name)
    if value is None or value == "":
        return None
    text = str(value)
    if not text.isdigit() or len(text) > 19:
        # Mastodon ignores cursors it cannot parse rather than failing the request.
        return None
    return int(text)


def link_header(request: Request, keys: Sequence[int]) -> str | None:
    """The ``Link`` header for a page whose entries have paging ``keys`` (newest first)."""
    if not keys:
        return None
    base = str(request.url.replace(query=""))
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in PAGING_KEYS]
    limit = request.query_params.get("limit")
    if limit:
        kept.append(("limit", limit))
    next_url = f"{base}?{urlencode([*kept, ('max_id', str(keys[-1]))])}"
    prev_url = f"{base}?{urlencode([*kept, ('min_id', str(keys[0]))])}"
    return f'<{next_url}>; rel="next", <{prev_url}>; rel="prev"'


def paged_headers(request: Request, items: Sequence[T], key: Callable[[T], int]) -> dict[str, str]:
    """Headers to send with a page of ``items``: the Link header when there are any."""
    link = link_header(request, [key(item) for item in items])
    return {"Link": link} if link else {}
