"""Social service effects beyond the API's answer: home timelines and counters."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import make_actor
from townsquare.models import Account, HomeFeedEntry, Status
from townsquare.social import service


async def _status(app, author_id: int) -> int:
    async with app.state.db.session() as session:
        status = Status(account_id=author_id, text="hi", content="<p>hi</p>")
        session.add(status)
        await session.commit()
        return status.id


async def _home(app, account_id: int) -> set[int]:
    async with app.state.db.session() as session:
        rows = await session.execute(
            select(HomeFeedEntry.status_id).where(HomeFeedEntry.account_id == account_id)
        )
        return set(rows.scalars())


async def _accounts(session, *ids: int) -> list[Account]:
    found = [await session.get(Account, i) for i in ids]
    assert all(a is not None for a in found)
    return found  # type: ignore[return-value]


async def test_follow_backfills_home_and_block_empties_it(app) -> None:
    alice_id, bob_id = int((await make_actor(app, "alice")).id), int((await make_actor(app)).id)
    post = await _status(app, bob_id)
    settings = app.state.settings

    async with app.state.db.session() as session:
        alice, bob = await _accounts(session, alice_id, bob_id)
        await service.follow(session, settings, alice, bob)
        await session.commit()
    assert await _home(app, alice_id) == {post}

    async with app.state.db.session() as session:
        alice, bob = await _accounts(session, alice_id, bob_id)
        await service.block(session, bob, alice)
        await session.commit()
    assert await _home(app, alice_id) == set()


async def test_authorize_backfills_home(app) -> None:
    alice_id = int((await make_actor(app, "alice")).id)
    bob_id = int((await make_actor(app, "bob", locked=True)).id)
    post = await _status(app, bob_id)

    async with app.state.db.session() as session:
        alice, bob = await _accounts(session, alice_id, bob_id)
        await service.follow(session, app.state.settings, alice, bob)
        await session.commit()
    assert await _home(app, alice_id) == set()

    async with app.state.db.session() as session:
        (bob,) = await _accounts(session, bob_id)
        await service.authorize_request(session, app.state.settings, bob, alice_id)
        await session.commit()
        assert bob.followers_count == 1
    assert await _home(app, alice_id) == {post}
