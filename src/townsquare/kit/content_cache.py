"""ContentCache: values computed from database rows, kept under the rows' whole content.

A key holds every column of the rows a value was computed from (``row_content``), so a
changed row is simply a new key: nothing is ever invalidated, and worker processes need
not tell each other anything. Past ``max_entries`` the oldest entries go first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from functools import cache
from typing import Any, Generic, TypeVar

import orjson
from sqlalchemy import JSON

from townsquare.kit.prepared import attribute_keys

V = TypeVar("V")

_UNLOADED = object()


class ContentCache(Generic[V]):
    """A bounded map from content keys to values, in one process."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        # An OrderedDict drops its oldest entry in constant time; a dict would scan past
        # the holes its earlier deletions left at the front.
        self._entries: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable) -> V | None:
        return self._entries.get(key)

    def put(self, key: Hashable, value: V) -> None:
        if key not in self._entries and len(self._entries) >= self.max_entries:
            self._entries.popitem(last=False)
        self._entries[key] = value

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()


@cache
def _layout(model: Any) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The model's attribute names in column order, and the positions of its JSON columns
    (lists and dicts, which cannot be hashed as they are)."""
    keys, _ = attribute_keys(model)
    columns = list(model.__table__.columns)
    return keys, tuple(i for i, c in enumerate(columns) if isinstance(c.type, JSON))


def row_content(obj: Any) -> tuple[Any, ...] | None:
    """Every column value of a mapped instance, as a hashable tuple; ``None`` when one of
    them is not loaded (an expired attribute would be read from the database)."""
    model: Any = type(obj)
    keys, json_positions = _layout(model)
    data = obj.__dict__  # the loaded values, read without the attribute machinery
    values = [data.get(key, _UNLOADED) for key in keys]
    if _UNLOADED in values:
        return None
    for position in json_positions:
        value = values[position]
        if value is not None:
            values[position] = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    return tuple(values)
