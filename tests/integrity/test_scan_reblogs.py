"""Synchronised reblogs through the scan: a ring of accounts boosting the same posts within
minutes becomes a campaign, and the ring's reblogs (not the boosted posts) are labelled."""

from __future__ import annotations

from datetime import timedelta

import httpx
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.integrity.helpers import CAMPAIGNS, account_labels, add_status, scan
from townsquare.models.base import utcnow


async def test_a_reblog_ring_is_a_campaign_and_its_reblogs_are_labelled(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "outlet")
    ring = [await make_actor(app, f"amplifier{i}") for i in range(5)]
    fan = await make_actor(app, "fan")
    start = utcnow() - timedelta(days=2)
    targets = [
        await add_status(
            app,
            author,
            f"Headline {n}: something happened somewhere",
            start + timedelta(hours=4 * n),
        )
        for n in range(4)
    ]
    reblogs = []
    for n, target in enumerate(targets):
        for i, who in enumerate(ring):
            at = start + timedelta(hours=4 * n, minutes=2 + i)
            reblogs.append(await add_status(app, who, "", at, reblog_of_id=int(target)))
    await add_status(app, fan, "", start + timedelta(hours=9), reblog_of_id=int(targets[0]))
    summary = await scan(app)
    assert summary.campaigns_found == 1
    (campaign,) = (await client.get(CAMPAIGNS)).json()
    assert campaign["kind"] == "synchronised-reblogs"
    assert campaign["accounts_count"] == 5
    assert campaign["statuses_count"] == 20
    detail = (await client.get(f"{CAMPAIGNS}/{campaign['id']}")).json()
    assert sorted(s["id"] for s in detail["statuses"]) == sorted(reblogs)
    assert {s["reblog"]["id"] for s in detail["statuses"]} == set(targets)
    labelled = await account_labels(client, ring[0])
    assert len(labelled["labels"]) == 4
    assert {x["value"] for x in labelled["labels"]} == {"coordinated"}
    assert (await account_labels(client, author))["labels"] == []
    assert (await account_labels(client, fan))["labels"] == []
