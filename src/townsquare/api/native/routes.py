"""Route table for townsquare's own API."""

from __future__ import annotations

from townsquare.api.native import health, notes

routes = [*health.routes, *notes.routes]
