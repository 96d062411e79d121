"""Reader controls apply in every context: filters (warn, blur, hide, whole words, expiry)
and label preferences, on home, public, thread, account and notification lists."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from starlette.applications import Starlette

from tests.factories import Actor, make_actor
from tests.moderation.helpers import act, moderator, post
from townsquare.models import Filter
from townsquare.models.base import utcnow

PREFS = "/api/townsquare/v1/preferences/labels"


async def _follow(client: httpx.AsyncClient, who: Actor, whom: Actor) -> None:
    response = await client.post(f"/api/v1/accounts/{whom.id}/follow", headers=who.headers)
    assert response.status_code == 200, response.text


async def _lists(
    client: httpx.AsyncClient, bob: Actor, alice: Actor, root: str
) -> dict[str, list[dict[str, Any]]]:
    """What bob sees of alice's posts in each context."""
    h = bob.headers
    notes = (await client.get("/api/v1/notifications", headers=h)).json()
    thread = (await client.get(f"/api/v1/statuses/{root}/context", headers=h)).json()
    return {
        "home": (await client.get("/api/v1/timelines/home", headers=h)).json(),
        "public": (await client.get("/api/v1/timelines/public", headers=h)).json(),
        "account": (await client.get(f"/api/v1/accounts/{alice.id}/statuses", headers=h)).json(),
        "thread": thread["descendants"],
        "notifications": [n["status"] for n in notes if "status" in n],
    }


async def _scene(app: Starlette, client: httpx.AsyncClient) -> tuple[Actor, Actor, str, str]:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    await _follow(client, bob, alice)
    root = await post(client, bob, "what do you think?")
    reply = await post(client, alice, "@bob I love Spoilers here", in_reply_to_id=root)
    return alice, bob, root, reply


CONTEXTS = ["home", "public", "thread", "account", "notifications"]


@pytest.mark.parametrize("action", ["warn", "blur", "hide"])
async def test_filters_apply_in_every_context(
    app: Starlette, client: httpx.AsyncClient, action: str
) -> None:
    alice, bob, root, reply = await _scene(app, client)
    # Replies are not on the public timeline: a top-level post covers it.
    top = await post(client, alice, "Spoilers for everyone")
    created = await client.post(
        "/api/v2/filters", headers=bob.headers,
        json={"title": "no spoilers", "context": CONTEXTS, "filter_action": action,
              "keywords_attributes": [{"keyword": "spoilers", "whole_word": True}]},
    )  # fmt: skip
    assert created.status_code == 200
    seen = await _lists(client, bob, alice, root)
    for context, statuses in seen.items():
        mine = [s for s in statuses if s["id"] in (reply, top)]
        if action == "hide":
            assert mine == [], context
            continue
        assert mine, context
        for status in mine:
            (result,) = status["filtered"]
            assert result["filter"]["filter_action"] == action
            assert result["filter"]["title"] == "no spoilers"
            assert result["keyword_matches"] == ["spoilers"]
    # Asked for by id, a hidden status is still shown, with ``filtered`` set.
    one = (await client.get(f"/api/v1/statuses/{reply}", headers=bob.headers)).json()
    assert one["filtered"][0]["filter"]["filter_action"] == action
    # Alice is not bob: her own views are unfiltered.
    assert (await client.get(f"/api/v1/statuses/{reply}", headers=alice.headers)).json()[
        "filtered"
    ] == []


