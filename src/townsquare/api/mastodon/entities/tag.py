"""The Tag entity (hashtags in search results and ``/api/v1/tags/:name``)."""

from __future__ import annotations

from typing import Any

from townsquare.models import Tag
from townsquare.search.service import DayUse
from townsquare.settings import Settings


def render_tag(
    tag: Tag, settings: Settings, history: list[DayUse], *, signed_in: bool = False
) -> dict[str, Any]:
    """A hashtag with its last week of use (Mastodon writes the numbers as strings)."""
    entity: dict[str, Any] = {
        "id": str(tag.id),
        "name": tag.display_name,
        "url": f"{settings.base_url}/tags/{tag.name}",
        "history": [
            {"day": str(d.day), "uses": str(d.uses), "accounts": str(d.accounts)} for d in history
        ],
    }
    if signed_in:
        # Followed hashtags do not exist yet; Mastodon sends the flag to signed-in users.
        entity["following"] = False
    return entity
