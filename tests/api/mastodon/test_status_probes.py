"""Rendering asks the feature packages in one statement which statuses they have anything
for (a poll, a removal, a label, a community note), and each then reads only those."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event, literal, select

from tests.factories import make_actor
from tests.integrity.labelling import add_label, post
from townsquare.api.mastodon.entities.status import register_status_probe
from townsquare.models import Poll

# The statements that read an extension's rows in full (the probe reads ids only).
FULL_READS = {
    "polls": r"^SELECT polls\.id",
    "removals": r"^SELECT status_removals\.",
    "labels": r"^SELECT labels\.id",
    "notes": r"^SELECT notes\.id",
}


@asynccontextmanager
async def recorded(app: Any) -> AsyncIterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, *_rest: Any) -> None:
        statements.append(sql.strip())

    engine = app.state.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def full_reads(statements: list[str]) -> set[str]:
    return {name for name, pattern in FULL_READS.items() for sql in statements
            if re.match(pattern, sql)}  # fmt: skip


async def test_a_page_with_nothing_attached_reads_no_extension(
    client: httpx.AsyncClient, app: Any
) -> None:
    alice = await make_actor(app, "alice")
    for n in range(3):
        await post(client, alice, f"plain post {n}")

    async with recorded(app) as statements:
        response = await client.get("/api/v1/timelines/public", headers=alice.headers)

    assert response.status_code == 200 and len(response.json()) == 3
    assert full_reads(statements) == set()
    page = response.json()
    assert all(s["poll"] is None and s["labels"] == [] for s in page)
    assert all(s["community_note"] is None for s in page)


async def test_what_is_attached_is_read_and_shown(client: httpx.AsyncClient, app: Any) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    await post(client, alice, "plain")
    polled = await post(client, alice, "a poll", poll={"options": ["a", "b"], "expires_in": 600})
    labelled = await post(client, bob, "labelled")
    await add_label(app, "status", labelled, "coordinated")
    await add_label(app, "account", bob.id, "state-affiliated")

    async with recorded(app) as statements:
        response = await client.get("/api/v1/timelines/public", headers=alice.headers)

    assert full_reads(statements) == {"polls", "labels"}
    by_id = {s["id"]: s for s in response.json()}
    assert [o["title"] for o in by_id[polled]["poll"]["options"]] == ["a", "b"]
    assert [x["value"] for x in by_id[labelled]["labels"]] == ["coordinated"]
    assert [x["value"] for x in by_id[labelled]["account"]["labels"]] == ["state-affiliated"]
    assert sum(1 for s in by_id.values() if s["poll"] is not None) == 1


def test_a_probe_cannot_take_the_kind_of_a_pages_links_or_flags() -> None:
    for taken in ("m", "t", "f"):
        with pytest.raises(ValueError, match="taken"):
            register_status_probe(taken, select(literal(taken), Poll.status_id))
