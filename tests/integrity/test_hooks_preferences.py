"""Readers hide, warn or show the new labels like any other; nothing is removed for them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from tests.factories import Actor, make_actor
from tests.integrity.labelling import add_label, entry_toml, post, write_state_media
from townsquare.integrity.state_media_cli import sync_database

PREFS = "/api/townsquare/v1/preferences/labels"


async def _prefer(client: httpx.AsyncClient, reader: Actor, **settings: str) -> list[Any]:
    wanted = {k.replace("_", "-"): v for k, v in settings.items()}
    response = await client.put(PREFS, headers=reader.headers, json={"labels": wanted})
    assert response.status_code == 200, response.text
    return list(response.json())


async def _public(client: httpx.AsyncClient, reader: Actor) -> dict[str, Any]:
    response = await client.get("/api/v1/timelines/public?limit=40", headers=reader.headers)
    return {s["id"]: s for s in response.json()}


async def _labelled_world(app: Starlette, client: httpx.AsyncClient, tmp_path: Path) -> Any:
    outlet, campaigner = await make_actor(app, "statenews"), await make_actor(app, "campaigner")
    news = await post(client, outlet, "state news")
    talking_point = await post(client, campaigner, "the talking point")
    await add_label(app, "status", talking_point, "coordinated", "integrity.coordination")
    app.state.settings.state_media_file = write_state_media(
        tmp_path / "s.toml", entry_toml("statenews", "Ruritania state media")
    )
    await sync_database(app.state.db, app.state.settings)
    return news, talking_point, (outlet, campaigner)


async def test_with_show_labelled_posts_stay_in_timelines_with_their_labels(
    app: Starlette, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    news, talking_point, authors = await _labelled_world(app, client, tmp_path)
    reader = await make_actor(app, "reader")
    chosen = await _prefer(client, reader, state_affiliated="show", coordinated="show")
    settings = {p["value"]: p["setting"] for p in chosen}
    assert settings["state-affiliated"] == settings["coordinated"] == "show"
    for author in authors:
        await client.post(f"/api/v1/accounts/{author.id}/follow", headers=reader.headers)
    home = await client.get("/api/v1/timelines/home", headers=reader.headers)
    public = await _public(client, reader)
    for shown in ({s["id"]: s for s in home.json()}, public):
        assert [x["value"] for x in shown[talking_point]["labels"]] == ["coordinated"]
        assert [x["value"] for x in shown[news]["account"]["labels"]] == ["state-affiliated"]
        assert shown[news]["filtered"] == [] and shown[talking_point]["filtered"] == []


async def test_hide_and_warn_apply_to_the_new_labels(
    app: Starlette, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    news, talking_point, _authors = await _labelled_world(app, client, tmp_path)
    reader, other = await make_actor(app, "reader"), await make_actor(app, "other")
    defaults = {p["value"]: p for p in (await client.get(PREFS, headers=reader.headers)).json()}
    assert defaults["state-affiliated"]["setting"] == "show"
    await _prefer(client, reader, state_affiliated="hide", coordinated="warn")
    seen = await _public(client, reader)
    assert news not in seen
    warning = seen[talking_point]["filtered"][0]["filter"]
    assert (warning["id"], warning["filter_action"]) == ("label:coordinated", "warn")
    assert news in await _public(client, other)  # one reader's choice, nobody else's
    asked = await client.get(f"/api/v1/statuses/{news}", headers=reader.headers)
    assert asked.status_code == 200  # asked for by id, it is still served
    refused = await client.put(
        PREFS, headers=reader.headers, json={"labels": {"state-affiliated": "erase"}}
    )
    assert refused.status_code == 422
    assert refused.json() == {
        "error": "Validation failed: the setting for state-affiliated must be hide, warn or show"
    }
