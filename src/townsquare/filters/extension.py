"""Applying a reader's filters where statuses are shown: ``filtered`` on each matching
status, and ``hide`` filters leave the status out of lists (two queries per page at most)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.api.mastodon.entities.status import StatusBatch
from townsquare.filters import repository as repo
from townsquare.filters.context import current_context
from townsquare.filters.entities import render_filter
from townsquare.filters.matching import ActiveFilter, active_in_context
from townsquare.models import Account, Filter, Status
from townsquare.models.base import utcnow
from townsquare.oauth.viewer_facts import UNKNOWN, register_viewer_fact, viewer_fact

HAS_FILTERS_FACT = "has_filters"
# Read with the bearer token: every rendered page would otherwise ask.
register_viewer_fact(
    HAS_FILTERS_FACT, lambda account_id: exists().where(Filter.account_id == account_id)
)


def _text_of(status: Status) -> str:
    return f"{status.spoiler_text}\n{status.text}" if status.spoiler_text else status.text


async def filter_extension(
    session: AsyncSession,
    viewer: Account | None,
    batch: StatusBatch,
    rendered: dict[int, dict[str, Any]],
) -> None:
    """Match every status (a reblog by its original) against the viewer's active filters."""
    context = current_context.get()
    if viewer is None or context is None:
        return
    has_filters = viewer_fact(viewer.id, HAS_FILTERS_FACT)
    if has_filters is not UNKNOWN and not has_filters:
        return  # most readers have no filter at all: no query
    rows = await repo.active_with_keywords(session, viewer.id, utcnow())
    active = active_in_context(rows, context)
    if not active:
        return
    naming = [a.filter.id for a in active if a.names_statuses]
    named = await repo.filtered_statuses_among(session, naming, list(batch.statuses))
    status_matches: dict[tuple[int, int], list[str]] = {}
    for filter_id, status_id in named:
        status_matches.setdefault((filter_id, status_id), []).append(str(status_id))
    for status in batch.statuses.values():
        entity = rendered.get(status.id)
        if entity is None or "filtered" not in entity:
            continue
        proper = batch.statuses.get(status.reblog_of_id or status.id, status)
        for item in active:
            _match(item, proper, status, status_matches, entity, batch)


def _match(
    item: ActiveFilter,
    proper: Status,
    status: Status,
    status_matches: dict[tuple[int, int], list[str]],
    entity: dict[str, Any],
    batch: StatusBatch,
) -> None:
    keywords = item.keyword_matches(_text_of(proper))
    statuses = status_matches.get((item.filter.id, proper.id), [])
    if not keywords and not statuses:
        return
    entity["filtered"].append(
        {
            "filter": render_filter(item.filter),
            "keyword_matches": keywords or None,
            "status_matches": statuses or None,
        }
    )
    if item.filter.action == "hide":
        batch.hidden.add(status.id)
