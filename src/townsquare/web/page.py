"""The ``page`` decorator: cookie session, CSRF check, one transaction, HTML with safe headers.

A view is ``async def view(ctx: PageCtx) -> Response``. Like the API's ``endpoint``, the
decorator opens a session, merges parameters and commits when the view returns; an
``ApiError`` from a service rolls back and renders an error page with the service's message.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Literal
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from townsquare.api.context import Ctx, authenticate, read_params
from townsquare.kit.errors import ApiError
from townsquare.kit.params import Params
from townsquare.models import Account
from townsquare.oauth import csrf
from townsquare.web import sessions
from townsquare.web.format import FILTERS
from townsquare.web.forms import FORM_CHOICES

CSRF_COOKIE = "townsquare_web_csrf"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    enable_async=False,
)
env.filters.update(FILTERS)
env.globals.update(FORM_CHOICES)


@dataclass
class PageCtx(Ctx):
    """A request's context plus what pages need: the CSRF nonce and the session token."""

    csrf_nonce: str = ""
    new_nonce: bool = False
    session_token: str | None = None
    shown_viewer: SimpleNamespace | None = None
    cookies: list[Callable[[Response], None]] = field(default_factory=list)

    @property
    def csrf_token(self) -> str:
        return csrf.form_token(self.settings.secret_key, self.csrf_nonce)


def render(ctx: PageCtx, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """``template`` rendered with the viewer, the CSRF token and the current path."""
    html = env.get_template(template).render(
        viewer=ctx.shown_viewer,
        csrf_token=ctx.csrf_token,
        path=ctx.request.url.path,
        site_title=ctx.settings.title,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def local_path(value: object, default: str = "/") -> str:
    """``value`` when it is a path on this site (never ``//host`` or a scheme), else ``default``."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith(("//", "/\\")):
        return default
    return value if all(32 < ord(ch) < 127 for ch in value) and len(value) < 500 else default


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def back(ctx: PageCtx, default: str = "/") -> RedirectResponse:
    """303 to the form's ``next`` field (a local path), after a POST."""
    return redirect(local_path(ctx.params.data.get("next"), default))


Auth = Literal["required", "optional"]
View = Callable[[PageCtx], Awaitable[Response]]


async def _resolve_session(ctx: PageCtx) -> None:
    token = sessions.token_from_cookie(ctx.request, ctx.settings)
    if token is None:
        return
    try:
        await authenticate(ctx, token)
        ctx.session_token = token
        ctx.shown_viewer = _snapshot(ctx.account)
    except ApiError:  # revoked, expired or disabled: browse signed out
        ctx.token = ctx.account = ctx.user = None


def _snapshot(account: Account | None) -> SimpleNamespace | None:
    """What pages show of the viewer, read once: a rollback later cannot expire it."""
    if account is None:
        return None
    names = ("id", "username", "display_name", "note", "fields", "bot", "locked")
    return SimpleNamespace(**{name: getattr(account, name) for name in names})


def _csrf_nonce(ctx: PageCtx) -> None:
    nonce = csrf.usable_nonce(ctx.request.cookies.get(CSRF_COOKIE))
    ctx.new_nonce = nonce is None
    ctx.csrf_nonce = nonce or csrf.new_nonce()


def _finish(ctx: PageCtx, response: Response) -> Response:
    response.headers.update(ctx.headers)
    response.headers.update(SECURITY_HEADERS)
    if ctx.new_nonce:
        response.set_cookie(CSRF_COOKIE, ctx.csrf_nonce, path="/", httponly=True,
                            samesite="lax", secure=ctx.settings.scheme == "https")  # fmt: skip
    for apply in ctx.cookies:
        apply(response)
    return response


def error_page(ctx: PageCtx, status: int, message: str) -> HTMLResponse:
    return render(ctx, "error.html", status, status=status, message=message)


def page(
    auth: Auth = "optional", *, write_slot: bool = True
) -> Callable[[View], Callable[[Request], Awaitable[Response]]]:
    """Wrap a view; ``required`` sends signed-out visitors to the log-in page.

    ``write_slot=False`` is for views that write through another session (the poll ballot
    box), which must not wait for the slot this request would hold.
    """

    def wrap(view: View) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(view)
        async def run(request: Request) -> Response:
            state = request.app.state
            async with state.db.session() as session:
                ctx = PageCtx(request, session, Params(), state.settings, state.db)
                _csrf_nonce(ctx)
                await _resolve_session(ctx)
                response = await _respond(ctx, view, auth, write_slot)
            return _finish(ctx, response)

        return run

    return wrap


async def _respond(ctx: PageCtx, view: View, auth: Auth, write_slot: bool) -> Response:
    request = ctx.request
    if auth == "required" and ctx.account is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return redirect("/web/login?next=" + quote(local_path(target), safe=""))
    try:
        await ctx.state.rate_limiter.check_request(ctx)  # the API's limits, per token or IP
        ctx.params = await read_params(request)
        if request.method == "POST" and not csrf.is_valid(
            ctx.settings.secret_key,
            None if ctx.new_nonce else ctx.csrf_nonce,
            ctx.params.data.get("csrf_token"),
        ):
            return error_page(ctx, 403, "This form has expired. Go back, reload and try again.")
        async with ctx.db.writer(request.method if write_slot else "GET", request.url.path):
            response = await view(ctx)
            await ctx.session.commit()
        return response
    except ApiError as error:
        await ctx.session.rollback()
        return error_page(ctx, error.status, error.message)
