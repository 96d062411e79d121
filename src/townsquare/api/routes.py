"""The whole route table: Mastodon's API, OAuth, discovery and townsquare's own endpoints."""

from __future__ import annotations

from starlette.routing import BaseRoute

from townsquare.api.mastodon.routes import routes as mastodon_routes
from townsquare.api.native.routes import routes as native_routes
from townsquare.web.routes import routes as web_routes


def all_routes() -> list[BaseRoute]:
    return [*mastodon_routes, *native_routes, *web_routes]
