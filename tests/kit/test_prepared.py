"""kit.prepared: hot reads on the driver give what the ORM would, inside the request's
transaction, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import BigInteger, Integer, bindparam, event, select
from starlette.applications import Starlette

from tests.factories import make_actor
from townsquare.accounts import repository as accounts
from townsquare.kit.prepared import Prepared, as_models, columns_of, prepared_for, split_models
from townsquare.kit.sql import in_ids
from townsquare.models import Account, Note, Status, User

BY_IDS = Prepared(select(Account).where(in_ids(Account.id, "ids")))


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def test_models_read_on_the_driver_equal_the_orms(app: Starlette) -> None:
    actor = await make_actor(app, "reader", fields=[{"name": "site", "value": "example.org"}])
    async with app.state.db.session() as session:
        loaded = await session.get(Account, int(actor.id))
        assert loaded is not None
        (fast,) = as_models(Account, await BY_IDS.rows(session, {"ids": [int(actor.id)]}))
        for column in Account.__table__.columns:
            orm_value, fast_value = getattr(loaded, column.key), getattr(fast, column.key)
            if isinstance(orm_value, datetime):
                assert _as_utc(fast_value) == _as_utc(orm_value), column.key
            else:
                assert fast_value == orm_value, column.key
        assert isinstance(fast.locked, bool) and fast.locked is False


async def test_floats_json_and_nulls_keep_their_types(app: Starlette) -> None:
    author = await make_actor(app, "author")
    async with app.state.db.session() as session:
        status = Status(account_id=int(author.id), text="t", content="<p>t</p>")
        session.add(status)
        await session.flush()
        note = Note(status_id=status.id, account_id=int(author.id), classification="misleading",
                    reasons=["factual_error"], text="x", sources=["https://a.example"],
                    intercept=0.25)  # fmt: skip
        session.add(note)
        await session.commit()
        statement = prepared_for(select(Note).where(Note.id == bindparam("id", type_=BigInteger)))
        (found,) = as_models(Note, await statement.rows(session, {"id": note.id}))
    assert found.reasons == ["factual_error"] and found.sources == ["https://a.example"]
    assert found.intercept == pytest.approx(0.25) and isinstance(found.intercept, float)
    assert found.factor is None and found.scored_at is None


async def test_a_read_sees_what_the_request_wrote_but_did_not_flush(app: Starlette) -> None:
    actor = await make_actor(app, "writer")
    async with app.state.db.session() as session:
        account = await session.get(Account, int(actor.id))
        assert account is not None
        account.display_name = "Changed, not flushed"
        found = await accounts.read_many(session, [int(actor.id)])
        assert found[int(actor.id)].display_name == "Changed, not flushed"
        await session.rollback()


async def test_copies_are_read_only_and_get_many_stays_in_the_session(app: Starlette) -> None:
    actor = await make_actor(app, "copied", display_name="Before")
    async with app.state.db.session() as session:
        copy = (await accounts.read_many(session, [int(actor.id)]))[int(actor.id)]
        copy.display_name = "Lost"
        attached = (await accounts.get_many(session, [int(actor.id)]))[int(actor.id)]
        attached.note = "Kept"
        await session.commit()
    async with app.state.db.session() as session:
        stored = await session.get(Account, int(actor.id))
        assert stored is not None
        assert (stored.display_name, stored.note) == ("Before", "Kept")


async def test_a_page_limit_and_a_fixed_in_list_are_written_into_the_sql(app: Starlette) -> None:
    author = await make_actor(app, "poster")
    async with app.state.db.session() as session:
        for visibility in ("public", "unlisted", "direct", "public"):
            session.add(Status(account_id=int(author.id), text="t", visibility=visibility))
        await session.commit()
    limit = bindparam("page_limit", type_=Integer, literal_execute=True)
    statement = Prepared(
        select(Status.id)
        .where(Status.account_id == bindparam("author", type_=BigInteger))
        .where(Status.visibility.in_(("public", "unlisted")))
        .order_by(Status.id.desc())
        .limit(limit)
    )
    assert statement.supported
    async with app.state.db.session() as session:
        two = await statement.rows(session, {"author": int(author.id), "page_limit": 2})
        every = await statement.rows(session, {"author": int(author.id), "page_limit": 10})
    assert len(two) == 2 and len(every) == 3
    assert [row[0] for row in two] == [row[0] for row in every][:2]


def test_an_in_list_given_at_execution_stays_on_the_session() -> None:
    statement = Prepared(
        select(Status.id).where(Status.id.in_(bindparam("ids", type_=BigInteger, expanding=True)))
    )
    assert not statement.supported


async def test_statement_listeners_see_driver_statements(app: Starlette) -> None:
    actor = await make_actor(app, "watched")
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engine = app.state.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        async with app.state.db.session() as session:
            await BY_IDS.rows(session, {"ids": [int(actor.id)]})
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert any("FROM accounts" in s for s in seen)


async def test_an_outer_join_that_found_nothing_gives_none(app: Starlette) -> None:
    actor = await make_actor(app, "joined")
    statement = Prepared(
        select(*columns_of(Account, User))
        .select_from(Account)
        .outerjoin(User, User.account_id == -1)
        .where(Account.id == bindparam("id", type_=BigInteger))
    )
    async with app.state.db.session() as session:
        (row,) = await statement.rows(session, {"id": int(actor.id)})
    account, user = split_models(row, (Account, User))
    assert account.username == "joined" and user is None
