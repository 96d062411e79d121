"""The full-text machinery itself: the FTS5 table and triggers on SQLite, the GIN index on
PostgreSQL, and the translation of a query into each database's syntax."""

from __future__ import annotations

from sqlalchemy import delete, select, text
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.search.helpers import add_status
from townsquare.kit.paging import PageRequest
from townsquare.models import Account
from townsquare.models.base import utcnow
from townsquare.search import repository
from townsquare.search.terms import parse_terms


def test_terms_are_quoted_for_both_databases() -> None:
    terms = parse_terms('red "green pears" -rotten -"bad apple" AND NEAR(x) !!! _')
    assert terms.required == ("red", "green pears", "AND", "NEAR(x)")
    assert terms.excluded == ("rotten", "bad apple")
    assert (
        terms.fts5()
        == '("red" AND "green pears" AND "AND" AND "NEAR(x)") NOT "rotten" NOT "bad apple"'
    )
    assert terms.websearch() == '"red" "green pears" "AND" "NEAR(x)" -"rotten" -"bad apple"'


def test_only_exclusions_or_punctuation_find_nothing() -> None:
    assert parse_terms("-spam").empty
    assert parse_terms("!!! ... ---").empty
    assert not parse_terms("#cats").empty


def test_terms_are_bounded() -> None:
    terms = parse_terms(" ".join(f"w{i}" for i in range(100)) + " " + "x" * 300)
    assert len(terms.required) == 20
    assert all(len(t) <= 100 for t in terms.required)


async def _find(app: Starlette, viewer_id: int, query: str) -> list[int]:
    async with app.state.db.session() as session:
        found = await repository.statuses_matching(
            session,
            parse_terms(query),
            viewer_id=viewer_id,
            now=utcnow(),
            author_id=None,
            page=PageRequest(limit=40),
            offset=0,
        )
    return [s.id for s in found]


async def test_deleting_an_account_removes_its_statuses_from_the_index(app: Starlette) -> None:
    alice = await make_actor(app, "alice")
    bob = await make_actor(app, "bob")
    kept = await add_status(app, bob, "lighthouse keeper")
    await add_status(app, alice, "lighthouse keeper")
    async with app.state.db.session() as session:
        await session.execute(delete(Account).where(Account.id == int(alice.id)))
        await session.commit()
    assert await _find(app, int(bob.id), "lighthouse") == [int(kept)]
    if app.state.db.dialect == "sqlite":
        async with app.state.db.session() as session:
            # Raises if the index disagrees with the statuses table.
            await session.execute(
                text("INSERT INTO statuses_fts(statuses_fts) VALUES ('integrity-check')")
            )
            indexed = await session.execute(text("SELECT count(*) FROM statuses_fts"))
            assert indexed.scalar() == 1


async def test_postgresql_uses_the_search_index(app: Starlette) -> None:
    if app.state.db.dialect != "postgresql":
        async with app.state.db.session() as session:
            plan = await session.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT rowid FROM statuses_fts WHERE statuses_fts MATCH 'x'"
                )
            )
            assert "VIRTUAL TABLE INDEX" in " ".join(str(row[-1]) for row in plan)
        return
    alice = await make_actor(app, "alice")
    await add_status(app, alice, "indexed words")
    async with app.state.db.session() as session:
        await session.execute(text("SET LOCAL enable_seqscan = off"))
        query = (
            select(text("1"))
            .select_from(text("statuses"))
            .where(text(f"{repository.PG_DOCUMENT} @@ websearch_to_tsquery('simple', 'indexed')"))
        )
        plan = await session.execute(text("EXPLAIN " + str(query.compile())))
        assert "ix_statuses_search_vector" in "\n".join(row[0] for row in plan)
