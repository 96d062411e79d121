"""The tip jar on profiles (Account fields), its history, and change notifications."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.factories import make_actor, make_token
from tests.tips.support import API, BTC, DOGE, LIGHTNING, put_tip_jar

OWN_FIELDS = {
    f"fields_attributes[{i}][{key}]": f"{key} {i}" for i in range(4) for key in ("name", "value")
}


async def test_addresses_are_profile_fields_after_the_users_own(
    client: httpx.AsyncClient, app: Any
) -> None:
    alice = await make_actor(app, "alice")
    updated = await client.patch(
        "/api/v1/accounts/update_credentials", data=OWN_FIELDS, headers=alice.headers
    )
    assert updated.status_code == 200, updated.text
    await put_tip_jar(client, alice, dogecoin=DOGE, lightning=LIGHTNING)

    account = (await client.get(f"/api/v1/accounts/{alice.id}")).json()

    names = [f["name"] for f in account["fields"]]
    assert names == ["name 0", "name 1", "name 2", "name 3", "Dogecoin tips", "Lightning tips"]
    assert account["fields"][4] == {
        "name": "Dogecoin tips",
        "value": f'<a href="dogecoin:{DOGE}" rel="nofollow noopener noreferrer" '
        f'translate="no">{DOGE}</a>',
        "verified_at": None,
    }
    # The editable source keeps the user's own fields only, so saving a profile in any app
    # never copies the addresses into them; and the tip fields do not use up the 4 slots.
    me = (await client.get("/api/v1/accounts/verify_credentials", headers=alice.headers)).json()
    assert [f["name"] for f in me["source"]["fields"]] == names[:4]
    assert [f["name"] for f in me["fields"]] == names
    resaved = await client.patch(
        "/api/v1/accounts/update_credentials", data=OWN_FIELDS, headers=alice.headers
    )
    assert [f["name"] for f in resaved.json()["fields"]] == names

    # On statuses too, and gone once removed.
    status = await client.post("/api/v1/statuses", json={"status": "hi"}, headers=alice.headers)
    assert [f["name"] for f in status.json()["account"]["fields"]][4:] == names[4:]
    await put_tip_jar(client, alice, dogecoin="", lightning="")
    account = (await client.get(f"/api/v1/accounts/{alice.id}")).json()
    assert [f["name"] for f in account["fields"]] == names[:4]


async def test_every_change_is_recorded_and_notified(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    await put_tip_jar(client, alice, dogecoin=DOGE)
    await put_tip_jar(client, alice, dogecoin=DOGE, bitcoin=BTC)  # dogecoin unchanged
    await put_tip_jar(client, alice, dogecoin=DOGE)  # nothing changes: no record, no notice
    await put_tip_jar(client, alice, bitcoin="")

    history = await client.get(f"{API}/tip_jar/history", headers=alice.headers)

    assert history.status_code == 200
    changes = [
        (c["currency"], c["previous_address"], c["address"], c["application"])
        for c in history.json()
    ]
    assert changes == [
        ("bitcoin", BTC, None, {"name": "tests"}),
        ("bitcoin", None, BTC, {"name": "tests"}),
        ("dogecoin", None, DOGE, {"name": "tests"}),
    ]
    assert all(c["created_at"] for c in history.json())
    notifications = (await client.get("/api/v1/notifications", headers=alice.headers)).json()
    assert [n["type"] for n in notifications] == ["townsquare.tip_jar_changed"] * 3
    assert notifications[0]["account"]["id"] == alice.id
    # Each notice says what changed, like Mastodon's moderation_warning object does.
    assert [
        [(c["currency"], c["previous_address"], c["address"]) for c in n["tip_jar_changes"]]
        for n in notifications
    ] == [[("bitcoin", BTC, None)], [("bitcoin", None, BTC)], [("dogecoin", None, DOGE)]]
    assert notifications[0]["tip_jar_changes"][0]["application"] == {"name": "tests"}
    both = await put_tip_jar(client, alice, dogecoin="", lightning=LIGHTNING)
    assert both.status_code == 200
    newest = (await client.get("/api/v1/notifications", headers=alice.headers)).json()[0]
    assert [c["currency"] for c in newest["tip_jar_changes"]] == ["dogecoin", "lightning"]
    only = await client.get(
        "/api/v1/notifications",
        params={"types[]": "townsquare.tip_jar_changed", "limit": 1},
        headers=alice.headers,
    )
    assert len(only.json()) == 1 and "max_id=" in only.headers["link"]


async def test_history_is_the_owners_alone(client: httpx.AsyncClient, app: Any) -> None:
    alice, mallory = await make_actor(app, "alice"), await make_actor(app, "mallory")
    await put_tip_jar(client, alice, dogecoin=DOGE)
    assert (await client.get(f"{API}/tip_jar/history", headers=mallory.headers)).json() == []
    assert (await client.get(f"{API}/tip_jar/history")).status_code == 401
    mallory_notes = (await client.get("/api/v1/notifications", headers=mallory.headers)).json()
    assert mallory_notes == []


async def test_concurrent_changes_are_each_recorded(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    first = await make_token(app, alice, "write:accounts")
    second = await make_token(app, alice, "write:accounts")

    async def put(token: str, body: dict[str, str]) -> int:
        headers = {"Authorization": f"Bearer {token}"}
        response = await client.put(f"{API}/tip_jar", json=body, headers=headers)
        return response.status_code

    statuses = await asyncio.gather(
        put(first, {"dogecoin": DOGE}), put(second, {"dogecoin": DOGE, "lightning": LIGHTNING})
    )

    assert statuses == [200, 200]
    history = (await client.get(f"{API}/tip_jar/history", headers=alice.headers)).json()
    assert sorted((c["currency"], c["address"]) for c in history) == [
        ("dogecoin", DOGE),
        ("lightning", LIGHTNING),
    ]
    account = (await client.get(f"/api/v1/accounts/{alice.id}")).json()
    assert [f["name"] for f in account["fields"]] == ["Dogecoin tips", "Lightning tips"]
