"""State-affiliated media: the data file becomes public labels, kept in step with the file."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.integrity.labelling import entry_toml, post, write_state_media
from townsquare.integrity.state_media import (
    SHIPPED_FILE,
    StateMediaFileError,
    SyncReport,
    load_entries,
)
from townsquare.integrity.state_media_cli import sync_at_startup, sync_database
from townsquare.models import Label


async def _sync(app: Starlette, path: Path) -> SyncReport:
    app.state.settings.state_media_file = path
    return await sync_database(app.state.db, app.state.settings)


async def _account(client: httpx.AsyncClient, account_id: str) -> Any:
    return (await client.get(f"/api/v1/accounts/{account_id}")).json()


async def test_sync_labels_updates_and_lifts(
    app: Starlette, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    outlet = await make_actor(app, "statenews")
    other = await make_actor(app, "ordinary")
    data = tmp_path / "state_media.toml"
    write_state_media(data, entry_toml("statenews", "Ruritania state-affiliated media", "RU"),
                      entry_toml("ghost", "Elbonia state media"),
                      entry_toml("far@elsewhere.example", "Elbonia state media"))  # fmt: skip
    report = await _sync(app, data)
    assert (report.added, report.changed, report.removed) == (["statenews"], [], [])
    assert sorted(report.unmatched) == ["far@elsewhere.example", "ghost"]
    evidence = {
        "acct": "statenews",
        "affiliation": "Ruritania state-affiliated media",
        "country": "RU",
        "source": {
            "url": "https://example.org/registry/statenews",
            "title": "Public media registry: statenews",
        },
    }
    assert (await _account(client, outlet.id))["state_affiliation"] == evidence
    assert (await _account(client, other.id))["state_affiliation"] is None
    again = await _sync(app, data)
    assert (again.added, again.changed, again.removed) == ([], [], [])

    write_state_media(data, entry_toml("statenews", "Ruritania state-controlled media", "RU"))
    changed = await _sync(app, data)
    assert (changed.added, changed.changed, changed.removed) == ([], ["statenews"], [])
    shown = (await _account(client, outlet.id))["state_affiliation"]
    assert shown["affiliation"] == "Ruritania state-controlled media"

    write_state_media(data)
    lifted = await _sync(app, data)
    assert (lifted.added, lifted.changed, lifted.removed) == ([], [], ["statenews"])
    assert (await _account(client, outlet.id))["state_affiliation"] is None
    status_id = await post(client, outlet, "news")
    entity = (await client.get(f"/api/v1/statuses/{status_id}")).json()
    assert entity["account"]["labels"] == []


async def test_the_label_is_on_the_profile_and_on_every_post(
    app: Starlette, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    outlet = await make_actor(app, "statenews")
    status_id = await post(client, outlet, "Today's news")
    await _sync(
        app,
        write_state_media(tmp_path / "s.toml", entry_toml("StateNews", "Ruritania state media")),
    )
    entity = (await client.get(f"/api/v1/statuses/{status_id}")).json()
    labels = entity["account"]["labels"]
    assert [(x["value"], x["applied_by"], x["severity"]) for x in labels] == [
        ("state-affiliated", "integrity.state_media", "inform")
    ]
    assert entity["account"]["state_affiliation"]["affiliation"] == "Ruritania state media"
    timeline = (await client.get("/api/v1/timelines/public")).json()
    assert timeline[0]["account"]["labels"][0]["value"] == "state-affiliated"
    profile = (await client.get("/@statenews")).text
    assert "Ruritania state media" in profile
    assert 'href="https://example.org/registry/StateNews"' in profile
    assert "state-affiliated" in profile  # the badge on the account's posts
    policy = (await client.get("/api/townsquare/v1/policy")).json()
    defined = {d["value"]: d for d in policy["labels"]}["state-affiliated"]
    assert (defined["severity"], defined["default_setting"]) == ("inform", "show")
    assert defined["applied_by"] == ["integrity.state_media"]


async def test_the_server_start_syncs_and_survives_a_bad_file(
    app: Starlette, client: httpx.AsyncClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outlet = await make_actor(app, "statenews")
    settings = app.state.settings
    settings.run_jobs = False
    settings.state_media_file = write_state_media(tmp_path / "s.toml", entry_toml("statenews", "A"))
    async with app.router.lifespan_context(app):
        assert (await _account(client, outlet.id))["state_affiliation"]["affiliation"] == "A"
    settings.state_media_file = write_state_media(
        tmp_path / "bad.toml", '[[accounts]]\nacct = "x"\n'
    )
    await sync_at_startup(app.state.db, settings)
    assert "state-affiliated media not synced: entry 1 has no affiliation" in caplog.text
    assert (await _account(client, outlet.id))["state_affiliation"]["affiliation"] == "A"


async def test_processes_starting_together_label_once(
    app: Starlette, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    outlet = await make_actor(app, "statenews")
    settings = app.state.settings
    settings.state_media_file = write_state_media(tmp_path / "s.toml", entry_toml("statenews", "A"))
    await asyncio.gather(*(sync_at_startup(app.state.db, settings) for _ in range(3)))
    entity = (await client.get(f"/api/v1/accounts/{outlet.id}")).json()
    assert entity["state_affiliation"]["affiliation"] == "A"
    async with app.state.db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Label)) == 1


def test_the_shipped_file_is_valid_and_cites_a_source_for_every_entry() -> None:
    entries = load_entries(SHIPPED_FILE)
    assert len(entries) >= 4
    assert all(e.source_url.startswith("https://") and e.source_title for e in entries)
    assert "To propose a change" in SHIPPED_FILE.read_text()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[accounts]]\nacct = "a"\naffiliation = "b"\ncountry = "c"\n',
         "entry 1 (a) has no source.url (http or https)"),
        ('[[accounts]]\nacct = "a"\naffiliation = "b"\ncountry = "c"\nsource.url = "https://x"\n',
         "entry 1 (a) has no source.title"),
        (entry_toml("a", "b") + entry_toml("A", "c"), "A is listed twice"),
        ("accounts = 3\n", "accounts must be a list of [[accounts]] tables"),
    ],
)  # fmt: skip
def test_a_bad_data_file_is_refused_with_its_problem(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(StateMediaFileError) as raised:
        load_entries(path)
    assert message in str(raised.value)


async def test_a_listed_handle_is_reserved_from_public_sign_up(
    app: Starlette, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    from tests.oauth.flows import app_token, bearer, register_app
    from townsquare.accounts import service as accounts

    await _sync(app, write_state_media(tmp_path / "s.toml", entry_toml("StateNews", "A media")))
    token = await app_token(client, await register_app(client), "write:accounts")
    form = {"username": "statenews", "email": "n@example.test", "password": "long enough pw",
            "agreement": True}  # fmt: skip
    refused = await client.post("/api/v1/accounts", json=form, headers=bearer(token))
    assert refused.status_code == 422
    reason = (
        "is reserved: it is listed as a state-affiliated outlet "
        "(an administrator creates this account)"
    )
    assert refused.json()["details"] == {"username": [{"error": "ERR_RESERVED",
                                                       "description": reason}]}  # fmt: skip
    other = await client.post(
        "/api/v1/accounts", json={**form, "username": "localnews"}, headers=bearer(token)
    )
    assert other.status_code == 200, other.text
    async with app.state.db.session() as session:  # an administrator (townsquare create-user)
        account, _ = await accounts.register(
            session, username="statenews", email="desk@example.test", password="long enough pw"
        )
        await session.commit()
    await _sync(app, tmp_path / "s.toml")
    shown = await _account(client, str(account.id))
    assert shown["state_affiliation"]["affiliation"] == "A media"
