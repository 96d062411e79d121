"""The algorithm page: every feed's stages, weights and source hash; fork-and-tune."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from townsquare.feeds import forks
from townsquare.feeds import repository as feeds_repo
from townsquare.feeds.manifest import manifest
from townsquare.kit.errors import Unprocessable
from townsquare.kit.paging import PageRequest
from townsquare.web.page import PageCtx, page, redirect, render

MAX_FORKS_SHOWN = 50


@page()
async def algorithm(ctx: PageCtx) -> Response:
    forks_shown: list[Any] = []
    if ctx.account is not None:
        forks_shown = await feeds_repo.custom_feeds(
            ctx.session, ctx.account.id, PageRequest(limit=MAX_FORKS_SHOWN), include_public=False
        )
    published = manifest(ctx.settings.feeds_candidate_cache_seconds)
    return render(ctx, "algorithm.html", manifest=published, forks=forks_shown)


def _weights(ctx: PageCtx, base: str) -> dict[str, float]:
    """The form's ``weight_<name>`` fields as numbers; blank ones keep the base's weight."""
    weights: dict[str, float] = {}
    for key, value in ctx.params.data.items():
        if not key.startswith("weight_") or not isinstance(value, str) or not value.strip():
            continue
        try:
            weights[key.removeprefix("weight_")] = float(value)
        except ValueError:
            raise Unprocessable(f"Weight {key.removeprefix('weight_')} must be a number") from None
    return weights


@page(auth="required")
async def fork(ctx: PageCtx) -> Response:
    p = ctx.params
    base = p.text("base", required=True, max_length=40)
    changes = forks.ForkChanges(
        base=base,
        title=p.text("title", max_length=100),
        description=p.text("description", max_length=1000),
        weights=_weights(ctx, base),
        params=None,
        public=p.boolean("public", default=False),
    )
    custom = await forks.create(ctx.session, ctx.viewer, changes)
    return redirect(f"/?feed={custom.id}")
