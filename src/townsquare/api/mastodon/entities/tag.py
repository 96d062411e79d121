"""The Tag entity (hashtags in search results and ``/api/v1/tags/:name``)."""

from __future__ import annotations

from typing import Any

from townsquare.models import Tag
from townsquare.settings import Settings


def render_tag(tag: Tag, settings: Settings, *, signed_in: bool = False) -> dict[str, Any]:
    """A hashtag. ``history`` stays empty until usage statistics exist."""
    entity: dict[str, Any] = {
        "id": str(tag.id),
        "name": tag.display_name,
        "url": f"{settings.base_url}/tags/{tag.name}",
        "history": [],
    }
    if signed_in:
        # Followed hashtags do not exist yet; Mastodon sends the flag to signed-in users.
        entity["following"] = False
    return entity
