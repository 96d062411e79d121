"""townsquare's poll endpoints: the voter's receipt, the published tally, leaves and proofs,
and the integrity view. Each answers 404 for a poll on a status the viewer may not see."""

from __future__ import annotations

from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.polls import poll_id
from townsquare.kit.json import JSON
from townsquare.polls import integrity, service, tally

MAX_RECEIPT = 64


@endpoint(scope="read:statuses", auth="required")
async def receipt(ctx: Ctx) -> Response:
    poll = await service.find_visible(ctx.session, ctx.account, poll_id(ctx.request))
    return JSON(await tally.receipt_of(ctx.session, poll, ctx.viewer))


@endpoint(scope="read:statuses")
async def published_tally(ctx: Ctx) -> Response:
    poll = await service.find_visible(ctx.session, ctx.account, poll_id(ctx.request))
    return JSON(tally.tally_document(poll, ctx.settings.base_url))


@endpoint(scope="read:statuses")
async def leaves(ctx: Ctx) -> Response:
    poll = await service.find_visible(ctx.session, ctx.account, poll_id(ctx.request))
    lines = await tally.leaf_lines(ctx.session, poll)
    return StreamingResponse(iter(lines), media_type="application/x-ndjson")


@endpoint(scope="read:statuses")
async def proof(ctx: Ctx) -> Response:
    secret = ctx.params.text("receipt", required=True, max_length=MAX_RECEIPT)
    poll = await service.find_visible(ctx.session, ctx.account, poll_id(ctx.request))
    return JSON(await tally.proof_for(ctx.session, poll, secret))


@endpoint(scope="read:statuses")
async def integrity_view(ctx: Ctx) -> Response:
    poll = await service.find_visible(ctx.session, ctx.account, poll_id(ctx.request))
    return JSON(await integrity.integrity_view(ctx.session, poll, ctx.settings))


ONE = "/api/townsquare/v1/polls/{id:int}"
routes: list[BaseRoute] = [
    Route(ONE + "/receipt", receipt, methods=["GET"]),
    Route(ONE + "/tally", published_tally, methods=["GET"]),
    Route(ONE + "/leaves", leaves, methods=["GET"]),
    Route(ONE + "/proof", proof, methods=["GET"]),
    Route(ONE + "/integrity", integrity_view, methods=["GET"]),
]
