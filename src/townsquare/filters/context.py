"""Which filter context a request renders statuses in, from its path.

Statuses are rendered by one shared renderer that does not know which timeline asked;
a small ASGI middleware records the context of the request in a context variable that
the filter extension reads. Paths outside every context (bookmarks, search) get none.
"""

from __future__ import annotations

import re
from contextvars import ContextVar

from starlette.types import ASGIApp, Receive, Scope, Send

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


class FilterContextMiddleware:
    """Set ``current_context`` for the duration of each HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = current_context.set(context_for_path(scope["path"].rstrip("/")))
        try:
            await self.app(scope, receive, send)
        finally:
            current_context.reset(token)