async def test_filter_context_whole_word_and_expiry(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob, root, reply = await _scene(app, client)
    created = (
        await client.post(
            "/api/v2/filters", headers=bob.headers,
            json={"title": "t", "context": ["public"], "filter_action": "hide",
                  "keywords_attributes": [{"keyword": "spoil", "whole_word": True}]},
        )
    ).json()  # fmt: skip
    seen = await _lists(client, bob, alice, root)
    assert reply in [s["id"] for s in seen["home"]]  # whole word: "Spoilers" is not "spoil"
    await client.put(
        f"/api/v2/filters/{created['id']}", headers=bob.headers,
        json={"context": ["home"], "keywords_attributes": [{"id": created["keywords"][0]["id"], "whole_word": False}]},  # noqa: E501
    )  # fmt: skip
    seen = await _lists(client, bob, alice, root)
    assert reply not in [s["id"] for s in seen["home"]]
    assert reply in [s["id"] for s in seen["account"]]  # not in that filter's contexts
    async with app.state.db.session() as session:
        await session.execute(update(Filter).values(expires_at=utcnow() - timedelta(seconds=1)))
        await session.commit()
    seen = await _lists(client, bob, alice, root)
    assert reply in [s["id"] for s in seen["home"]]


async def test_status_filter_matches_the_status_and_its_reblogs(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    _alice, bob, _root, reply = await _scene(app, client)
    created = (
        await client.post(
            "/api/v2/filters", headers=bob.headers, json={"title": "t", "context": ["home"]}
        )
    ).json()
    await client.post(
        f"/api/v2/filters/{created['id']}/statuses", headers=bob.headers, json={"status_id": reply}
    )
    home = (await client.get("/api/v1/timelines/home", headers=bob.headers)).json()
    (status,) = [s for s in home if s["id"] == reply]
    assert status["filtered"][0]["status_matches"] == [reply]
    assert status["filtered"][0]["keyword_matches"] is None


async def test_label_preferences(app: Starlette, client: httpx.AsyncClient) -> None:
    alice, bob, root, reply = await _scene(app, client)
    mod = await moderator(app, "mod")
    top = await post(client, alice, "a graphic picture")
    await act(
        client, mod, "label", status_id=reply, rule_id="5", reason="gore", label="graphic-media"
    )
    await act(
        client, mod, "label", status_id=top, rule_id="5", reason="gore", label="graphic-media"
    )
    prefs = (await client.get(PREFS, headers=bob.headers)).json()
    graphic = next(p for p in prefs if p["value"] == "graphic-media")
    assert (graphic["setting"], graphic["default_setting"], graphic["severity"]) == (
        "warn",
        "warn",
        "alert",
    )
    seen = await _lists(client, bob, alice, root)
    for context, statuses in seen.items():  # the default, warn: shown with a warning
        mine = [s for s in statuses if s["id"] in (reply, top)]
        assert mine, context
        assert all(s["filtered"][0]["filter"]["id"] == "label:graphic-media" for s in mine)
        assert all(s["labels"][0]["value"] == "graphic-media" for s in mine)
    saved = await client.put(PREFS, headers=bob.headers, json={"labels": {"graphic-media": "hide"}})
    assert saved.status_code == 200
    seen = await _lists(client, bob, alice, root)
    for context, statuses in seen.items():
        assert [s for s in statuses if s["id"] in (reply, top)] == [], context
    await client.put(PREFS, headers=bob.headers, json={"labels": {"graphic-media": "show"}})
    seen = await _lists(client, bob, alice, root)
    for statuses in seen.values():
        mine = [s for s in statuses if s["id"] in (reply, top)]
        assert mine and all(s["filtered"] == [] and s["labels"] for s in mine)
    bad = await client.put(PREFS, headers=bob.headers, json={"labels": {"nope": "hide"}})
    assert bad.json() == {"error": "Validation failed: there is no label 'nope'"}
    bad = await client.put(PREFS, headers=bob.headers, json={"labels": {"graphic-media": "burn"}})
    assert bad.json() == {
        "error": "Validation failed: the setting for graphic-media must be hide, warn or show"
    }
    form = await client.put(PREFS, headers=bob.headers, data={"labels[coordinated]": "hide"})
    assert next(p for p in form.json() if p["value"] == "coordinated")["setting"] == "hide"
    assert (await client.get(PREFS)).status_code == 401


async def test_policy_is_published(client: httpx.AsyncClient) -> None:
    policy = (await client.get("/api/townsquare/v1/policy")).json()
    rule = policy["rules"][0]
    assert set(rule) == {"id", "text", "hint", "legal_basis", "actions"}
    assert rule["actions"] == ["remove", "label", "suspend"]
    assert {d["value"] for d in policy["labels"]} >= {"graphic-media", "coordinated"}
    rules = (await client.get("/api/v1/instance/rules")).json()
    assert [r["id"] for r in rules] == [r["id"] for r in policy["rules"]]
