"""Route table for townsquare's own API."""

from __future__ import annotations

from townsquare.api.native import feeds, health, notes

routes = [*health.routes, *feeds.routes, *notes.routes]
