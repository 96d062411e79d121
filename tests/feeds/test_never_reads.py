"""What ranking never reads: the SQL every source and hydrator issues in a real run."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
from sqlalchemy import event
from starlette.applications import Starlette

from tests.api.native.test_feeds import _post, _world
from townsquare.feeds import jobs, pipeline
from townsquare.feeds.manifest import running_source_hash
from townsquare.feeds.pool import FeedQuery
from townsquare.feeds.registry import BUILT_IN

FORBIDDEN_TABLES = (
    "users",
    "oauth_tokens",
    "oauth_codes",
    "oauth_apps",
    "tip_jar_addresses",
    "tip_jar_changes",
)


async def test_ranking_reads_no_private_data(app: Starlette, client: httpx.AsyncClient) -> None:
    w = await _world(app, client)
    secret = await _post(
        client, w["stranger"], f"@{w['authors'][0].username} secret", visibility="direct"
    )
    await client.post(f"/api/v1/statuses/{secret}/favourite", headers=w["authors"][0].headers)
    await jobs.score_posts(app.state.db, app.state.settings)
    statements: list[tuple[str, Any]] = []

    def record(conn, cursor, sql, params, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((sql, params))

    engine = app.state.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        async with app.state.db.session() as session:
            # The viewer's id only: loading its account row is the request's authentication
            # (outside ranking), and would read every column of accounts.
            viewer_id = int(w["viewer"].id)
            for definition in BUILT_IN.values():
                feed = definition.resolve(source_hash=running_source_hash())
                query = FeedQuery(viewer_id, int(time.time() * 1000), feed.params)
                ranking = await pipeline.rank(session, feed, query)
                assert int(secret) not in ranking.ordered_ids()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements
    for sql, params in statements:
        tables = set(re.findall(r"(?:FROM|JOIN)\s+\"?(\w+)", sql, flags=re.IGNORECASE))
        assert not tables & set(FORBIDDEN_TABLES), sql
        assert "email" not in sql and "password" not in sql and "token" not in sql
        assert "tip_jar" not in sql  # no tip table, nor accounts.tip_jar_fields
        # Statements that propose posts restrict visibility, and never to direct messages.
        values = list(params.values()) if isinstance(params, dict) else list(params or ())
        assert "direct" not in [v for v in values if isinstance(v, str)], sql
