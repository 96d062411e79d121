"""Facts about a request's reader, read in the same statement as the bearer token.

Feature packages ask something of nearly every request's reader: which feed they chose
for their home, whether they have any filters. Asked on its own, each question costs a
round trip (about 0.2 ms on PostgreSQL). Registered here, it becomes a column of the token's
statement (a scalar subquery on the token's account), and the request reads the answer
from memory with ``viewer_fact``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any

from sqlalchemy import ColumnElement
from starlette.types import Scope

from townsquare.kit.asgi import RequestScopedVar

# Given the token's account id column, a scalar SQL expression about that account.
Fact = Callable[[Any], ColumnElement[Any]]

UNKNOWN: Any = object()  # what ``viewer_fact`` answers when the fact was not read

_facts: dict[str, Fact] = {}
_listeners: list[Callable[[], None]] = []
# The account whose facts were read last in this request, and those facts.
_read: ContextVar[tuple[int, Mapping[str, Any]] | None] = ContextVar("viewer_facts", default=None)


def register_viewer_fact(name: str, fact: Fact) -> None:
    """Read ``fact`` with every bearer token from now on."""
    if _facts.get(name) is not fact:
        _facts[name] = fact
        for listener in _listeners:
            listener()


def registered_facts() -> dict[str, Fact]:
    return dict(_facts)


def on_registration(listener: Callable[[], None]) -> None:
    """Call ``listener`` whenever a fact is registered (to rebuild a cached statement)."""
    _listeners.append(listener)


def remember_viewer_facts(account_id: int, facts: Mapping[str, Any]) -> None:
    """Keep what the token's statement read about ``account_id`` for this request."""
    _read.set((account_id, facts))


def forget_viewer_facts() -> None:
    """Drop this request's facts: it has just changed one of them (its later reads then ask
    the database)."""
    _read.set(None)


def viewer_fact(account_id: int, name: str) -> Any:
    """The fact ``name`` about ``account_id`` as this request read it, or ``UNKNOWN`` (not
    read for this account in this request: the caller asks the database itself)."""
    read = _read.get()
    if read is None or read[0] != account_id:
        return UNKNOWN
    return read[1].get(name, UNKNOWN)


class ViewerFactsScope(RequestScopedVar):
    """ASGI middleware: each HTTP request starts with no facts read and leaves none behind."""

    var = _read

    def value_for(self, scope: Scope) -> None:
        return None
