"""The policy helpers other features use to hide blocked and muted accounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_actor
from townsquare.kit.errors import Forbidden, NotFound
from townsquare.models import Account
from townsquare.models.base import utcnow
from townsquare.social import policy, repository


async def _ids(app, *names: str) -> list[int]:
    return [int((await make_actor(app, name)).id) for name in names]


async def test_muted_ids_leave_out_expired_mutes(app) -> None:
    viewer, forever, later, expired, other = await _ids(
        app, "viewer", "forever", "later", "expired", "other"
    )
    async with app.state.db.session() as session:
        future, past = utcnow() + timedelta(hours=1), utcnow() - timedelta(seconds=1)
        for target, expires_at in ((forever, None), (later, future), (expired, past)):
            await repository.save_mute(
                session, viewer, target, hide_notifications=True, expires_at=expires_at
            )
        await repository.save_mute(session, other, viewer, hide_notifications=True, expires_at=None)
        await session.commit()

        assert await policy.muted_ids(session, viewer) == {forever, later}
        assert await policy.muted_ids(session, other) == {viewer}
        assert await policy.muted_ids(session, later) == set()


async def test_blocked_or_blocking_ids_go_both_ways(app) -> None:
    viewer, blocked, blocker, bystander = await _ids(app, "viewer", "blocked", "blocker", "by")
    async with app.state.db.session() as session:
        await repository.insert_block(session, viewer, blocked)
        await repository.insert_block(session, blocker, viewer)
        await session.commit()

        assert await policy.blocked_or_blocking_ids(session, viewer) == {blocked, blocker}
        assert await policy.blocked_or_blocking_ids(session, bystander) == set()
        assert await policy.blocked_or_blocking_ids(session, blocked) == {viewer}


async def test_excluded_ids_query_works_as_a_subquery(app) -> None:
    viewer, blocked, muted, visible = await _ids(app, "viewer", "blocked", "muted", "visible")
    async with app.state.db.session() as session:
        await repository.insert_block(session, blocked, viewer)
        await repository.save_mute(session, viewer, muted, hide_notifications=True, expires_at=None)
        await session.commit()

        rows = await session.execute(
            select(Account.id).where(
                Account.id.in_([blocked, muted, visible]),
                Account.id.not_in(policy.excluded_ids_query(viewer)),
            )
        )
        assert set(rows.scalars()) == {visible}


async def test_may_follow_rules(app) -> None:
    alice, bob = await _ids(app, "alice", "bob")
    async with app.state.db.session() as session:
        alice_account = await session.get(Account, alice)
        bob_account = await session.get(Account, bob)
        assert alice_account is not None and bob_account is not None
        await policy.ensure_may_follow(session, alice, bob_account)
        with pytest.raises(NotFound):
            await policy.ensure_may_follow(session, alice, alice_account)
        await repository.insert_block(session, bob, alice)
        with pytest.raises(Forbidden, match="This action is not allowed"):
            await policy.ensure_may_follow(session, alice, bob_account)
        bob_account.suspended_at = utcnow()
        with pytest.raises(NotFound):
            await policy.ensure_may_follow(session, alice, bob_account)
