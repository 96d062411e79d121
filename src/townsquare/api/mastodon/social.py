"""Mastodon API: follows, follow requests, blocks, mutes, relationships and follow lists."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.accounts import repository as accounts
from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.account import render_account
from townsquare.api.mastodon.entities.relationship import render_relationship
from townsquare.ids import parse_id
from townsquare.kit.errors import NotFound
from townsquare.kit.json import JSON, iso
from townsquare.kit.paging import PageRequest, paged_headers
from townsquare.models import Account
from townsquare.social import pages, policy, service
from townsquare.social.relationships import relationship, relationships

MAX_RELATIONSHIP_IDS = 100
MAX_LANGUAGES = 20
LIST_DEFAULT, LIST_MAXIMUM = 40, 80


async def _account_in_path(ctx: Ctx) -> Account:
    """The account named by the path's id; 404 when there is none."""
    account_id = parse_id(ctx.request.path_params["id"])
    account = await accounts.get(ctx.session, account_id) if account_id else None
    if account is None:
        raise NotFound()
    return account


async def _relationship_to(ctx: Ctx, account_id: int) -> Response:
    return JSON(render_relationship(await relationship(ctx.session, ctx.viewer.id, account_id)))


def _page(ctx: Ctx) -> PageRequest:
    return PageRequest.from_params(ctx.params, default=LIST_DEFAULT, maximum=LIST_MAXIMUM)


def _accounts_page(ctx: Ctx, rows: Sequence[tuple[int, Account]]) -> Response:
    entities = [render_account(account, ctx.settings) for _, account in rows]
    return JSON(entities, headers=paged_headers(ctx.request, rows, key=lambda row: row[0]))


@endpoint(scope="write:follows", auth="required")
async def follow(ctx: Ctx) -> Response:
    reblogs = ctx.params.boolean("reblogs")
    notify = ctx.params.boolean("notify")
    # Accepted for compatibility; home timelines do not filter by language yet.
    ctx.params.strings("languages", max_items=MAX_LANGUAGES, max_length=16)
    target = await _account_in_path(ctx)
    await service.follow(
        ctx.session, ctx.settings, ctx.viewer, target, reblogs=reblogs, notify=notify
    )
    return await _relationship_to(ctx, target.id)


def _simple_action(
    scope: str, act: Callable[[AsyncSession, Account, Account], Awaitable[None]]
) -> Any:
    """An endpoint that applies ``act(session, viewer, target)`` and returns the Relationship."""

    @endpoint(scope=scope, auth="required")
    async def handler(ctx: Ctx) -> Response:
        target = await _account_in_path(ctx)
        await act(ctx.session, ctx.viewer, target)
        return await _relationship_to(ctx, target.id)

    return handler


unfollow = _simple_action("write:follows", service.unfollow)
remove_from_followers = _simple_action("write:follows", service.remove_from_followers)
block = _simple_action("write:blocks", service.block)
unblock = _simple_action("write:blocks", service.unblock)
unmute = _simple_action("write:mutes", service.unmute)


@endpoint(scope="write:mutes", auth="required")
async def mute(ctx: Ctx) -> Response:
    notifications = ctx.params.boolean("notifications", default=True)
    duration = ctx.params.integer(
        "duration", default=0, minimum=0, maximum=service.MAX_MUTE_SECONDS
    )
    target = await _account_in_path(ctx)
    await service.mute(
        ctx.session, ctx.viewer, target, notifications=notifications, duration=duration
    )
    return await _relationship_to(ctx, target.id)


@endpoint(scope="read:follows", auth="required")
async def relationships_index(ctx: Ctx) -> Response:
    ids = ctx.params.ids("id", max_items=MAX_RELATIONSHIP_IDS)
    with_suspended = ctx.params.boolean("with_suspended", default=False)
    found = await relationships(ctx.session, ctx.viewer.id, ids, with_suspended=with_suspended)
    return JSON([render_relationship(rel) for rel in found])


