"""kit.prepared_writes: writes on the driver belong to the session's transaction (a
rollback undoes them, a commit keeps them), on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select, update
from starlette.applications import Starlette

from tests.factories import make_actor
from townsquare.kit.prepared_writes import PreparedInsert, PreparedWrite, table_of, with_defaults
from townsquare.kit.sql import insert_ignoring
from townsquare.models import Account, Status, Tag

STATUS_ROW = PreparedInsert(Status)
NOTE_ON_ACCOUNT = PreparedWrite(
    update(Account).where(Account.id == bindparam("id")).values(note=bindparam("note"))
)
TAG = PreparedWrite(
    lambda dialect: insert_ignoring(dialect, Tag).values(
        {name: bindparam(name, type_=column.type) for name, column in table_of(Tag).c.items()}
    )
)


async def _statuses_of(app: Starlette, account_id: int) -> int:
    async with app.state.db.session() as session:
        counted = select(func.count()).where(Status.account_id == account_id)
        return int((await session.execute(counted)).scalar_one())


async def test_a_rolled_back_request_leaves_nothing_written(app: Starlette) -> None:
    author = await make_actor(app, "author")
    async with app.state.db.session() as session:
        # The first statement of the transaction is the driver's own: it must still be
        # inside the transaction (asyncpg would otherwise commit it by itself).
        await STATUS_ROW.one(session, {"account_id": int(author.id), "text": "draft"})
        assert await NOTE_ON_ACCOUNT.run(session, {"id": int(author.id), "note": "x"}) == 1
        await session.rollback()
    assert await _statuses_of(app, int(author.id)) == 0
    async with app.state.db.session() as session:
        account = await session.get(Account, int(author.id))
        assert account is not None and account.note != "x"


async def test_a_committed_row_is_written_with_the_columns_defaults(app: Starlette) -> None:
    author = await make_actor(app, "author")
    async with app.state.db.session() as session:
        row = await STATUS_ROW.one(session, {"account_id": int(author.id), "text": "hello"})
        await session.commit()
    async with app.state.db.session() as session:
        status = await session.get(Status, row["id"])
    assert status is not None and status.text == "hello"
    assert status.visibility == "public" and status.replies_count == 0
    assert status.created_at is not None


async def test_rows_changed_and_duplicates_ignored(app: Starlette) -> None:
    rows = [with_defaults(Tag, {"name": n, "display_name": n}) for n in ("a", "b")]
    async with app.state.db.session() as session:
        await TAG.run_many(session, rows)
        again = with_defaults(Tag, {"name": "a", "display_name": "A"})
        assert await TAG.run(session, again) == 0  # ON CONFLICT DO NOTHING: nothing changed
        assert await NOTE_ON_ACCOUNT.run(session, {"id": 1, "note": "nobody"}) == 0
        await session.commit()
    async with app.state.db.session() as session:
        names = (await session.execute(select(Tag.name, Tag.display_name))).all()
    assert sorted(names) == [("a", "a"), ("b", "b")]
