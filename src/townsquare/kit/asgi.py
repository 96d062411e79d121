"""ASGI helpers shared by feature packages."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any, ClassVar

from starlette.types import ASGIApp, Receive, Scope, Send


class RequestScopedVar:
    """ASGI middleware: ``var`` holds ``value_for(scope)`` while each HTTP request runs,
    and its earlier value again afterwards (a caller running several requests in one
    context, as tests do, never sees an earlier request's value)."""

    var: ClassVar[ContextVar[Any]]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def value_for(self, scope: Scope) -> Any:
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = self.var.set(self.value_for(scope))
        try:
            await self.app(scope, receive, send)
        finally:
            self.var.reset(token)
