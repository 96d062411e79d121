"""Route table for townsquare's own API."""

from __future__ import annotations

from townsquare.api.native import feeds, health, moderation, notes, polls

routes = [*health.routes, *feeds.routes, *notes.routes, *polls.routes, *moderation.routes]
