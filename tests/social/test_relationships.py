"""Relationships are computed in a fixed number of queries, whatever the number of accounts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from tests.factories import make_actor
from townsquare.models import Account, Follow
from townsquare.models.base import utcnow
from townsquare.social import repository
from townsquare.social.relationships import relationships


async def _count_queries(app, ids: list[int], viewer: int) -> tuple[int, list[Any]]:
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = app.state.db.engine.sync_engine
    async with app.state.db.session() as session:
        await session.connection()  # open the connection before counting
        event.listen(engine, "before_cursor_execute", record)
        try:
            found = await relationships(session, viewer, ids)
        finally:
            event.remove(engine, "before_cursor_execute", record)
    return len(statements), found


async def test_query_count_does_not_grow_with_accounts(app) -> None:
    viewer = int((await make_actor(app, "viewer")).id)
    others = [int((await make_actor(app, f"other{i}")).id) for i in range(12)]
    async with app.state.db.session() as session:
        for other in others[::2]:
            await repository.insert_link(
                session, Follow, viewer, other, show_reblogs=True, notify=False
            )
        await session.commit()

    one, _ = await _count_queries(app, others[:1], viewer)
    many, found = await _count_queries(app, others, viewer)

    assert one == many <= 5
    assert [r.following for r in found] == [i % 2 == 0 for i in range(12)]


async def test_suspended_accounts_only_on_request(app) -> None:
    viewer = int((await make_actor(app, "viewer")).id)
    gone = int((await make_actor(app, "gone")).id)
    async with app.state.db.session() as session:
        account = await session.get(Account, gone)
        assert account is not None
        account.suspended_at = utcnow()
        await session.commit()

        assert await relationships(session, viewer, [gone], with_suspended=False) == []
        assert [r.id for r in await relationships(session, viewer, [gone])] == [gone]
