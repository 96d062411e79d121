"""Closing polls: the job, notifications, the published tree checked by an independent
re-implementation written here, receipts, proofs and the integrity view."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import httpx
import orjson
from sqlalchemy import update
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.polls.support import expire, post_poll, vote
from townsquare.models import Account
from townsquare.models.base import utcnow
from townsquare.polls.closing import close_expired_polls


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def independent_root(lines: list[dict[str, Any]]) -> str:
    """The documented tree, written again without townsquare's code."""
    level = [_sha(b"\0" + bytes.fromhex(x["receipt_hash"]) + bytes(x["choices"])) for x in lines]
    assert level == sorted(level)
    if not level:
        return _sha(b"").hex()
    while len(level) > 1:
        pairs = [_sha(b"\1" + level[i] + level[i + 1]) for i in range(0, len(level) - 1, 2)]
        level = pairs + ([level[-1]] if len(level) % 2 else [])
    return level[0].hex()


def independent_check(leaf: bytes, path: list[dict[str, str]], root: str) -> bool:
    for step in path:
        sibling = bytes.fromhex(step["hash"])
        leaf = _sha(b"\1" + (sibling + leaf if step["side"] == "left" else leaf + sibling))
    return leaf.hex() == root


async def _closed_poll(app: Starlette, client: httpx.AsyncClient, voters: int) -> tuple[Any, ...]:
    author = await make_actor(app, "author")
    actors = [await make_actor(app) for _ in range(voters)]
    poll = (await post_poll(client, author, ["a", "b", "c"], multiple=True))["poll"]
    for i, actor in enumerate(actors):
        assert (
            await vote(client, actor, poll["id"], [i % 3, (i + 1) % 3] if i % 2 else [i % 3])
        ).status_code == 200
    early = await client.get(f"/api/townsquare/v1/polls/{poll['id']}/tally")
    assert early.json() == {"error": "The tally is published when the poll ends"}
    await expire(app, poll["id"])
    await close_expired_polls(app.state.db, app.state.settings)
    await close_expired_polls(app.state.db, app.state.settings)  # idempotent
    return author, actors, poll


async def test_closing_publishes_a_tree_that_an_independent_check_accepts(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author, actors, poll = await _closed_poll(app, client, 7)
    base = f"/api/townsquare/v1/polls/{poll['id']}"
    tally = (await client.get(base + "/tally")).json()
    lines = [orjson.loads(line) for line in (await client.get(base + "/leaves")).text.splitlines()]
    assert len(lines) == 7 and tally["voters_count"] == 7
    assert tally["merkle_root"] == independent_root(lines)
    counted = [sum(c in line["choices"] for line in lines) for c in range(3)]
    assert [o["votes_count"] for o in tally["options"]] == counted
    for actor in actors:
        receipt = (await client.get(base + "/receipt", headers=actor.headers)).json()
        assert not any(actor.id in str(line) for line in lines)
        proof = (await client.get(base + "/proof", params={"receipt": receipt["receipt"]})).json()
        leaf = _sha(b"\0" + _sha(receipt["receipt"].encode()) + bytes(receipt["choices"]))
        assert proof["leaf"] == leaf.hex()
        assert independent_check(leaf, proof["path"], tally["merkle_root"])
    unknown = await client.get(base + "/proof", params={"receipt": "nope"})
    assert (unknown.status_code, unknown.json()) == (
        404,
        {"error": "No ballot of this poll has this receipt"},
    )
    none = await client.get(base + "/receipt", headers=author.headers)
    assert none.json() == {"error": "You have not voted on this poll"}


async def test_the_author_and_every_voter_get_a_poll_notification(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author, actors, _poll = await _closed_poll(app, client, 3)
    for who in (author, *actors):
        notes = (await client.get("/api/v1/notifications", headers=who.headers)).json()
        polls = [n for n in notes if n["type"] == "poll"]
        assert len(polls) == 1, who.username
        assert polls[0]["status"]["poll"]["expired"] is True


async def test_an_empty_poll_closes_with_the_empty_root(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    _author, _actors, poll = await _closed_poll(app, client, 0)
    tally = (await client.get(f"/api/townsquare/v1/polls/{poll['id']}/tally")).json()
    assert tally["merkle_root"] == _sha(b"").hex() == independent_root([])


async def test_integrity_view_separates_established_and_new_accounts(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "author")
    old = [await make_actor(app) for _ in range(3)]
    async with app.state.db.session() as session:
        await session.execute(
            update(Account)
            .where(Account.id.in_([int(a.id) for a in old]))
            .values(created_at=utcnow() - timedelta(days=90))
        )
        await session.commit()
    poll = (await post_poll(client, author, ["a", "b"]))["poll"]
    fresh = [await make_actor(app) for _ in range(2)]
    for actor in old:
        await vote(client, actor, poll["id"], [0])
    for actor in fresh:
        await vote(client, actor, poll["id"], [1])
    view = (await client.get(f"/api/townsquare/v1/polls/{poll['id']}/integrity")).json()
    assert [o["votes_count"] for o in view["all"]["options"]] == [3, 2]
    assert [o["votes_count"] for o in view["established"]["options"]] == [3, 0]
    assert view["established"]["voters_count"] == 3
    assert view["new_accounts"] == {"ballots": 2, "share": 0.4}
    assert sum(m["ballots"] for m in view["ballots_per_minute"]) == 5
    assert view["established_rules"][0]["name"] == "account_age"
    assert view["established_rules"][0]["min_account_age_days"] == 30
