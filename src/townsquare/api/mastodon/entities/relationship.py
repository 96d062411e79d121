"""The Relationship entity."""

from __future__ import annotations

from typing import Any

from townsquare.kit.json import iso
from townsquare.social.relationships import Relationship


def render_relationship(rel: Relationship) -> dict[str, Any]:
    """Mastodon's Relationship: how the viewer relates to the account ``rel.id``."""
    return {
        "id": str(rel.id),
        "following": rel.following,
        "showing_reblogs": rel.showing_reblogs,
        "notifying": rel.notifying,
        # Follows are not filtered by language yet: null means every language.
        "languages": None,
        "followed_by": rel.followed_by,
        "blocking": rel.blocking,
        "blocked_by": rel.blocked_by,
        "muting": rel.muting,
        "muting_notifications": rel.muting_notifications,
        "muting_expires_at": iso(rel.muting_expires_at),
        "requested": rel.requested,
        "requested_by": rel.requested_by,
        "domain_blocking": False,
        "endorsed": False,
        "note": "",
    }
