"""A poll's page: results, the integrity view as charts, and verify-your-receipt."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from townsquare.api.mastodon.entities.poll import render_poll
from townsquare.api.mastodon.entities.status import render_status
from townsquare.kit.errors import ApiError
from townsquare.polls import integrity, merkle, service, tally
from townsquare.polls.merkle import ProofStep
from townsquare.statuses import service as statuses
from townsquare.web.page import PageCtx, page, render
from townsquare.web.views.common import path_id

MAX_RECEIPT = 64


def check_proof(proof: dict[str, Any], receipt: str) -> dict[str, Any]:
    """Recompute the leaf from the receipt and walk the path to the published root."""
    digest = merkle.receipt_hash(receipt)
    leaf = merkle.leaf_hash(digest, proof["choices"])
    steps = [ProofStep(s["side"], bytes.fromhex(s["hash"])) for s in proof["path"]]
    root = bytes.fromhex(proof["merkle_root"])
    return {
        "leaf_matches": leaf.hex() == proof["leaf"],
        "reaches_root": merkle.verify_proof(leaf, steps, root),
    }


async def _verification(ctx: PageCtx, poll: Any, receipt: str | None) -> dict[str, Any] | None:
    if not receipt:
        return None
    try:
        proof = await tally.proof_for(ctx.session, poll, receipt)
    except ApiError as refused:  # not closed yet, or no such receipt: say so on the page
        return {"receipt": receipt, "error": refused.message}
    return {"receipt": receipt, "proof": proof, **check_proof(proof, receipt)}


@page()
async def poll_page(ctx: PageCtx) -> Response:
    poll = await service.find_visible(ctx.session, ctx.account, path_id(ctx))
    status = await statuses.find_visible(ctx.session, ctx.account, poll.status_id)
    own = await service.own_choices(ctx.session, ctx.account, [poll])
    mine = None
    if ctx.account is not None and own.get(poll.id) is not None:
        mine = await tally.receipt_of(ctx.session, poll, ctx.account)
    receipt = ctx.params.text("receipt", max_length=MAX_RECEIPT)
    view = await integrity.integrity_view(ctx.session, poll, ctx.settings)
    return render(
        ctx,
        "poll.html",
        poll=render_poll(poll, ctx.viewer_id, own.get(poll.id)),
        status=await render_status(ctx.session, ctx.account, status, ctx.settings),
        integrity=view,
        mine=mine,
        closed=poll.closed_at is not None and poll.merkle_root is not None,
        merkle_root=poll.merkle_root,
        verification=await _verification(ctx, poll, receipt),
        tally_url=f"{ctx.settings.base_url}/api/townsquare/v1/polls/{poll.id}/tally",
    )
