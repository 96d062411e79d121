"""Declared automation: a bot names its manager, shown only once the manager confirms."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from tests.factories import Actor, make_actor

CLAIM = "/api/townsquare/v1/accounts/managed_by"
MANAGED = "/api/townsquare/v1/managed_accounts"


async def _name(client: httpx.AsyncClient, bot: Actor, acct: str, expect: int = 200) -> Any:
    response = await client.put(CLAIM, headers=bot.headers, json={"acct": acct})
    assert response.status_code == expect, response.text
    return response.json()


async def _shown(client: httpx.AsyncClient, account: Actor) -> Any:
    response = await client.get(f"/api/v1/accounts/{account.id}")
    assert response.status_code == 200, response.text
    return response.json()["managed_by"]


async def _answer(
    client: httpx.AsyncClient, manager: Actor, bot: Actor, verb: str, expect: int = 200
) -> Any:
    if verb == "remove":
        response = await client.delete(f"{MANAGED}/{bot.id}", headers=manager.headers)
    else:
        response = await client.post(f"{MANAGED}/{bot.id}/{verb}", headers=manager.headers)
    assert response.status_code == expect, response.text
    return response.json()


async def test_a_managed_bot_is_shown_only_once_the_manager_confirms(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    bot = await make_actor(app, "weatherbot", bot=True)
    manager = await make_actor(app, "meteo")
    claim = await _name(client, bot, "meteo@ts.test")
    assert claim["state"] == "pending" and claim["account"]["username"] == "meteo"
    assert await _shown(client, bot) is None
    pending = (await client.get(MANAGED, headers=manager.headers)).json()
    assert [(c["account"]["username"], c["state"]) for c in pending] == [("weatherbot", "pending")]
    assert (await _answer(client, manager, bot, "confirm"))["state"] == "confirmed"
    assert await _shown(client, bot) == {
        "id": manager.id,
        "username": "meteo",
        "acct": "meteo",
        "url": "http://ts.test/@meteo",
    }
    page = await client.get("/@weatherbot")
    assert "Automated account, managed by" in page.text and 'href="/@meteo"' in page.text
    assert (await _answer(client, manager, bot, "remove"))["state"] == "removed"
    assert await _shown(client, bot) is None
    assert "managed by" not in (await client.get("/@weatherbot")).text


async def test_declining_and_withdrawing(app: Starlette, client: httpx.AsyncClient) -> None:
    bot = await make_actor(app, "newsbot", bot=True)
    manager = await make_actor(app, "editor")
    await _name(client, bot, "@editor")
    assert (await _answer(client, manager, bot, "decline"))["state"] == "declined"
    assert (await client.get(MANAGED, headers=manager.headers)).json() == []
    await _name(client, bot, "editor")
    await _answer(client, manager, bot, "confirm")
    refused = await _answer(client, manager, bot, "decline", expect=422)
    assert refused == {
        "error": "You already confirmed managing this account; remove it instead (DELETE)"
    }
    response = await client.delete(CLAIM, headers=bot.headers)
    assert response.status_code == 200 and response.json() == {"state": "none"}
    assert await _shown(client, bot) is None


async def test_naming_another_manager_needs_a_new_confirmation(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    bot = await make_actor(app, "relaybot", bot=True)
    first, second = await make_actor(app, "first"), await make_actor(app, "second")
    await _name(client, bot, "first")
    await _answer(client, first, bot, "confirm")
    await _name(client, bot, "second")
    assert await _shown(client, bot) is None
    stranger = await _answer(client, first, bot, "confirm", expect=404)
    assert stranger == {"error": "This account does not name you as its manager"}
    await _answer(client, second, bot, "confirm")
    assert (await _shown(client, bot))["username"] == "second"


async def test_the_bot_flag_is_required_and_shown_with_the_manager(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    human = await make_actor(app, "human")
    await make_actor(app, "boss")
    refused = await _name(client, human, "boss", expect=422)
    assert refused == {
        "error": "Validation failed: only accounts marked as bots (bot=true) can name a manager"
    }
    patch = await client.patch(
        "/api/v1/accounts/update_credentials", headers=human.headers, data={"bot": "true"}
    )
    assert patch.status_code == 200 and patch.json()["bot"] is True
    await _name(client, human, "boss")
    boss = await make_actor(app, "boss2")
    await _name(client, human, "boss2")
    await _answer(client, boss, human, "confirm")
    assert (await _shown(client, human))["username"] == "boss2"
    await client.patch(
        "/api/v1/accounts/update_credentials", headers=human.headers, data={"bot": "false"}
    )
    assert await _shown(client, human) is None


async def test_bad_managers_are_refused_with_a_clear_message(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    bot = await make_actor(app, "lonelybot", bot=True)
    cases = [
        ("lonelybot", 422, "Validation failed: an account cannot be its own manager"),
        ("nobody", 404, "There is no account 'nobody' on this server"),
        ("someone@elsewhere.example", 422,
         "Validation failed: managed_by must be an account on this server (ts.test)"),
        ("@", 422, "Validation failed: managed_by must be an account (user or user@domain)"),
    ]  # fmt: skip
    for acct, status, message in cases:
        assert await _name(client, bot, acct, expect=status) == {"error": message}, acct
    missing = await client.put(CLAIM, headers=bot.headers, json={})
    assert missing.status_code == 400
    assert missing.json() == {"error": "Missing required parameter: acct"}
    unauthenticated = await client.put(CLAIM, json={"acct": "x"})
    assert unauthenticated.status_code == 401
    assert (await client.post(f"{MANAGED}/123/confirm", headers=bot.headers)).status_code == 404
    assert (await client.post(f"{MANAGED}/abc/confirm", headers=bot.headers)).status_code == 404
