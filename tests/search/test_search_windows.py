"""Status search on PostgreSQL looks for the newest matches in widening windows (a day, a
week, a month) before searching everything: pages must be exactly what one search over
everything gives, whichever window they come from."""

from __future__ import annotations

import time

from starlette.applications import Starlette

from tests.factories import make_actor
from tests.search.helpers import add_status
from townsquare.ids import new_id
from townsquare.kit.paging import PageRequest
from townsquare.models.base import utcnow
from townsquare.search import repository
from townsquare.search.terms import parse_terms

DAY_MS = 86_400_000
# Days back of each post: some within a day, a week, a month, and older than any window.
AGES_DAYS = [0.1, 0.5, 2, 3, 5, 10, 20, 25, 40, 90, 200]


async def _search(app: Starlette, viewer_id: int, word: str, page: PageRequest, offset: int = 0):
    async with app.state.db.session() as session:
        found = await repository.statuses_matching(
            session, parse_terms(word), viewer_id=viewer_id, now=utcnow(), author_id=None,
            page=page, offset=offset,
        )  # fmt: skip
    return [str(s.id) for s in found]


async def test_pages_are_exact_across_windows(app: Starlette) -> None:
    alice = await make_actor(app, "alice")
    now_ms = int(time.time() * 1000)
    matching = []
    for age in AGES_DAYS:
        at = now_ms - int(age * DAY_MS)
        matching.append(await add_status(app, alice, f"harbour news {age}", id=new_id(at)))
        await add_status(app, alice, f"other words {age}", id=new_id(at + 1))
    newest_first = sorted(matching, key=int, reverse=True)
    viewer = int(alice.id)

    assert await _search(app, viewer, "harbour", PageRequest(limit=3)) == newest_first[:3]
    assert await _search(app, viewer, "harbour", PageRequest(limit=40)) == newest_first
    # Offsets and max_id pages that reach past the day, the week and the month.
    for offset in (1, 4, 7, 9):
        page = await _search(app, viewer, "harbour", PageRequest(limit=2), offset)
        assert page == newest_first[offset : offset + 2]
    for start in range(len(newest_first) - 1):
        max_id = int(newest_first[start])
        page = await _search(app, viewer, "harbour", PageRequest(limit=3, max_id=max_id))
        assert page == newest_first[start + 1 : start + 4]
    since = await _search(
        app, viewer, "harbour", PageRequest(limit=40, since_id=int(newest_first[5]))
    )
    assert since == newest_first[:5]
    assert await _search(app, viewer, "nowhere", PageRequest(limit=5)) == []
