"""Discovery: ``/.well-known/nodeinfo``, ``/nodeinfo/2.0``, WebFinger and host-meta."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.accounts import repository as accounts_repo
from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.instance import instance_stats
from townsquare.instance import discovery
from townsquare.kit.errors import NotFound
from townsquare.kit.json import JSON

# Discovery documents are read by other servers' and tools' browsers too.
OPEN_CORS = {"Access-Control-Allow-Origin": "*"}


@endpoint(auth="none")
async def nodeinfo_links(ctx: Ctx) -> Response:
    """``GET /.well-known/nodeinfo``."""
    return JSON(discovery.nodeinfo_links(ctx.settings), headers=OPEN_CORS)


@endpoint(auth="none")
async def nodeinfo(ctx: Ctx) -> Response:
    """``GET /nodeinfo/2.0``."""
    document = discovery.nodeinfo(ctx.settings, await instance_stats(ctx))
    return JSON(document, media_type=discovery.NODEINFO_MEDIA_TYPE, headers=OPEN_CORS)


@endpoint(auth="none")
async def webfinger(ctx: Ctx) -> Response:
    """``GET /.well-known/webfinger?resource=acct:user@domain`` for local accounts."""
    address = discovery.parse_resource(ctx.request.query_params.get("resource"), ctx.settings)
    if not discovery.is_local(address, ctx.settings):
        raise NotFound()
    account = await accounts_repo.by_username(ctx.session, address.username)
    if account is None or account.suspended_at is not None:
        raise NotFound()
    document = discovery.webfinger(account, ctx.settings)
    return JSON(document, media_type=discovery.JRD_MEDIA_TYPE, headers=OPEN_CORS)


@endpoint(auth="none")
async def host_meta(ctx: Ctx) -> Response:
    """``GET /.well-known/host-meta``."""
    return Response(
        discovery.host_meta(ctx.settings), media_type=discovery.XRD_MEDIA_TYPE, headers=OPEN_CORS
    )


routes: list[BaseRoute] = [
    Route("/.well-known/nodeinfo", nodeinfo_links, methods=["GET"]),
    Route("/nodeinfo/2.0", nodeinfo, methods=["GET"]),
    Route("/.well-known/webfinger", webfinger, methods=["GET"]),
    Route("/.well-known/host-meta", host_meta, methods=["GET"]),
]
