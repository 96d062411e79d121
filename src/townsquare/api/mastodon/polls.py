"""Mastodon API: polls — view one, vote on one. Statuses carry their poll through an extension.

Voting does not go through ``endpoint``'s per-request transaction: its checks run in a
read-only session, then the ballot joins the process's ballot box, which commits many
ballots in one transaction (see ``townsquare.polls.ballots``) and answers each vote after
that commit.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import (
    Ctx,
    authenticate,
    bearer_token,
    check_scope,
    endpoint,
    read_params,
)
from townsquare.api.mastodon.entities.poll import poll_extension, render_poll
from townsquare.api.mastodon.entities.status import (
    register_status_extension,
    register_status_probe,
)
from townsquare.ids import parse_id
from townsquare.kit.errors import NotFound, Unauthorized
from townsquare.kit.json import JSON
from townsquare.kit.params import Params
from townsquare.polls import repository, service
from townsquare.polls.attachment import POLL_ATTACHMENT
from townsquare.polls.ballots import anonymous_polls, ballot_box
from townsquare.statuses.attachments import register_status_attachment

register_status_extension(poll_extension)
register_status_probe("poll", repository.STATUS_PROBE)
register_status_attachment(POLL_ATTACHMENT)

VOTE_SCOPE = "write:statuses"


def poll_id(request: Request) -> int:
    """The path's id; beyond 64 bits it cannot name a poll, so it is a 404 too."""
    found = parse_id(request.path_params["id"])
    if found is None:
        raise NotFound()
    return found


@endpoint(scope="read:statuses")
async def show(ctx: Ctx) -> Response:
    poll, own = await service.view(
        ctx.session, ctx.account, poll_id(ctx.request), anonymous_polls(ctx.request.app.state)
    )
    return JSON(render_poll(poll, ctx.viewer_id, own))


async def vote(request: Request) -> Response:
    """``POST /api/v1/polls/:id/votes`` with ``choices[]``: the poll as the ballot left it."""
    state = request.app.state
    box = ballot_box(state)
    async with box.admission(), box.checking_session() as session:
        ctx = Ctx(request, session, Params(), state.settings, state.db)
        raw = bearer_token(request)
        if raw:
            await authenticate(ctx, raw)
        if ctx.account is None:
            raise Unauthorized("This method requires an authenticated user")
        await state.rate_limiter.check_request(ctx)
        check_scope(ctx, VOTE_SCOPE)
        ctx.params = await read_params(request)
        choices = ctx.params.strings("choices", max_items=100, max_length=20)
        ballot = await service.prepare_ballot(
            session, ctx.viewer, poll_id(request), choices, box.known_polls
        )
        viewer_id = ctx.viewer.id
        await session.close()  # hand the connection back before waiting for the commit
    outcome = await box.cast(ballot)
    if outcome.error is not None:
        raise outcome.error
    assert outcome.poll is not None
    return JSON(render_poll(outcome.poll, viewer_id, ballot.choices))


vote.scope = VOTE_SCOPE  # type: ignore[attr-defined]
vote.auth = "required"  # type: ignore[attr-defined]

routes: list[BaseRoute] = [
    Route("/api/v1/polls/{id:int}", show, methods=["GET"]),
    Route("/api/v1/polls/{id:int}/votes", vote, methods=["POST"]),
]
