"""Mastodon API: registration, own credentials and profile, and looking accounts up.

Follows, blocks, mutes, relationships and account statuses live in their own modules.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.accounts import images
from townsquare.accounts import repository as accounts_repository
from townsquare.accounts import service as accounts_service
from townsquare.accounts.profile import PostingDefaults, ProfileUpdate
from townsquare.accounts.registration import LOCALE_RE, RegistrationInvalid, SignUp
from townsquare.accounts.signup import sign_up_through_app
from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.account import render_account, render_credential_account
from townsquare.api.mastodon.entities.application import render_token
from townsquare.kit.errors import Forbidden, NotFound, Unauthorized, Unprocessable
from townsquare.kit.json import JSON
from townsquare.kit.params import Params
from townsquare.models import Account
from townsquare.oauth.scopes import covers, parse_scopes
from townsquare.settings import Settings

# Generous caps on raw input; the services apply Mastodon's own (smaller) limits and wording.
RAW_TEXT_LIMIT = 5000
MAX_ID = (1 << 63) - 1
PRIVACY_VALUES = ("public", "unlisted", "private")


@endpoint(scope="write:accounts", auth="app")
async def register_account(ctx: Ctx) -> Response:
    """POST /api/v1/accounts: sign up through an app token; returns the new user's Token."""
    if not ctx.settings.registrations_open:
        raise Forbidden("Registrations are closed on this server")
    await ctx.state.rate_limiter.check_signup(ctx)
    p = ctx.params
    sign_up = SignUp(
        username=(p.text("username", max_length=RAW_TEXT_LIMIT) or "").strip(),
        email=(p.text("email", max_length=RAW_TEXT_LIMIT) or "").strip(),
        password=p.text("password", max_length=RAW_TEXT_LIMIT) or "",
        agreement=p.boolean("agreement", default=False),
        locale=p.text("locale", max_length=RAW_TEXT_LIMIT),
        reason=p.text("reason", max_length=RAW_TEXT_LIMIT),
    )
    assert ctx.token is not None  # auth="app" guarantees a token
    try:
        issued = await sign_up_through_app(ctx.session, ctx.settings, ctx.token, sign_up)
    except RegistrationInvalid as error:
        await ctx.session.rollback()
        return JSON({"error": error.message, "details": error.details}, status_code=422)
    return JSON(render_token(issued))


async def _credential_account(ctx: Ctx) -> Response:
    account = ctx.viewer
    count = await accounts_repository.follow_requests_count(ctx.session, account.id)
    return JSON(
        render_credential_account(account, ctx.settings, follow_requests_count=count, user=ctx.user)
    )


@endpoint(auth="required")
async def verify_credentials(ctx: Ctx) -> Response:
    """GET /api/v1/accounts/verify_credentials: ``profile`` or ``read:accounts`` scope."""
    granted = set(parse_scopes(ctx.token.scopes if ctx.token else ""))
    if not (covers(granted, "read:accounts") or covers(granted, "profile")):
        raise Forbidden("This action is outside the authorized scopes")
    return await _credential_account(ctx)


async def _refuse_uploads(ctx: Ctx) -> None:
    """Avatars and headers need media storage, which does not exist yet."""
    names = ("avatar", "header")
    sent = any(ctx.params.raw(name) not in (None, "") for name in names)
    content_type = ctx.request.headers.get("content-type", "")
    if not sent and content_type.lower().startswith("multipart/form-data"):
        form = await ctx.request.form()  # already parsed and cached by the decorator
        sent = any(
            isinstance(value, UploadFile) and bool(value.filename or value.size)
            for name in names
            for value in form.getlist(name)
        )
    if sent:
        raise Unprocessable("Validation failed: media uploads are not supported yet")


def _fields(params: Params) -> list[tuple[str, str]] | None:
    if "fields_attributes" not in params:
        return None
    return [
        (
            item.text("name", max_length=RAW_TEXT_LIMIT) or "",
            item.text("value", max_length=RAW_TEXT_LIMIT) or "",
        )
        for item in params.objects("fields_attributes", max_items=50)
    ]


def _posting_defaults(source: Params) -> PostingDefaults:
    """``source[privacy]``, ``source[sensitive]`` and ``source[language]``, validated."""
    privacy = source.text("privacy", max_length=20)
    if privacy is not None and privacy not in PRIVACY_VALUES:
        raise Unprocessable("Validation failed: Privacy is not included in the list")
    language = source.text("language", max_length=10)
    if language and not LOCALE_RE.match(language):
        raise Unprocessable("Validation failed: Language is not included in the list")
    return PostingDefaults(privacy, source.boolean("sensitive"), language)


