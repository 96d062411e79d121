"""Route table for townsquare's own API."""

from __future__ import annotations

from townsquare.api.native import health, polls

routes = [*health.routes, *polls.routes]
