"""Tip jar API: set, read, clear; profile fields; history and notifications; exact errors."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import make_actor, make_token
from tests.tips.support import API, BTC, DOGE, LIGHTNING, b58, put_tip_jar


async def test_set_read_and_clear_addresses(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")

    response = await put_tip_jar(
        client, alice, dogecoin=DOGE, bitcoin=BTC.upper(), lightning="Alice@Pay.Example.com"
    )

    assert response.status_code == 200, response.text
    jar = response.json()
    assert jar["account_id"] == alice.id
    assert jar["dogecoin"]["address"] == DOGE
    assert jar["dogecoin"]["kind"] == "p2pkh" and jar["dogecoin"]["network"] == "mainnet"
    assert jar["dogecoin"]["uri"] == f"dogecoin:{DOGE}"
    assert jar["bitcoin"]["address"] == BTC and jar["bitcoin"]["kind"] == "p2tr"
    assert jar["lightning"]["uri"] == f"lightning:{LIGHTNING}"
    public = (await client.get(f"{API}/accounts/{alice.id}/tip_jar")).json()
    assert public == jar
    assert (await client.get(f"{API}/tip_jar", headers=alice.headers)).json() == jar

    # Left out: kept. Empty string or null: removed.
    cleared = (await put_tip_jar(client, alice, bitcoin="", lightning=None)).json()
    assert cleared["dogecoin"]["address"] == DOGE
    assert cleared["bitcoin"] is None and cleared["lightning"] is None
    form = await client.put(f"{API}/tip_jar", data={"dogecoin": ""}, headers=alice.headers)
    assert form.json()["dogecoin"] is None


async def test_invalid_input_is_refused_and_nothing_is_written(
    client: httpx.AsyncClient, app: Any
) -> None:
    alice = await make_actor(app, "alice")
    cases = [
        (
            {"dogecoin": "1AGNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62i"},
            "Validation failed: dogecoin address is a Bitcoin address, not a Dogecoin one",
        ),
        (
            {"dogecoin": DOGE, "bitcoin": BTC[:-1] + "q"},
            "Validation failed: bitcoin address checksum does not match",
        ),
        ({"lightning": "alice"}, "Validation failed: lightning address must look like "
         "name@example.com (LUD-16)"),
        ({}, "Validation failed: give at least one of dogecoin, bitcoin, lightning "
         "(empty removes)"),
        ({"dogecoin": ["x"]}, "Validation failed: dogecoin must be a string"),
    ]  # fmt: skip
    for body, error in cases:
        response = await put_tip_jar(client, alice, **body)
        assert response.status_code == 422, body
        assert response.json() == {"error": error}
    jar = (await client.get(f"{API}/accounts/{alice.id}/tip_jar")).json()
    assert jar["dogecoin"] is None and jar["bitcoin"] is None  # the valid half was not kept
    reader = await make_token(app, alice, "read")
    denied = await client.put(
        f"{API}/tip_jar", json={"dogecoin": DOGE}, headers={"Authorization": f"Bearer {reader}"}
    )
    assert denied.status_code == 403
    assert (await client.put(f"{API}/tip_jar", json={"dogecoin": DOGE})).status_code == 401


async def test_testnet_addresses_need_the_setting(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    testnet = b58(0x71)  # Dogecoin testnet P2PKH
    refused = await put_tip_jar(client, alice, dogecoin=testnet)
    assert refused.json() == {
        "error": "Validation failed: dogecoin address is a testnet address; this server "
        "accepts mainnet only"
    }
    app.state.settings.tips_allow_testnet = True
    accepted = await put_tip_jar(client, alice, dogecoin=testnet)
    assert accepted.json()["dogecoin"]["network"] == "testnet"


async def test_unknown_and_suspended_accounts_are_not_found(
    client: httpx.AsyncClient, app: Any
) -> None:
    from townsquare.models.base import utcnow

    gone = await make_actor(app, "gone", suspended_at=utcnow())
    for path in (f"{API}/accounts/{gone.id}/tip_jar", f"{API}/accounts/123/tip_jar",
                 f"{API}/accounts/abc/tip_jar"):  # fmt: skip
        response = await client.get(path)
        assert response.status_code == 404
        assert response.json() == {"error": "Record not found"}


async def test_the_instance_publishes_the_tip_jar(client: httpx.AsyncClient) -> None:
    instance = (await client.get("/api/v2/instance")).json()
    assert instance["configuration"]["townsquare_tip_jar"] == {
        "currencies": ["dogecoin", "bitcoin", "lightning"],
        "testnet": False,
    }
