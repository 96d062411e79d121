"""Mastodon API: ``GET /api/v2/search`` and ``GET /api/v1/tags/:name``."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.account import render_account
from townsquare.api.mastodon.entities.status import render_statuses
from townsquare.api.mastodon.entities.tag import render_tag
from townsquare.kit.errors import BadRequest, NotFound, Unauthorized, Unprocessable
from townsquare.kit.json import JSON
from townsquare.kit.paging import PageRequest
from townsquare.search import repository as search_repo
from townsquare.search.service import SEARCH_TYPES, SearchRequest, search, tag_histories
from townsquare.search.terms import MAX_TERM_LENGTH

MAX_QUERY_LENGTH = 500
DEFAULT_LIMIT = 20
MAX_LIMIT = 40
# Deep offsets make the database walk every earlier match; cursors (max_id) page further.
MAX_OFFSET = 10_000


def _search_request(ctx: Ctx) -> SearchRequest:
    """Validate the parameters, with Mastodon's messages where Mastodon has one."""
    params = ctx.params
    q = params.text("q", max_length=MAX_QUERY_LENGTH)
    if q is None or not q.strip():
        raise BadRequest("param is missing or the value is empty: q")
    kind = params.text("type", max_length=20) or None
    if kind is not None and kind not in SEARCH_TYPES:
        raise Unprocessable("Validation failed: type must be one of accounts, hashtags, statuses")
    signed_in = ctx.account is not None
    if not signed_in and params.raw("offset") not in (None, ""):
        raise Unauthorized("Search queries pagination is not supported without authentication")
    if not signed_in and params.boolean("resolve", default=False):
        raise Unauthorized(
            "Search queries that resolve remote resources are not supported without authentication"
        )
    limit = params.integer("limit", default=DEFAULT_LIMIT)
    offset = params.integer("offset", default=0, maximum=MAX_OFFSET)
    if limit < 0 or offset < 0:
        raise BadRequest("Pagination values for `offset` and `limit` must be positive")
    page = PageRequest.from_params(params, default=DEFAULT_LIMIT, maximum=MAX_LIMIT)
    if limit == 0:
        page = PageRequest(page.max_id, page.since_id, page.min_id, 0)
    params.boolean("exclude_unreviewed")  # every hashtag here is usable: nothing to exclude
    return SearchRequest(
        q=q,
        type=kind,
        following=bool(params.boolean("following", default=False)),
        account_id=params.id("account_id"),
        page=page,
        offset=offset,
    )


@endpoint(scope="read:search", auth="optional")
async def search_v2(ctx: Ctx) -> Response:
    """``GET /api/v2/search``."""
    request = _search_request(ctx)
    results = await search(ctx.session, ctx.account, request, ctx.settings)
    signed_in = ctx.account is not None
    histories = await tag_histories(ctx.session, results.hashtags)
    return JSON(
        {
            "accounts": [render_account(a, ctx.settings) for a in results.accounts],
            "statuses": await render_statuses(
                ctx.session, ctx.account, results.statuses, ctx.settings
            ),
            "hashtags": [
                render_tag(t, ctx.settings, histories[t.id], signed_in=signed_in)
                for t in results.hashtags
            ],
        }
    )


@endpoint(scope="read", auth="optional")
async def tag(ctx: Ctx) -> Response:
    """``GET /api/v1/tags/:name``: a hashtag, case-insensitively."""
    name = ctx.params.text("name", max_length=MAX_TERM_LENGTH) or ""
    found = await search_repo.tag_by_name(ctx.session, name.removeprefix("#"))
    if found is None:
        raise NotFound()
    history = (await tag_histories(ctx.session, [found]))[found.id]
    return JSON(render_tag(found, ctx.settings, history, signed_in=ctx.account is not None))


routes: list[BaseRoute] = [
    Route("/api/v2/search", search_v2, methods=["GET"]),
    Route("/api/v1/tags/{name}", tag, methods=["GET"]),
]
