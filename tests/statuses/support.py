"""Helpers for status tests: post through the API, arrange the social graph in the database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select
from starlette.applications import Starlette

from tests.factories import Actor, make_actor
from townsquare.models import Account, Block, Follow, Mute, Notification, Status
from townsquare.models.base import utcnow


async def post(client: httpx.AsyncClient, actor: Actor, text: str, **fields: Any) -> dict[str, Any]:
    """Post a status and return its entity (the post must succeed)."""
    response = await client.post(
        "/api/v1/statuses", headers=actor.headers, data={"status": text, **fields}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def follow(app: Starlette, follower: Actor, target: Actor, *, notify: bool = False) -> None:
    async with app.state.db.session() as session:
        session.add(
            Follow(account_id=int(follower.id), target_account_id=int(target.id), notify=notify)
        )
        await session.commit()


async def block(app: Starlette, blocker: Actor, target: Actor) -> None:
    async with app.state.db.session() as session:
        session.add(Block(account_id=int(blocker.id), target_account_id=int(target.id)))
        await session.commit()


async def mute(app: Starlette, muter: Actor, target: Actor, *, expired: bool = False) -> None:
    expires = utcnow() - timedelta(minutes=1) if expired else None
    async with app.state.db.session() as session:
        session.add(
            Mute(account_id=int(muter.id), target_account_id=int(target.id), expires_at=expires)
        )
        await session.commit()


async def notifications(app: Starlette, recipient: Actor) -> list[tuple[str, str, str | None]]:
    """``(type, from account id, status id)`` of the recipient's notifications, oldest first."""
    async with app.state.db.session() as session:
        rows = await session.execute(
            select(Notification.type, Notification.from_account_id, Notification.status_id)
            .where(Notification.account_id == int(recipient.id))
            .order_by(Notification.id)
        )
        return [(t, str(f), str(s) if s else None) for t, f, s in rows]


async def account_row(app: Starlette, actor: Actor) -> Account:
    async with app.state.db.session() as session:
        account = await session.get(Account, int(actor.id))
        assert account is not None
        return account


async def status_count(app: Starlette) -> int:
    async with app.state.db.session() as session:
        return len((await session.execute(select(Status.id))).all())


async def actors(app: Starlette, *names: str) -> list[Actor]:
    return [await make_actor(app, name) for name in names]
