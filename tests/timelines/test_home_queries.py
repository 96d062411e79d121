"""The home timeline costs a bounded number of SQL statements, however much the viewer follows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import event
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.timelines import builders as b

# Authentication, big authors, the page, then the batch renderer's fixed set of queries.
MAX_STATEMENTS = 14


@contextmanager
def counting_statements(app: Starlette) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = app.state.db.engine.sync_engine

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def home_statements(app: Starlette, client: httpx.AsyncClient, viewer) -> tuple[int, int]:
    with counting_statements(app) as statements:
        response = await client.get(
            "/api/v1/timelines/home", headers=viewer.headers, params={"limit": 40}
        )
    assert response.status_code == 200
    return len(response.json()), len(statements)


async def test_home_page_of_40_uses_a_bounded_number_of_statements(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    app.state.settings.fanout_threshold = 3
    viewer = await make_actor(app, "viewer")
    authors = [await make_actor(app, f"author{i}") for i in range(6)]
    fans = [await make_actor(app, f"fan{i}") for i in range(3)]
    for author in authors[:3]:
        await b.follow(app, viewer, author)
    star = authors[5]
    for fan in [viewer, *fans]:
        await b.follow(app, fan, star)  # the star is above the threshold
    originals = []
    for i in range(15):
        for author in authors:
            originals.append(await b.post(app, author, f"{author.username} {i}", tags=["t"]))
    for original in originals[:10]:
        await b.post(app, authors[0], reblog_of=original)
    few_count, few_statements = await home_statements(app, client, viewer)
    for author in authors[3:5]:
        await b.follow(app, viewer, author)
    many_count, many_statements = await home_statements(app, client, viewer)
    assert few_count == many_count == 40
    assert few_statements <= MAX_STATEMENTS
    assert many_statements == few_statements
