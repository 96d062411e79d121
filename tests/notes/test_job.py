"""The scoring run against the database: statuses, history, rater scores, and what users see."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import event, func, select

from tests.factories import Actor, make_token
from tests.notes.seeding import seed_community
from tests.notes.support import API
from townsquare.models import NoteStatusChange
from townsquare.notes import synthetic
from townsquare.notes.job import SCORE_NOTES, run_scoring
from townsquare.worker.jobs import all_jobs


async def _history_rows(app) -> int:
    async with app.state.db.session() as session:
        return int((await session.execute(select(func.count(NoteStatusChange.id)))).scalar_one())


async def test_scoring_run_sets_statuses_history_and_rater_scores(
    client: httpx.AsyncClient, app, settings
) -> None:
    seeded = await seed_community(app)
    summary = await run_scoring(app.state.db, settings)
    assert summary.ratings == len(seeded.community.values)

    for position, note_id in enumerate(seeded.note_ids):
        note = (await client.get(f"{API}/notes/{note_id}")).json()
        expected = synthetic.EXPECTED_STATUS[seeded.community.kind(position)]
        if expected == "needs_more_ratings":
            assert note["status"] != "helpful"
        else:
            assert note["status"] == expected, (position, note)
        assert note["ratings_count"] == int((seeded.community.rating_notes == position).sum())
        assert note["intercept"] is not None and note["factor"] is not None
        if note["status"] != "needs_more_ratings":
            [change] = note["status_history"]
            assert change["previous_status"] == "needs_more_ratings"
            assert change["status"] == note["status"]
            assert change["at"] == note["scored_at"]
    changes = await _history_rows(app)
    assert changes == summary.status_changes > 0

    await run_scoring(app.state.db, settings)  # nothing changed: no new history rows
    assert await _history_rows(app) == changes


async def test_a_rater_sees_how_their_ratings_entered(
    client: httpx.AsyncClient, app, settings
) -> None:
    seeded = await seed_community(app)
    await run_scoring(app.state.db, settings)
    rater_id = seeded.rater_ids[0]
    token = await make_token(app, Actor(str(rater_id), "rater0", ""), "read")
    headers = {"Authorization": f"Bearer {token}"}

    me = (await client.get(f"{API}/notes/rater", headers=headers)).json()
    page = await client.get(f"{API}/notes/rater/ratings?limit=5", headers=headers)

    rated = int((seeded.community.rating_raters == 0).sum())
    assert me["ratings_count"] == me["ratings_used"] == rated
    assert me["in_fit"] is True
    assert isinstance(me["intercept"], float) and isinstance(me["factor"], float)
    camp = seeded.community.rater_camps[0]
    assert (me["factor"] < 0) == (camp == -1)  # the larger camp sits on the negative side
    ratings = page.json()
    assert len(ratings) == 5 and 'rel="next"' in page.headers["link"]
    for rating in ratings:
        note = rating["note"]
        expected = (
            me["global_intercept"] + me["intercept"] + note["intercept"]
            + me["factor"] * note["factor"]
        )  # fmt: skip
        assert abs(rating["predicted"] - expected) < 1e-9


async def _status_page(client: httpx.AsyncClient, ids: list[int]) -> list[dict[str, Any]]:
    query = "&".join(f"id[]={i}" for i in ids)
    response = await client.get(f"/api/v1/statuses?{query}")
    assert response.status_code == 200
    return list(response.json())


async def test_helpful_notes_show_on_statuses_in_a_fixed_number_of_queries(
    client: httpx.AsyncClient, app, settings
) -> None:
    seeded = await seed_community(app)
    await run_scoring(app.state.db, settings)
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = app.state.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        one = await _status_page(client, seeded.status_ids[:1])
        first_count = len(statements)
        statements.clear()
        page = await _status_page(client, seeded.status_ids[:20])
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(statements) == first_count  # batch-loaded, not one query per status
    assert len(one) == 1
    for entity in page:
        position = seeded.status_ids.index(int(entity["id"]))
        kind = seeded.community.kind(position)
        if kind == synthetic.GOOD_NEUTRAL:
            shown = entity["community_note"]
            assert shown["id"] == str(seeded.note_ids[position])
            assert shown["text"] == f"context {position}"
            assert shown["sources"] == ["https://e.org"]
            assert shown["classification"] == "misinformed_or_potentially_misleading"
            assert shown["link"] == f"http://ts.test{API}/notes/{shown['id']}"
        else:
            assert entity["community_note"] is None


def test_scoring_is_a_periodic_job_with_a_configurable_interval(settings) -> None:
    assert SCORE_NOTES in all_jobs()
    assert SCORE_NOTES.interval(settings) == settings.notes_scoring_interval_seconds == 3600.0
