"""Route table for townsquare's own API."""

from __future__ import annotations

from townsquare.api.native import declared, feeds, health, integrity, moderation, notes, polls, tips

routes = [
    *health.routes,
    *feeds.routes,
    *notes.routes,
    *polls.routes,
    *tips.routes,
    *moderation.routes,
    *declared.routes,  # issue 7: declared automation; installs the integrity hooks
    *integrity.routes,
]
