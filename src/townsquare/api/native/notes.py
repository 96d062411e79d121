"""Community notes: write, read and delete notes; rate them; see how ratings were scored."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.status import (
    register_status_extension,
    register_status_probe,
)
from townsquare.api.native.notes_entities import (
    attach_community_notes,
    render_note,
    render_note_detail,
    render_rater,
    render_rating,
    render_rating_explained,
)
from townsquare.ids import parse_id
from townsquare.kit.errors import NotFound
from townsquare.kit.json import JSON
from townsquare.kit.paging import PageRequest, paged_headers
from townsquare.models import Note
from townsquare.notes import repository, service
from townsquare.notes.constants import MAX_SOURCES, STATUSES
from townsquare.statuses import service as statuses

PREFIX = "/api/townsquare/v1"
MAX_INPUT = 10_000

register_status_extension(attach_community_notes)
register_status_probe("note", repository.STATUS_PROBE)


def _path_id(ctx: Ctx) -> int:
    """The path's id; beyond 64 bits it cannot name anything, so it is a 404 too."""
    parsed = parse_id(ctx.request.path_params["id"])
    if parsed is None:
        raise NotFound()
    return parsed


async def _visible_note(ctx: Ctx) -> Note:
    """The note, if the viewer may see the status it is on; 404 otherwise."""
    note = await service.find(ctx.session, _path_id(ctx))
    await statuses.find_visible(ctx.session, ctx.account, note.status_id)
    return note


def _order(note: Note) -> tuple[int, float, int]:
    """Helpful notes first (best score first), then newest first, not helpful ones last."""
    rank = {"helpful": 0, "needs_more_ratings": 1, "not_helpful": 2}[note.status]
    return (rank, -(note.intercept or 0.0) if rank == 0 else 0.0, -note.id)


@endpoint(scope="write:statuses", auth="required")
async def create(ctx: Ctx) -> Response:
    p = ctx.params
    draft = service.NoteDraft(
        classification=p.text("classification", required=True, max_length=100),
        reasons=p.strings("reasons", max_items=20, max_length=100),
        text=p.text("text", required=True, max_length=MAX_INPUT),
        sources=p.strings("sources", max_items=MAX_SOURCES, max_length=2000),
    )
    status = await statuses.find_target(ctx.session, ctx.viewer, _path_id(ctx))
    note = await service.write(ctx.session, ctx.settings, ctx.viewer, status, draft)
    return JSON(render_note(note, ctx.settings.base_url, ctx.viewer))


@endpoint(scope="read:statuses")
async def on_status(ctx: Ctx) -> Response:
    status = await statuses.find_target(ctx.session, ctx.account, _path_id(ctx))
    notes = sorted(await repository.on_status(ctx.session, status.id), key=_order)
    mine = (
        await repository.ratings_by(ctx.session, ctx.account.id, [n.id for n in notes])
        if ctx.account
        else {}
    )
    base = ctx.settings.base_url
    return JSON([render_note(n, base, ctx.account, mine.get(n.id)) for n in notes])


@endpoint(scope="read:statuses")
async def show(ctx: Ctx) -> Response:
    note = await _visible_note(ctx)
    own = await repository.rating(ctx.session, note.id, ctx.account.id) if ctx.account else None
    counts = await repository.rating_counts(ctx.session, note.id)
    history = await repository.history(ctx.session, note.id)
    return JSON(render_note_detail(note, ctx.settings.base_url, ctx.account, own, counts, history))


@endpoint(scope="write:statuses", auth="required")
async def destroy(ctx: Ctx) -> Response:
    note = await _visible_note(ctx)
    await service.delete(ctx.session, ctx.viewer, note)
    return JSON({})


@endpoint(scope="write:statuses", auth="required")
async def rate(ctx: Ctx) -> Response:
    p = ctx.params
    draft = service.RatingDraft(
        helpfulness=p.text("helpfulness", required=True, max_length=100),
        helpful_tags=p.strings("helpful_tags", max_items=20, max_length=100),
        not_helpful_tags=p.strings("not_helpful_tags", max_items=20, max_length=100),
    )
    note = await _visible_note(ctx)
    rating = await service.rate(ctx.session, ctx.settings, ctx.viewer, note, draft)
    return JSON(render_rating(rating))


@endpoint(scope="write:statuses", auth="required")
async def unrate(ctx: Ctx) -> Response:
    note = await _visible_note(ctx)
    await service.unrate(ctx.session, ctx.viewer, note)
    return JSON({})


@endpoint(scope="read:statuses", auth="required")
async def rater(ctx: Ctx) -> Response:
    """The viewer's rater intercept and factor from the latest scoring run."""
    score = await repository.rater_score(ctx.session, ctx.viewer.id)
    run = await repository.latest_run(ctx.session)
    count = await repository.rating_count_of(ctx.session, ctx.viewer.id)
    return JSON(render_rater(score, run, count))


@endpoint(scope="read:statuses", auth="required")
async def rater_ratings(ctx: Ctx) -> Response:
    """The viewer's ratings, newest first, each with the model's terms and prediction."""
    page = PageRequest.from_params(ctx.params, default=20, maximum=80)
    ratings = await repository.ratings_of(ctx.session, ctx.viewer.id, page)
    notes = await repository.notes_by_id(ctx.session, [r.note_id for r in ratings])
    score = await repository.rater_score(ctx.session, ctx.viewer.id)
    run = await repository.latest_run(ctx.session)
    mu = run.global_intercept if run else None
    body = [render_rating_explained(r, notes.get(r.note_id), score, mu) for r in ratings]
    ctx.headers.update(paged_headers(ctx.request, ratings, lambda r: r.id))
    return JSON(body)


assert set(STATUSES) == {"helpful", "needs_more_ratings", "not_helpful"}  # _order's ranks

routes = [
    Route(f"{PREFIX}/statuses/{{id}}/notes", create, methods=["POST"]),
    Route(f"{PREFIX}/statuses/{{id}}/notes", on_status, methods=["GET"]),
    Route(f"{PREFIX}/notes/rater", rater, methods=["GET"]),
    Route(f"{PREFIX}/notes/rater/ratings", rater_ratings, methods=["GET"]),
    Route(f"{PREFIX}/notes/{{id}}", show, methods=["GET"]),
    Route(f"{PREFIX}/notes/{{id}}", destroy, methods=["DELETE"]),
    Route(f"{PREFIX}/notes/{{id}}/ratings", rate, methods=["POST"]),
    Route(f"{PREFIX}/notes/{{id}}/ratings", unrate, methods=["DELETE"]),
]
