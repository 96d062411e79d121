"""Which filter context a request renders statuses in, from its path.

Statuses are rendered by one shared renderer that does not know which timeline asked;
a small ASGI middleware records the context of the request in a context variable that
the filter extension reads. Paths outside every context (bookmarks, search) get none.
"""

from __future__ import annotations

import re
from contextvars import ContextVar

from starlette.types import Scope

from townsquare.kit.asgi import RequestScopedVar

CONTEXTS = ("home", "notifications", "public", "thread", "account")
current_context: ContextVar[str | None] = ContextVar("filter_context", default=None)

_PATTERNS = (
    (re.compile(r"^/api/v1/timelines/(home|list/[^/]+)$"), "home"),
    (re.compile(r"^/api/townsquare/v1/feeds(/|$)"), "home"),
    (re.compile(r"^/api/v1/timelines/(public|tag/[^/]+)$"), "public"),
    (re.compile(r"^/api/v1/notifications(/|$)"), "notifications"),
    (re.compile(r"^/api/v2/notifications(/|$)"), "notifications"),
    (re.compile(r"^/api/v1/accounts/[^/]+/statuses$"), "account"),
    (re.compile(r"^/api/v1/statuses/[^/]+(/context)?$"), "thread"),
)


def context_for_path(path: str) -> str | None:
    for pattern, context in _PATTERNS:
        if pattern.match(path):
            return context
    return None


class FilterContextMiddleware(RequestScopedVar):
    """Set ``current_context`` for the duration of each HTTP request."""

    var = current_context

    def value_for(self, scope: Scope) -> str | None:
        return context_for_path(scope["path"].rstrip("/"))