@endpoint(scope="read:accounts", auth="optional")
async def followers(ctx: Ctx) -> Response:
    page = _page(ctx)
    owner = await _account_in_path(ctx)
    if await policy.hides_follow_lists_from(ctx.session, owner, ctx.viewer_id):
        return JSON([])
    return _accounts_page(ctx, await pages.followers(ctx.session, owner.id, page, ctx.viewer_id))


@endpoint(scope="read:accounts", auth="optional")
async def following(ctx: Ctx) -> Response:
    page = _page(ctx)
    owner = await _account_in_path(ctx)
    if await policy.hides_follow_lists_from(ctx.session, owner, ctx.viewer_id):
        return JSON([])
    return _accounts_page(ctx, await pages.following(ctx.session, owner.id, page, ctx.viewer_id))


@endpoint(scope="read:follows", auth="required")
async def follow_requests(ctx: Ctx) -> Response:
    rows = await pages.follow_requests(ctx.session, ctx.viewer.id, _page(ctx))
    return _accounts_page(ctx, rows)


@endpoint(scope="write:follows", auth="required")
async def authorize_follow_request(ctx: Ctx) -> Response:
    requester_id = _requester_id(ctx)
    await service.authorize_request(ctx.session, ctx.settings, ctx.viewer, requester_id)
    return await _relationship_to(ctx, requester_id)


@endpoint(scope="write:follows", auth="required")
async def reject_follow_request(ctx: Ctx) -> Response:
    requester_id = _requester_id(ctx)
    await service.reject_request(ctx.session, ctx.viewer, requester_id)
    return await _relationship_to(ctx, requester_id)


def _requester_id(ctx: Ctx) -> int:
    requester_id = parse_id(ctx.request.path_params["id"])
    if requester_id is None:
        raise NotFound()
    return requester_id


@endpoint(scope="read:blocks", auth="required")
async def blocks(ctx: Ctx) -> Response:
    return _accounts_page(ctx, await pages.blocks(ctx.session, ctx.viewer.id, _page(ctx)))


@endpoint(scope="read:mutes", auth="required")
async def mutes(ctx: Ctx) -> Response:
    rows = await pages.mutes(ctx.session, ctx.viewer.id, _page(ctx))
    entities: list[dict[str, Any]] = []
    for _, account, expires_at in rows:
        entity = render_account(account, ctx.settings)
        entity["mute_expires_at"] = iso(expires_at)
        entities.append(entity)
    return JSON(entities, headers=paged_headers(ctx.request, rows, key=lambda row: row[0]))


def _post(path: str, handler: Any) -> Route:
    return Route(path, handler, methods=["POST"])


def _get(path: str, handler: Any) -> Route:
    return Route(path, handler, methods=["GET"])


ACCOUNT = "/api/v1/accounts/{id:int}"
REQUEST = "/api/v1/follow_requests/{id:int}"

routes: list[BaseRoute] = [
    _get("/api/v1/accounts/relationships", relationships_index),
    _post(f"{ACCOUNT}/follow", follow),
    _post(f"{ACCOUNT}/unfollow", unfollow),
    _post(f"{ACCOUNT}/remove_from_followers", remove_from_followers),
    _post(f"{ACCOUNT}/block", block),
    _post(f"{ACCOUNT}/unblock", unblock),
    _post(f"{ACCOUNT}/mute", mute),
    _post(f"{ACCOUNT}/unmute", unmute),
    _get(f"{ACCOUNT}/followers", followers),
    _get(f"{ACCOUNT}/following", following),
    _get("/api/v1/follow_requests", follow_requests),
    _post(f"{REQUEST}/authorize", authorize_follow_request),
    _post(f"{REQUEST}/reject", reject_follow_request),
    _get("/api/v1/blocks", blocks),
    _get("/api/v1/mutes", mutes),
]
