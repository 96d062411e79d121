"""Fan-out on write: who gets a status in their home feed entries, and back-fill on follow.

Entries are read after the fan-out job has delivered the queue, as it does in a running
server a fraction of a second after each post.
"""

from __future__ import annotations

from sqlalchemy import func, select
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.timelines import builders as b
from townsquare.models import HomeFeedEntry, PendingFanout
from townsquare.timelines import fanout


async def deliver(app: Starlette) -> None:
    await fanout.deliver_all(app.state.db, app.state.settings)


async def queued(app: Starlette) -> int:
    async with app.state.db.session() as session:
        return (await session.execute(select(func.count()).select_from(PendingFanout))).scalar_one()


async def entries(app: Starlette, actor) -> list[int]:
    await deliver(app)
    async with app.state.db.session() as session:
        rows = await session.execute(
            select(HomeFeedEntry.status_id)
            .where(HomeFeedEntry.account_id == int(actor.id))
            .order_by(HomeFeedEntry.status_id.desc())
        )
        return list(rows.scalars())


async def test_replies_reach_only_those_who_follow_both_sides(app: Starlette) -> None:
    alice, bob, carol = [await make_actor(app, n) for n in ("alice", "bob", "carol")]
    await b.follow(app, alice, bob)
    await b.follow(app, alice, carol)
    await b.follow(app, carol, bob)
    root = await b.post(app, alice, "root")
    reply = await b.post(app, bob, "reply to alice", reply_to=root)
    assert await entries(app, alice) == [reply, root]  # a reply to alice reaches her
    assert reply not in await entries(app, carol)  # carol does not follow alice
    await b.follow(app, carol, alice)
    second = await b.post(app, bob, "another reply", reply_to=root)
    assert second in await entries(app, carol)


async def test_backfill_on_follow_skips_reblogs_when_not_wanted(app: Starlette) -> None:
    alice, bob, carol = [await make_actor(app, n) for n in ("alice", "bob", "carol")]
    original = await b.post(app, carol, "carol's")
    await b.post(app, bob, reblog_of=original)
    own = await b.post(app, bob, "bob's")
    await b.follow(app, alice, bob, show_reblogs=False)
    assert await entries(app, alice) == [own]


async def test_big_author_post_is_written_once(app: Starlette) -> None:
    app.state.settings.fanout_threshold = 1
    star, alice, bob = [await make_actor(app, n) for n in ("star", "alice", "bob")]
    await b.follow(app, alice, star)
    await b.follow(app, bob, star)  # now 2 followers: above the threshold
    post = await b.post(app, star, "to many")
    assert await entries(app, star) == [post]
    assert await entries(app, alice) == [] == await entries(app, bob)


async def test_a_post_costs_its_author_one_entry_and_the_queue_one_row(app: Starlette) -> None:
    author = await make_actor(app, "author")
    fans = [await make_actor(app) for _ in range(30)]
    for fan in fans:
        await b.follow(app, fan, author)
    post = await b.post(app, author, "to my fans")
    async with app.state.db.session() as session:
        written = await session.execute(select(func.count()).where(HomeFeedEntry.status_id == post))
        assert written.scalar_one() == 1  # the author's own home only, for now
    assert await queued(app) == 1
    await deliver(app)
    assert await queued(app) == 0
    for fan in fans:
        assert await entries(app, fan) == [post]


async def test_deleting_a_queued_status_takes_it_out_of_the_queue(app: Starlette) -> None:
    author, fan = await make_actor(app, "author"), await make_actor(app, "fan")
    await b.follow(app, fan, author)
    post = await b.post(app, author, "oops")
    await b.delete_status(app, post)
    assert await queued(app) == 0
    assert await entries(app, fan) == []
