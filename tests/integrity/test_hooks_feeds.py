"""The published penalty for coordinated posts in ranked feeds: a term in every receipt."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from tests.factories import Actor, make_actor
from tests.integrity.labelling import add_label, post

API = "/api/townsquare/v1"


def _term(receipt: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in receipt["terms"] if t["name"] == name)


async def _for_you(client: httpx.AsyncClient, viewer: Actor, **weights: float) -> list[Any]:
    feed = "for-you"
    if weights:
        fork = await client.post(f"{API}/feeds", json={"weights": weights}, headers=viewer.headers)
        assert fork.status_code == 200, fork.text
        feed = fork.json()["id"]
    response = await client.get(
        f"{API}/feeds/{feed}/timeline?explain=true&limit=40", headers=viewer.headers
    )
    assert response.status_code == 200, response.text
    return list(response.json())


async def test_a_coordinated_post_carries_the_penalty_in_its_receipt(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    viewer, author, booster, other = [
        await make_actor(app, n) for n in ("viewer", "author", "booster", "other")
    ]
    await client.post(f"/api/v1/accounts/{author.id}/follow", headers=viewer.headers)
    await client.post(f"/api/v1/accounts/{booster.id}/follow", headers=other.headers)
    plain = await post(client, author, "an ordinary post, older than the labelled one")
    labelled = await post(client, author, "the same talking point as forty others")
    await add_label(app, "status", labelled, "coordinated", "integrity.coordination")
    boost = await client.post(f"/api/v1/statuses/{labelled}/reblog", headers=booster.headers)

    served = await _for_you(client, viewer)
    receipts = {s["id"]: s["receipt"] for s in served}
    assert _term(receipts[labelled], "coordinated") == {
        "name": "coordinated", "weight": -3.0, "value": 1.0, "product": -3.0,
    }  # fmt: skip
    assert _term(receipts[plain], "coordinated")["value"] == 0.0
    assert receipts[labelled]["score"] < receipts[plain]["score"]
    ordered = [s["id"] for s in served]
    assert ordered.index(plain) < ordered.index(labelled)  # lowered, never removed
    labelled_entity = next(s for s in served if s["id"] == labelled)
    assert [x["value"] for x in labelled_entity["labels"]] == ["coordinated"]
    # A boost of a labelled post is weighed like the post.
    boosted = {s["id"]: s["receipt"] for s in await _for_you(client, other)}
    assert _term(boosted[boost.json()["id"]], "coordinated")["value"] == 1.0

    unpenalised = {s["id"]: s["receipt"] for s in await _for_you(client, viewer, coordinated=0)}
    assert _term(unpenalised[labelled], "coordinated")["product"] == 0.0


async def test_the_weight_is_published_and_forks_stay_in_its_range(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    viewer = await make_actor(app, "viewer")
    manifest = (await client.get(f"{API}/algorithm")).json()
    for feed in manifest["feeds"]:
        if feed["name"] == "following":
            assert "coordinated" not in feed["weights"]
            continue
        assert feed["weights"]["coordinated"]["default"] == -3.0
        assert (
            feed["weights"]["coordinated"]["minimum"],
            feed["weights"]["coordinated"]["maximum"],
        ) == (-10.0, 0.0)
        hydrator = next(h for h in feed["stages"]["hydrators"] if h["identifier"] == "coordinated")
        assert hydrator["reads"] == {"labels": ["target_type", "target_id", "value"]}
    for bad in (-11, 1):
        refused = await client.post(
            f"{API}/feeds", json={"weights": {"coordinated": bad}}, headers=viewer.headers
        )
        assert refused.status_code == 422
        assert refused.json() == {
            "error": "Validation failed: weight coordinated must be between -10 and 0"
        }
