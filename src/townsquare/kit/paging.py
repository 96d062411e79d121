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

from sqlalchemy import BigInteger, Integer, Select, bindparam
from starlette.requests import Request

from townsquare.ids import parse_id
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

    @property
    def shape(self) -> tuple[bool, bool, bool]:
        """Which bounds are set (max_id, since_id, min_id): all that changes a page's SQL text."""
        return (self.max_id is not None, self.since_id is not None, self.min_id is not None)

    def bind_values(self) -> dict[str, int]:
        """Values for the bind parameters that ``apply_bound`` puts in a statement."""
        values = {"page_limit": self.limit}
        for name in ("max_id", "since_id", "min_id"):
            value = getattr(self, name)
            if value is not None:
                values[f"page_{name}"] = value
        return values

    def finish(self, rows: Sequence[T]) -> list[T]:
        """Rows newest first, whichever way ``apply`` fetched them."""
        result = list(rows)
        if self.min_id is not None:
            result.reverse()
        return result


def apply_bound(query: Select[Any], key: Any, shape: tuple[bool, bool, bool]) -> Select[Any]:
    """``PageRequest.apply`` with named bind parameters instead of values.

    A statement built this way (for one ``PageRequest.shape``) can be cached and run for
    every page with ``page.bind_values()``: SQLAlchemy then neither rebuilds nor
    recompiles it, which matters for the large statements of hot timelines.
    """
    has_max, has_since, has_min = shape
    if has_max:
        query = query.where(key < bindparam("page_max_id", type_=BigInteger))
    if has_since:
        query = query.where(key > bindparam("page_since_id", type_=BigInteger))
    # Inlined at execution: with a bound LIMIT, PostgreSQL's generic plan for a prepared
    # statement cannot tell a page from a full scan and sorts everything.
    limit = bindparam("page_limit", type_=Integer, literal_execute=True)
    if has_min:
        query = query.where(key > bindparam("page_min_id", type_=BigInteger))
        return query.order_by(key.asc()).limit(limit)
    return query.order_by(key.desc()).limit(limit)


def _cursor(params: Params, name: str) -> int | None:
    value = params.raw(name)
    if value is None or value == "":
        return None
    text = str(value)
    # Mastodon ignores cursors it cannot parse rather than failing the request; beyond
    # 63 bits a cursor would overflow the database's BIGINT, so it is ignored too.
    return parse_id(text)


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
