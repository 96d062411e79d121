"""Flat route table for the Mastodon client API: each resource module exports ``routes``.

Static paths (``/api/v1/accounts/lookup``) come before parametrised ones; ids in paths
use the ``{id:int}`` convertor so that a malformed id is a 404, as in Mastodon.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from townsquare.api.mastodon import (
    accounts,
    apps,
    discovery,
    filters,
    instance,
    markers,
    notifications,
    oauth,
    polls,
    reports,
    search,
    social,
    statuses,
    timelines,
)

routes: list[BaseRoute] = [
    *apps.routes,
    *oauth.routes,
    *accounts.routes,
    *social.routes,
    *statuses.routes,
    *polls.routes,
    *timelines.routes,
    *notifications.routes,
    *markers.routes,
    *instance.routes,
    *discovery.routes,
    *search.routes,
    *reports.routes,  # moderation (issue 6)
    *filters.routes,  # reader-side filters v2 (issue 6)
]
