"""Mastodon API: statuses — post, read, edit, delete, thread, reblog, favourite, bookmark, pin."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import AfterCommit, Ctx, endpoint
from townsquare.api.mastodon.entities.account import render_account
from townsquare.api.mastodon.entities.status import (
    render_status,
    render_status_map,
    render_statuses,
)
from townsquare.api.mastodon.entities.status_edit import render_status_edits, render_status_source
from townsquare.ids import parse_id
from townsquare.kit.errors import NotFound, Unprocessable
from townsquare.kit.json import JSON
from townsquare.kit.paging import PageRequest, paged_headers
from townsquare.models import Account, Status
from townsquare.statuses import attachments, interactions, policy, repository, service, threads

MAX_STATUS_INPUT = 100_000  # raw characters; the counted limit is settings.max_characters
MAX_IDEMPOTENCY_KEY = 200
MAX_IDS = 20
LIST_DEFAULT, LIST_MAXIMUM = 40, 80


def _status_id(ctx: Ctx) -> int:
    """The path's id; beyond 64 bits it cannot name a status, so it is a 404 too."""
    status_id = parse_id(ctx.request.path_params["id"])
    if status_id is None:
        raise NotFound()
    return status_id


async def _render(ctx: Ctx, status: Status) -> Response:
    return JSON(await render_status(ctx.session, ctx.account, status, ctx.settings))


def _refuse_unsupported(ctx: Ctx) -> None:
    """Media, polls and scheduling belong to later issues: refuse them clearly."""
    if ctx.params.strings("media_ids", max_items=4, max_length=20):
        raise Unprocessable("Media attachments are not supported yet")
    if ctx.params.raw("poll") and not attachments.handles("poll"):
        raise Unprocessable("Polls are not supported yet")
    if ctx.params.raw("scheduled_at"):
        raise Unprocessable("Scheduled statuses are not supported yet")


def _idempotency_key(ctx: Ctx) -> str | None:
    key = ctx.request.headers.get("idempotency-key")
    if key and len(key) > MAX_IDEMPOTENCY_KEY:
        raise Unprocessable(
            "Validation failed: Idempotency-Key is too long (maximum is 200 characters)"
        )
    return key or None


@endpoint(scope="write:statuses", auth="required")
async def create(ctx: Ctx) -> Response | AfterCommit:
    _refuse_unsupported(ctx)
    p = ctx.params
    user = ctx.user  # the author's posting defaults apply where the request is silent
    draft = service.Draft(
        text=p.text("status", max_length=MAX_STATUS_INPUT, default=""),
        spoiler_text=p.text("spoiler_text", max_length=MAX_STATUS_INPUT, default=""),
        sensitive=p.boolean("sensitive", default=user.default_sensitive if user else False),
        visibility=p.text("visibility", max_length=20, default="")
        or (user.default_privacy if user else "public"),
        language=p.text("language", max_length=10) or (user.default_language if user else None),
        in_reply_to_id=p.id("in_reply_to_id"),
        idempotency_key=_idempotency_key(ctx),
        application_id=ctx.token.app_id if ctx.token else None,
        attachments=attachments.parse_all(p, ctx.settings),
    )
    posted = await service.post(ctx.session, ctx.settings, ctx.viewer, draft)
    if not posted.new:  # an Idempotency-Key named an earlier post
        return await _render(ctx, posted.status)

    # Rendered after the commit: outside SQLite's write slot and PostgreSQL's row locks.
    return AfterCommit(lambda: _render(ctx, posted.status))


@endpoint(scope="read:statuses")
async def show(ctx: Ctx) -> Response:
    return await _render(ctx, await service.find_visible(ctx.session, ctx.account, _status_id(ctx)))


@endpoint(scope="read:statuses")
async def index(ctx: Ctx) -> Response:
    """Several statuses by id, in the order asked; unknown and hidden ones are left out."""
    ids = ctx.params.ids("id", max_items=MAX_IDS)
    found = await repository.read_many(ctx.session, ids)
    originals = await repository.read_many(
        ctx.session, {s.reblog_of_id for s in found.values() if s.reblog_of_id}
    )
    visible = await policy.visible_ids(
        ctx.session, ctx.account, [*found.values(), *originals.values()]
    )
    shown = [
        found[i]
        for i in dict.fromkeys(ids)
        if i in visible and (found[i].reblog_of_id is None or found[i].reblog_of_id in visible)
    ]
    return JSON(await render_statuses(ctx.session, ctx.account, shown, ctx.settings))


@endpoint(scope="write:statuses", auth="required")
async def update(ctx: Ctx) -> Response:
    _refuse_unsupported(ctx)
    p = ctx.params
    changes = service.Changes(
        text=p.text("status", max_length=MAX_STATUS_INPUT),
        spoiler_text=p.text("spoiler_text", max_length=MAX_STATUS_INPUT),
        sensitive=p.boolean("sensitive"),
        language=p.text("language", max_length=10),
        attachments=attachments.parse_all(p, ctx.settings),
    )
    status = await service.find_own(ctx.session, ctx.viewer, _status_id(ctx))
    status = await service.edit(ctx.session, ctx.settings, ctx.viewer, status, changes)
    return await _render(ctx, status)


@endpoint(scope="write:statuses", auth="required")
async def destroy(ctx: Ctx) -> Response:
    """Delete one's own status; the answer carries its source text, for delete-and-redraft."""
    status = await service.find_own(ctx.session, ctx.viewer, _status_id(ctx))
    entity = await render_status(ctx.session, ctx.viewer, status, ctx.settings)
    entity["text"] = status.text
    await service.delete(ctx.session, status)
    return JSON(entity)


