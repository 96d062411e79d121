"""The demo generator writes a consistent community: counters, and home timelines as fan-out."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, func, select

from townsquare.demo.loader import load_demo, plan_demo
from townsquare.models import Account, Follow, HomeFeedEntry, Mention, Status
from townsquare.settings import Settings
from townsquare.timelines import fanout


async def _entries(session) -> set[tuple[int, int, int]]:
    rows = await session.execute(
        select(HomeFeedEntry.account_id, HomeFeedEntry.status_id, HomeFeedEntry.author_id)
    )
    return {tuple(row) for row in rows}


async def test_home_feeds_match_what_fan_out_on_write_produces(app, settings: Settings) -> None:
    plan = plan_demo(settings, accounts=30, posts=250, seed=7)
    # A threshold that puts the three most followed accounts on the read-time-merge path.
    counts = sorted(a["followers_count"] for a in plan.accounts)
    settings = settings.model_copy(update={"fanout_threshold": counts[-4]})
    async with app.state.db.session() as session:
        await load_demo(session, settings, plan, "demo-password")
        seeded = await _entries(session)
        await session.execute(delete(HomeFeedEntry))
        mentioned: dict[int, list[int]] = defaultdict(list)
        for status_id, account_id in await session.execute(
            select(Mention.status_id, Mention.account_id)
        ):
            mentioned[status_id].append(account_id)
        authors = {a.id: a for a in (await session.execute(select(Account))).scalars()}
        statuses = (await session.execute(select(Status).order_by(Status.id))).scalars().all()
        for status in statuses:
            await fanout.fan_out(
                session, settings, status, authors[status.account_id], mentioned[status.id]
            )
        await session.flush()
        while await fanout.deliver_pending(session):
            pass
        assert await _entries(session) == seeded
        await session.rollback()


async def test_counters_match_the_rows(app, settings: Settings) -> None:
    plan = plan_demo(settings, accounts=25, posts=120, seed=3)
    async with app.state.db.session() as session:
        await load_demo(session, settings, plan, "demo-password")
        await session.commit()
        followers = dict(
            (await session.execute(
                select(Follow.target_account_id, func.count()).group_by(Follow.target_account_id)
            )).all()
        )  # fmt: skip
        posts = dict(
            (await session.execute(
                select(Status.account_id, func.count())
                .where(Status.visibility != "direct")
                .group_by(Status.account_id)
            )).all()
        )  # fmt: skip
        for account in (await session.execute(select(Account))).scalars():
            assert account.followers_count == followers.get(account.id, 0)
            assert account.statuses_count == posts.get(account.id, 0)
        demo = (
            await session.execute(select(Account).where(Account.username == "demo"))
        ).scalar_one()
        assert demo.following_count > 0


async def test_the_demo_community_reads_as_people_to_the_automation_detector(
    app, settings: Settings
) -> None:
    from townsquare.integrity.scan import run_scan
    from townsquare.models import Label

    plan = plan_demo(settings, accounts=120, posts=1500)  # what `make run` loads
    async with app.state.db.session() as session:
        await load_demo(session, settings, plan, "demo-password")
        await session.commit()
    summary = await run_scan(app.state.db, settings)
    assert summary.posts >= 1400
    async with app.state.db.session() as session:
        labelled = (
            await session.execute(
                select(Account.username)
                .join(Label, (Label.target_id == Account.id) & (Label.target_type == "account"))
                .where(Label.value == "suspected-automated")
            )
        ).scalars()
        assert list(labelled) == []
