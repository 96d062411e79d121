"""``notify``: the recipient's blocks and mutes decide whether a notification is made."""

from __future__ import annotations

from datetime import timedelta

import pytest
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.timelines import builders as b
from townsquare.models.base import utcnow


async def test_notify_respects_blocks_mutes_and_self(app: Starlette) -> None:
    alice, bob, carol, dave = [await make_actor(app, n) for n in ("alice", "bob", "carol", "dave")]
    assert await b.notification(app, alice, bob, "follow") is not None
    assert await b.notification(app, alice, alice, "follow") is None
    await b.block(app, alice, bob)
    assert await b.notification(app, alice, bob, "favourite") is None
    await b.mute(app, alice, carol, hide_notifications=True)
    assert await b.notification(app, alice, carol, "follow") is None
    await b.mute(app, alice, dave, expires_at=utcnow() - timedelta(seconds=1))
    assert await b.notification(app, alice, dave, "follow") is not None


async def test_notify_rejects_unknown_types(app: Starlette) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    with pytest.raises(ValueError, match="unknown notification type"):
        await b.notification(app, alice, bob, "poke")
