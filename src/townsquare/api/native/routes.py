"""Route table for townsquare's own API."""

from __future__ import annotations

from townsquare.api.native import feeds, health

routes = [*health.routes, *feeds.routes]
