"""Test builders: statuses, follows, mutes, blocks, favourites, bookmarks, pins, notifications.

They insert model rows and call the fan-out exactly as the statuses and social services
do, so that timeline and notification tests need nothing but the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import Any

from sqlalchemy import delete, select, update
from starlette.applications import Starlette

from tests.factories import Actor
from townsquare.models import (
    Account,
    Block,
    Bookmark,
    Favourite,
    Follow,
    Mention,
    Mute,
    Status,
    StatusPin,
    StatusTag,
    Tag,
)
from townsquare.notifications.service import notify
from townsquare.timelines import fanout


def _id(who: Actor | int) -> int:
    return who if isinstance(who, int) else int(who.id)


async def post(
    app: Starlette,
    author: Actor,
    text: str = "hello",
    *,
    visibility: str = "public",
    reply_to: int | None = None,
    reblog_of: int | None = None,
    tags: Sequence[str] = (),
    mentions: Sequence[Actor] = (),
) -> int:
    """Create a status (or a reblog of ``reblog_of``) and fan it out; returns its id."""
    async with app.state.db.session() as session:
        account = await session.get(Account, _id(author))
        assert account is not None
        reply_account = None
        if reply_to is not None:
            parent = await session.get(Status, reply_to)
            assert parent is not None
            reply_account = parent.account_id
        status = Status(
            account_id=account.id,
            text="" if reblog_of else text,
            content="" if reblog_of else f"<p>{escape(text)}</p>",
            visibility=visibility,
            in_reply_to_id=reply_to,
            in_reply_to_account_id=reply_account,
            reblog_of_id=reblog_of,
        )
        session.add(status)
        await session.flush()
        for mentioned in mentions:
            session.add(Mention(status_id=status.id, account_id=_id(mentioned)))
        for name in tags:
            session.add(StatusTag(status_id=status.id, tag_id=await _tag_id(session, name)))
        account.statuses_count += 1
        await session.flush()
        mentioned_ids = [_id(m) for m in mentions]
        await fanout.fan_out(session, app.state.settings, status, account, mentioned_ids)
        await session.commit()
        return status.id


async def _tag_id(session: Any, name: str) -> int:
    found = (await session.execute(select(Tag).where(Tag.name == name.lower()))).scalar()
    if found is None:
        found = Tag(name=name.lower(), display_name=name)
        session.add(found)
        await session.flush()
    return found.id


async def delete_status(app: Starlette, status_id: int) -> None:
    async with app.state.db.session() as session:
        status = await session.get(Status, status_id)
        assert status is not None
        await fanout.remove_status(session, status)
        await session.execute(delete(Status).where(Status.id == status_id))
        await session.commit()


async def follow(
    app: Starlette, follower: Actor, target: Actor, *, show_reblogs: bool = True
) -> None:
    """``follower`` follows ``target``, with the counts and back-fill the service does."""
    async with app.state.db.session() as session:
        session.add(
            Follow(
                account_id=_id(follower), target_account_id=_id(target), show_reblogs=show_reblogs
            )
        )
        await _bump_counts(session, _id(follower), _id(target), 1)
        await session.flush()
        target_account = await session.get(Account, _id(target))
        assert target_account is not None
        await fanout.on_follow(session, app.state.settings, _id(follower), target_account)
        await session.commit()


async def unfollow(app: Starlette, follower: Actor, target: Actor) -> None:
    async with app.state.db.session() as session:
        await session.execute(
            delete(Follow).where(
                Follow.account_id == _id(follower), Follow.target_account_id == _id(target)
            )
        )
        await _bump_counts(session, _id(follower), _id(target), -1)
        await fanout.on_unfollow(session, _id(follower), _id(target))
        await session.commit()


async def _bump_counts(session: Any, follower_id: int, target_id: int, delta: int) -> None:
    await session.execute(
        update(Account)
        .where(Account.id == follower_id)
        .values(following_count=Account.following_count + delta)
    )
    await session.execute(
        update(Account)
        .where(Account.id == target_id)
        .values(followers_count=Account.followers_count + delta)
    )


async def set_followers_count(app: Starlette, who: Actor, count: int) -> None:
    """Pretend ``who`` has ``count`` followers (to cross the fan-out threshold cheaply)."""
    async with app.state.db.session() as session:
        await session.execute(
            update(Account).where(Account.id == _id(who)).values(followers_count=count)
        )
        await session.commit()


async def _add(app: Starlette, row: Any) -> int:
    async with app.state.db.session() as session:
        session.add(row)
        await session.commit()
        return int(row.id)


async def mute(
    app: Starlette,
    viewer: Actor,
    target: Actor,
    *,
    hide_notifications: bool = True,
    expires_at: datetime | None = None,
) -> int:
    return await _add(
        app,
        Mute(
            account_id=_id(viewer),
            target_account_id=_id(target),
            hide_notifications=hide_notifications,
            expires_at=expires_at,
        ),
    )


async def block(app: Starlette, viewer: Actor, target: Actor) -> int:
    return await _add(app, Block(account_id=_id(viewer), target_account_id=_id(target)))


async def favourite(app: Starlette, who: Actor, status_id: int) -> int:
    return await _add(app, Favourite(account_id=_id(who), status_id=status_id))


async def bookmark(app: Starlette, who: Actor, status_id: int) -> int:
    return await _add(app, Bookmark(account_id=_id(who), status_id=status_id))


async def pin(app: Starlette, who: Actor, status_id: int) -> int:
    return await _add(app, StatusPin(account_id=_id(who), status_id=status_id))


async def notification(
    app: Starlette,
    recipient: Actor,
    sender: Actor,
    type: str,
    status_id: int | None = None,
) -> int | None:
    """Notify as the services do; the id, or None when the recipient's wishes drop it."""
    async with app.state.db.session() as session:
        made = await notify(
            session,
            recipient_id=_id(recipient),
            from_account_id=_id(sender),
            type=type,
            status_id=status_id,
        )
        await session.flush()
        await session.commit()
        return made.id if made is not None else None