@endpoint(scope="write:accounts", auth="required")
async def update_credentials(ctx: Ctx) -> Response:
    """PATCH /api/v1/accounts/update_credentials"""
    p = ctx.params
    await _refuse_uploads(ctx)
    update = ProfileUpdate(
        display_name=p.text("display_name", max_length=RAW_TEXT_LIMIT),
        note=p.text("note", max_length=RAW_TEXT_LIMIT),
        fields=_fields(p),
        bot=p.boolean("bot"),
        locked=p.boolean("locked"),
        discoverable=p.boolean("discoverable"),
        indexable=p.boolean("indexable"),
        hide_collections=p.boolean("hide_collections"),
    )
    defaults = _posting_defaults(p.nested("source"))
    await accounts_service.update_profile(ctx.session, ctx.settings, ctx.viewer, update)
    if ctx.user is not None:
        accounts_service.set_posting_defaults(ctx.user, defaults)
    return await _credential_account(ctx)


def _visible(account: Account | None) -> Account:
    if account is None:
        raise NotFound()
    return account


def _render_profile(account: Account, settings: Settings) -> dict[str, Any]:
    """A profile; a suspended one says so with its content blanked, as Mastodon does."""
    entity = render_account(account, settings)
    if account.suspended_at is not None:
        entity.update(display_name="", note="", fields=[], statuses_count=0)
        entity.update(followers_count=0, following_count=0, last_status_at=None)
    return entity


@endpoint(scope="read:accounts", auth="optional")
async def get_account(ctx: Ctx) -> Response:
    """GET /api/v1/accounts/:id"""
    account_id = int(ctx.request.path_params["id"])
    if account_id > MAX_ID:
        raise NotFound()
    account = _visible(await accounts_repository.get(ctx.session, account_id))
    return JSON(_render_profile(account, ctx.settings))


@endpoint(scope="read:accounts", auth="optional")
async def get_accounts(ctx: Ctx) -> Response:
    """GET /api/v1/accounts?id[]=...: several accounts, in the order asked, skipping missing."""
    ids = ctx.params.ids("id", max_items=40)
    found = await accounts_repository.read_many(ctx.session, ids)
    accounts = [found[i] for i in dict.fromkeys(ids) if i in found]
    return JSON([render_account(a, ctx.settings) for a in accounts if a.suspended_at is None])


def _local_username(ctx: Ctx, acct: str) -> str | None:
    """The username in ``user`` or ``user@<our domain>``; ``None`` for other servers."""
    username, _, domain = acct.strip().lstrip("@").partition("@")
    if domain and domain.lower() != ctx.settings.domain.lower():
        return None
    return username


@endpoint(scope="read:accounts", auth="optional")
async def lookup(ctx: Ctx) -> Response:
    """GET /api/v1/accounts/lookup?acct=user[@domain]"""
    acct = ctx.params.text("acct", required=True, max_length=400)
    username = _local_username(ctx, acct)
    if not username:
        raise NotFound()
    account = _visible(await accounts_repository.by_username(ctx.session, username))
    return JSON(_render_profile(account, ctx.settings))


@endpoint(scope="read:accounts", auth="optional")
async def search(ctx: Ctx) -> Response:
    """GET /api/v1/accounts/search?q=&limit=&offset=&following="""
    p = ctx.params
    query = p.text("q", required=True, max_length=300)
    limit = p.integer("limit", default=40, minimum=1, maximum=80, clamp=True)
    offset = p.integer("offset", default=0, minimum=0, maximum=10_000)
    following = p.boolean("following", default=False)
    p.boolean("resolve")  # nothing remote to resolve: every account is local
    if following and ctx.account is None:
        raise Unauthorized("This method requires an authenticated user")
    username = _local_username(ctx, query)
    if not username:
        return JSON([])
    accounts = await accounts_repository.search(
        ctx.session,
        username,
        limit=limit,
        offset=offset,
        followed_by=ctx.viewer_id if following else None,
    )
    return JSON([render_account(a, ctx.settings) for a in accounts])


IMAGE_HEADERS = {"Cache-Control": "public, max-age=86400"}


async def default_avatar(_request: Request) -> Response:
    """GET /avatars/original/missing.png"""
    return Response(images.default_avatar(), media_type="image/png", headers=IMAGE_HEADERS)


async def default_header(_request: Request) -> Response:
    """GET /headers/original/missing.png"""
    return Response(images.default_header(), media_type="image/png", headers=IMAGE_HEADERS)


routes: list[BaseRoute] = [
    Route("/api/v1/accounts", register_account, methods=["POST"]),
    Route("/api/v1/accounts", get_accounts, methods=["GET"]),
    Route("/api/v1/accounts/verify_credentials", verify_credentials, methods=["GET"]),
    Route("/api/v1/accounts/update_credentials", update_credentials, methods=["PATCH"]),
    Route("/api/v1/accounts/lookup", lookup, methods=["GET"]),
    Route("/api/v1/accounts/search", search, methods=["GET"]),
    Route("/api/v1/accounts/{id:int}", get_account, methods=["GET"]),
    Route("/avatars/original/missing.png", default_avatar, methods=["GET"]),
    Route("/headers/original/missing.png", default_header, methods=["GET"]),
]