@endpoint(scope="read:statuses")
async def history(ctx: Ctx) -> Response:
    status = await service.find_visible(ctx.session, ctx.account, _status_id(ctx))
    edits = await repository.edits_for(ctx.session, status.id)
    author = await ctx.session.get(Account, status.account_id)
    assert author is not None
    return JSON(render_status_edits(status, edits, author, ctx.settings))


@endpoint(scope="read:statuses", auth="app")
async def source(ctx: Ctx) -> Response:
    status = await service.find_visible(ctx.session, ctx.account, _status_id(ctx))
    return JSON(render_status_source(status))


@endpoint(scope="read:statuses")
async def context(ctx: Ctx) -> Response:
    status = await service.find_visible(ctx.session, ctx.account, _status_id(ctx))
    ancestors, descendants = await threads.context(ctx.session, ctx.account, status)
    shown = await render_status_map(
        ctx.session, ctx.account, [*ancestors, *descendants], ctx.settings
    )
    return JSON(
        {
            "ancestors": [shown[s.id] for s in ancestors if s.id in shown],
            "descendants": [shown[s.id] for s in descendants if s.id in shown],
        }
    )


def _accounts_page(ctx: Ctx, rows: Sequence[tuple[int, Account]]) -> Response:
    entities = [render_account(account, ctx.settings) for _, account in rows]
    return JSON(entities, headers=paged_headers(ctx.request, rows, key=lambda row: row[0]))


async def _without_hidden(ctx: Ctx, rows: list[tuple[int, Account]]) -> list[tuple[int, Account]]:
    """Leave out accounts the viewer blocks, is blocked by or mutes, as Mastodon does."""
    if ctx.account is None or not rows:
        return rows
    ids = {account.id for _, account in rows}
    hidden = await repository.blocked_either_way_among(ctx.session, ctx.account.id, ids)
    hidden |= await repository.muted_among(ctx.session, ctx.account.id, ids)
    return [row for row in rows if row[1].id not in hidden]


@endpoint(scope="read:statuses")
async def favourited_by(ctx: Ctx) -> Response:
    page = PageRequest.from_params(ctx.params, default=LIST_DEFAULT, maximum=LIST_MAXIMUM)
    status = await service.find_target(ctx.session, ctx.account, _status_id(ctx))
    rows = await repository.favourites_page(ctx.session, status.id, page)
    return _accounts_page(ctx, await _without_hidden(ctx, rows))


@endpoint(scope="read:statuses")
async def reblogged_by(ctx: Ctx) -> Response:
    page = PageRequest.from_params(ctx.params, default=LIST_DEFAULT, maximum=LIST_MAXIMUM)
    status = await service.find_target(ctx.session, ctx.account, _status_id(ctx))
    rows = await repository.reblogs_page(ctx.session, status.id, page)
    return _accounts_page(ctx, await _without_hidden(ctx, rows))


@endpoint(scope="write:statuses", auth="required")
async def reblog(ctx: Ctx) -> Response:
    visibility = ctx.params.text("visibility", max_length=20, default="") or "public"
    status = await service.find_target(ctx.session, ctx.viewer, _status_id(ctx))
    wrapper = await interactions.reblog(ctx.session, ctx.settings, ctx.viewer, status, visibility)
    return await _render(ctx, wrapper)


Verb = Callable[[Any, Account, Status], Awaitable[None]]


def _verb(scope: str, action: Verb, *, target: bool = True) -> Any:
    """An endpoint that applies ``action`` to a visible status and answers with the status."""

    async def handler(ctx: Ctx) -> Response:
        find = service.find_target if target else service.find_visible
        status = await find(ctx.session, ctx.viewer, _status_id(ctx))
        await action(ctx.session, ctx.viewer, status)
        await ctx.session.flush()
        await ctx.session.refresh(status)
        return await _render(ctx, status)

    handler.__name__ = handler.__qualname__ = action.__name__
    return endpoint(scope=scope, auth="required")(handler)


BASE = "/api/v1/statuses"
ONE = BASE + "/{id:int}"

routes: list[BaseRoute] = [
    Route(BASE, create, methods=["POST"]),
    Route(BASE, index, methods=["GET"]),
    Route(ONE, show, methods=["GET"]),
    Route(ONE, update, methods=["PUT"]),
    Route(ONE, destroy, methods=["DELETE"]),
    Route(ONE + "/history", history, methods=["GET"]),
    Route(ONE + "/source", source, methods=["GET"]),
    Route(ONE + "/context", context, methods=["GET"]),
    Route(ONE + "/favourited_by", favourited_by, methods=["GET"]),
    Route(ONE + "/reblogged_by", reblogged_by, methods=["GET"]),
    Route(ONE + "/reblog", reblog, methods=["POST"]),
    Route(ONE + "/unreblog", _verb("write:statuses", interactions.unreblog), methods=["POST"]),
    Route(ONE + "/favourite", _verb("write:favourites", interactions.favourite), methods=["POST"]),
    Route(
        ONE + "/unfavourite", _verb("write:favourites", interactions.unfavourite), methods=["POST"]
    ),
    Route(ONE + "/bookmark", _verb("write:bookmarks", interactions.bookmark), methods=["POST"]),
    Route(ONE + "/unbookmark", _verb("write:bookmarks", interactions.unbookmark), methods=["POST"]),
    Route(ONE + "/pin", _verb("write:accounts", interactions.pin, target=False), methods=["POST"]),
    Route(ONE + "/unpin", _verb("write:accounts", interactions.unpin), methods=["POST"]),
    Route(ONE + "/mute", _verb("write:mutes", interactions.mute_conversation), methods=["POST"]),
    Route(
        ONE + "/unmute", _verb("write:mutes", interactions.unmute_conversation), methods=["POST"]
    ),
]
