"""The ``endpoint`` decorator: authentication, scopes, rate limits, parameters, one transaction.

An endpoint is ``async def handler(ctx: Ctx) -> Response``. The decorator opens a
session, resolves the bearer token, enforces the scope, merges path, query and body
parameters into ``ctx.params``, and commits when the handler returns. Services never
commit; an exception rolls everything back, so nothing is half-written.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import orjson
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from townsquare.db import READ_METHODS, Database
from townsquare.kit.errors import BadRequest, Forbidden, PayloadTooLarge, Unauthorized
from townsquare.kit.params import Params, nest_pairs
from townsquare.models import Account, OAuthToken, User
from townsquare.models.base import as_utc
from townsquare.oauth import repository as oauth_repo
from townsquare.oauth.scopes import covers, parse_scopes
from townsquare.oauth.secrets import digest
from townsquare.oauth.viewer_facts import remember_viewer_facts
from townsquare.settings import Settings

MAX_BODY_BYTES = 1 << 20
Auth = Literal["required", "optional", "app", "none"]


@dataclass
class Ctx:
    """Everything a handler needs for one request."""

    request: Request
    session: AsyncSession
    params: Params
    settings: Settings
    db: Database
    token: OAuthToken | None = None
    account: Account | None = None
    user: User | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def viewer(self) -> Account:
        """The authenticated account (the decorator guarantees one when auth is required)."""
        if self.account is None:
            raise Unauthorized("The access token is invalid")
        return self.account

    @property
    def viewer_id(self) -> int | None:
        return self.account.id if self.account else None

    @property
    def client_ip(self) -> str:
        return self.request.client.host if self.request.client else "unknown"

    @property
    def state(self) -> Any:
        return self.request.app.state


@dataclass(frozen=True)
class AfterCommit:
    """What a writing handler returns to render its answer once its writes are committed.

    The render then runs outside SQLite's write slot and after PostgreSQL released the
    rows the request locked, so the next writer does not wait for it. As in Mastodon, the
    write stands even if rendering fails; a client retrying with its Idempotency-Key gets
    the same status back.
    """

    render: Callable[[], Awaitable[Response]]


Handler = Callable[[Ctx], Awaitable[Response | AfterCommit]]


async def read_params(request: Request) -> Params:
    """Merge query, body (JSON, urlencoded or multipart) and path parameters."""
    data: dict[str, Any] = nest_pairs(request.query_params.multi_items())
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        data.update(await _read_body(request))
    data.update(request.path_params)
    return Params(data)


async def _read_body(request: Request) -> dict[str, Any]:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise PayloadTooLarge("Request body is too large")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.form(max_files=4, max_fields=500)
        except Exception as error:  # python-multipart raises several types
            raise BadRequest(f"Malformed form body: {error}") from None
        return nest_pairs((k, v) for k, v in form.multi_items() if isinstance(v, str))
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise PayloadTooLarge("Request body is too large")
    if not body.strip():
        return {}
    if content_type and not content_type.endswith("json"):
        raise BadRequest(f"Unsupported content type: {content_type}")
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise BadRequest("Malformed JSON body") from None
    if not isinstance(parsed, dict):
        raise BadRequest("The JSON body must be an object")
    return parsed


def bearer_token(request: Request) -> str | None:
    """The bearer token from the Authorization header (or ``access_token`` in the query)."""
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return request.query_params.get("access_token") or None


async def authenticate(ctx: Ctx, raw_token: str, *, attach: bool = True) -> None:
    """Resolve a bearer token into ``ctx.token`` / ``ctx.account`` or raise 401. Without
    ``attach`` (a read), they stay out of the session: changes to them are not saved."""
    found = await oauth_repo.token_with_account(ctx.session, digest(raw_token), attach=attach)
    if found is None:
        raise Unauthorized("The access token is invalid")
    token, account, user = found.token, found.account, found.user
    now = datetime.now(UTC)
    expires_at = as_utc(token.expires_at)
    if token.revoked_at is not None or (expires_at is not None and expires_at <= now):
        raise Unauthorized("The access token is invalid")
    if account is not None and (account.suspended_at is not None or (user and user.disabled)):
        raise Forbidden("Your login is currently disabled")
    ctx.token, ctx.account, ctx.user = token, account, user
    if account is not None:
        remember_viewer_facts(account.id, found.facts)


def check_scope(ctx: Ctx, scope: str | None) -> None:
    """403 unless the token's scopes cover ``scope``."""
    if scope is None or ctx.token is None:
        return
    if not covers(set(parse_scopes(ctx.token.scopes)), scope):
        raise Forbidden("This action is outside the authorized scopes")


def endpoint(
    scope: str | None = None, auth: Auth = "optional", writes: bool = False
) -> Callable[[Handler], Any]:
    """Wrap a handler: ``auth`` is required (a user), app (any token), optional or none.
    ``writes``: the handler may write whatever the method (a GET that stores something), so
    it takes SQLite's write slot like a POST does."""

    def wrap(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            state = request.app.state
            db: Database = state.db
            async with db.session() as session:
                ctx = Ctx(request, session, Params(), state.settings, db)
                raw = bearer_token(request) if auth != "none" else None
                method = "POST" if writes else request.method
                if raw:
                    await authenticate(ctx, raw, attach=method not in READ_METHODS)
                if auth == "required" and ctx.account is None:
                    raise Unauthorized("This method requires an authenticated user")
                if auth == "app" and ctx.token is None:
                    raise Unauthorized("The access token is invalid")
                await state.rate_limiter.check_request(ctx)
                check_scope(ctx, scope)
                ctx.params = await read_params(request)
                # The scope's path: ``request.url`` builds a URL object per request.
                async with db.writer(method, request.scope["path"]):
                    result = await handler(ctx)
                    await session.commit()
                response = result if isinstance(result, Response) else await result.render()
            response.headers.update(ctx.headers)
            return response

        run.scope = scope  # type: ignore[attr-defined]
        run.auth = auth  # type: ignore[attr-defined]
        return run

    return wrap
