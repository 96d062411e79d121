"""The open algorithm sees moderation, visibly: removed posts and suspended authors' posts
are "gone" (dropped by the ``unservable`` filter, which says so), and the ``reports``
hydrator counts the viewer's own reports about each author."""

from __future__ import annotations

import httpx
import numpy as np
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.moderation.helpers import act, moderator, post
from townsquare.feeds.filters.unservable import UnservableFilter
from townsquare.feeds.hydrators.reports import ReportsHydrator
from townsquare.feeds.hydrators.status_facts import StatusFactsHydrator
from townsquare.feeds.pool import FeedQuery, Pool


async def test_removed_and_suspended_posts_are_gone_and_reports_count(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob, carol = [await make_actor(app, n) for n in ("alice", "bob", "carol")]
    mod = await moderator(app, "mod")
    kept, removed = await post(client, alice, "fine"), await post(client, alice, "unlawful")
    by_suspended = await post(client, bob, "spam")
    await act(client, mod, "remove", status_id=removed, rule_id="1", reason="threat")
    await act(client, mod, "suspend", account_id=bob.id, rule_id="2", reason="harassment")
    for _ in range(2):
        filed = await client.post(
            "/api/v1/reports", headers=carol.headers, data={"account_id": alice.id}
        )
        assert filed.status_code == 200
    ids = [int(kept), int(removed), int(by_suspended)]
    pool = Pool(np.array(ids, dtype=np.int64), np.array(["test"] * 3, dtype=object))
    query = FeedQuery(viewer_id=int(carol.id), now_ms=0)
    async with app.state.db.session() as session:
        pool.columns.update(await StatusFactsHydrator().hydrate(session, query, pool))
        pool.columns.update(await ReportsHydrator().hydrate(session, query, pool))
    assert pool.column("gone").tolist() == [0, 1, 1]
    assert pool.column("reports").tolist()[0] == 2
    assert UnservableFilter().keep(query, pool).tolist() == [True, False, False]
    assert "removed" in UnservableFilter.reason
