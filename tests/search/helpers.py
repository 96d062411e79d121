"""Rows written straight into the database, so that search tests exercise the FTS triggers
and the PostgreSQL index rather than the posting endpoint."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from tests.factories import Actor
from townsquare.ids import new_id
from townsquare.models import Block, Follow, Mention, Mute, Status, StatusTag, Tag


async def add_status(
    app: Starlette, author: Actor, text: str, visibility: str = "public", **fields: Any
) -> str:
    """Insert a status by ``author``; returns its id as the API spells it."""
    status_id = fields.pop("id", None) or new_id()
    async with app.state.db.session() as session:
        session.add(
            Status(
                id=status_id,
                account_id=int(author.id),
                text=text,
                content=f"<p>{text}</p>",
                visibility=visibility,
                **fields,
            )
        )
        await session.commit()
    return str(status_id)


async def add_rows(app: Starlette, *rows: Any) -> None:
    async with app.state.db.session() as session:
        session.add_all(rows)
        await session.commit()


def follow(follower: Actor, target: Actor) -> Follow:
    return Follow(account_id=int(follower.id), target_account_id=int(target.id))


def block(blocker: Actor, target: Actor) -> Block:
    return Block(account_id=int(blocker.id), target_account_id=int(target.id))


def mute(muter: Actor, target: Actor, **fields: Any) -> Mute:
    return Mute(account_id=int(muter.id), target_account_id=int(target.id), **fields)


def mention(status_id: str, account: Actor) -> Mention:
    return Mention(status_id=int(status_id), account_id=int(account.id))


async def add_tag(app: Starlette, name: str, status_id: str | None = None) -> int:
    tag_id = new_id()
    rows: list[Any] = [Tag(id=tag_id, name=name.lower(), display_name=name)]
    if status_id is not None:
        rows.append(StatusTag(status_id=int(status_id), tag_id=tag_id))
    await add_rows(app, *rows)
    return tag_id
