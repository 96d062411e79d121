"""Fan-out on write: who gets a status in their home feed entries, and back-fill on follow."""

from __future__ import annotations

from sqlalchemy import select
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.timelines import builders as b
from townsquare.models import HomeFeedEntry


async def entries(app: Starlette, actor) -> list[int]:
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
