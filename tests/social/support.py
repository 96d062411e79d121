"""Helpers for social graph tests: API calls and direct reads of what the API does not show."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select, update

from tests.factories import Actor
from townsquare.models import Account, Mute, Notification
from townsquare.models.base import utcnow


async def act(client: httpx.AsyncClient, actor: Actor, verb: str, target: Actor, **data: Any):
    """POST /api/v1/accounts/:id/<verb> as ``actor``; returns the response."""
    return await client.post(
        f"/api/v1/accounts/{target.id}/{verb}", headers=actor.headers, data=data
    )


async def relationship(client: httpx.AsyncClient, actor: Actor, target: Actor) -> dict[str, Any]:
    response = await client.get(
        "/api/v1/accounts/relationships", params={"id[]": target.id}, headers=actor.headers
    )
    assert response.status_code == 200, response.text
    (found,) = response.json()
    return found


async def counts(app: Any, actor: Actor) -> tuple[int, int]:
    """``(followers_count, following_count)`` as stored for ``actor``."""
    async with app.state.db.session() as session:
        account = await session.get(Account, int(actor.id))
        assert account is not None
        return account.followers_count, account.following_count


async def notification_types(app: Any, recipient: Actor, sender: Actor) -> list[str]:
    """The types of the notifications ``sender`` caused for ``recipient``."""
    async with app.state.db.session() as session:
        rows = await session.execute(
            select(Notification.type).where(
                Notification.account_id == int(recipient.id),
                Notification.from_account_id == int(sender.id),
            )
        )
        return sorted(rows.scalars())


async def expire_mutes(app: Any, actor: Actor) -> None:
    """Move ``actor``'s mutes' end into the past, as if their duration had elapsed."""
    async with app.state.db.session() as session:
        await session.execute(
            update(Mute)
            .where(Mute.account_id == int(actor.id))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        await session.commit()


def link_url(response: httpx.Response, rel: str) -> str:
    """The URL of the ``rel`` link in the response's Link header."""
    for part in response.headers["link"].split(","):
        url, _, kind = part.partition(";")
        if f'rel="{rel}"' in kind:
            return url.strip()[1:-1]
    raise AssertionError(f"no {rel} link in {response.headers['link']}")
