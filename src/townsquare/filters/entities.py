"""Filter, FilterKeyword, FilterStatus and FilterResult entities, as Mastodon renders them."""

from __future__ import annotations

from typing import Any

from townsquare.kit.json import iso
from townsquare.models import Filter, FilterKeyword, FilterStatus


def render_keyword(keyword: FilterKeyword) -> dict[str, Any]:
    return {"id": str(keyword.id), "keyword": keyword.keyword, "whole_word": keyword.whole_word}


def render_filter_status(row: FilterStatus) -> dict[str, Any]:
    return {"id": str(row.id), "status_id": str(row.status_id)}


def render_filter(
    target: Filter,
    keywords: list[FilterKeyword] | None = None,
    statuses: list[FilterStatus] | None = None,
) -> dict[str, Any]:
    """The Filter entity; keywords and statuses only when given (a FilterResult's filter
    leaves them out, as Mastodon's does)."""
    entity: dict[str, Any] = {
        "id": str(target.id),
        "title": target.title,
        "context": list(target.contexts),
        "expires_at": iso(target.expires_at),
        "filter_action": target.action,
    }
    if keywords is not None:
        entity["keywords"] = [render_keyword(k) for k in keywords]
    if statuses is not None:
        entity["statuses"] = [render_filter_status(s) for s in statuses]
    return entity
