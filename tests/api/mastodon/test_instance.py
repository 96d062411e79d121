"""The instance documents, rules, activity and the small per-server lists."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import httpx
from sqlalchemy import update
from starlette.applications import Starlette

from tests.factories import make_actor, make_token
from tests.search.helpers import add_status
from townsquare.app import create_app
from townsquare.instance.rules import load_rules, parse_rules
from townsquare.instance.service import software_version, week_starts
from townsquare.models import Account
from townsquare.settings import Settings


async def get_json(client: httpx.AsyncClient, path: str, **kwargs) -> object:
    response = await client.get(path, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


async def test_v2_instance_describes_the_server(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    await add_status(app, alice, "hello")

    instance = await get_json(client, "/api/v2/instance")

    assert instance["domain"] == "ts.test"
    assert instance["title"] == "townsquare"
    assert instance["version"] == f"4.3.0 (compatible; townsquare {software_version()})"
    assert software_version() == "0.1.0"
    assert instance["usage"] == {"users": {"active_month": 1}}
    config = instance["configuration"]
    assert config["statuses"] == {
        "max_characters": 500,
        "max_media_attachments": 0,
        "characters_reserved_per_url": 23,
    }
    assert config["polls"] == {
        "max_options": 4,
        "max_characters_per_option": 50,
        "min_expiration": 300,
        "max_expiration": 2592000,
    }
    assert config["accounts"]["max_pinned_statuses"] == 5
    assert config["accounts"]["max_featured_tags"] == 10
    assert config["urls"]["streaming"] == "ws://ts.test"
    assert instance["registrations"]["enabled"] is True
    assert instance["registrations"]["approval_required"] is False
    assert instance["contact"] == {"email": "", "account": None}
    assert [r["id"] for r in instance["rules"]] == [r.id for r in load_rules()]


async def test_v1_instance_has_stats(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    await make_actor(app, "bob")
    original = await add_status(app, alice, "one")
    await add_status(app, alice, "two")
    await add_status(app, alice, "", reblog_of_id=int(original))

    instance = await get_json(client, "/api/v1/instance/")

    assert instance["uri"] == "ts.test"
    assert instance["stats"] == {"user_count": 2, "status_count": 2, "domain_count": 0}
    assert instance["version"].startswith("4.3.0 (compatible; townsquare ")
    assert instance["urls"] == {"streaming_api": "ws://ts.test"}
    assert instance["registrations"] is True
    assert instance["configuration"]["statuses"]["max_characters"] == 500
    assert instance["contact_account"] is None


async def test_settings_change_the_documents(settings: Settings) -> None:
    custom = settings.model_copy(
        update={
            "max_characters": 1000,
            "registrations_open": False,
            "title": "Village Green",
            "description": "Our square <3",
            "contact_email": "admin@ts.test",
            "scheme": "https",
        }
    )
    app = create_app(custom)
    admin = await make_actor(app, "mayor", role="admin")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ts.test") as client:
        v2 = await get_json(client, "/api/v2/instance")
        v1 = await get_json(client, "/api/v1/instance")
        extended = await get_json(client, "/api/v1/instance/extended_description")
    await app.state.db.dispose()
    assert v2["configuration"]["statuses"]["max_characters"] == 1000
    assert v2["registrations"]["enabled"] is False
    assert v2["title"] == "Village Green"
    assert v2["contact"]["email"] == "admin@ts.test"
    assert v2["contact"]["account"]["id"] == admin.id
    assert v2["configuration"]["urls"]["streaming"] == "wss://ts.test"
    assert v1["registrations"] is False
    assert v1["email"] == "admin@ts.test"
    assert v1["contact_account"]["username"] == "mayor"
    assert extended == {"updated_at": None, "content": "<p>Our square &lt;3</p>"}


async def test_suspended_accounts_are_not_counted(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    from townsquare.models.base import utcnow

    alice = await make_actor(app, "alice")
    await make_actor(app, "bob")
    async with app.state.db.session() as session:
        await session.execute(
            update(Account).where(Account.id == int(alice.id)).values(suspended_at=utcnow())
        )
        await session.commit()
    instance = await get_json(client, "/api/v1/instance")
    assert instance["stats"]["user_count"] == 1


async def test_rules(client: httpx.AsyncClient) -> None:
    rules = await get_json(client, "/api/v1/instance/rules")
    assert len(rules) >= 3
    assert rules[0]["id"] == "1"
    assert all(set(rule) == {"id", "text", "hint"} for rule in rules)
    assert all(rule["text"] and rule["hint"] for rule in rules)
    assert len({rule["id"] for rule in rules}) == len(rules)


def test_rules_reader_ignores_keys_it_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(
        '[[rules]]\nid = 7\ntext = "Be kind"\nlegal_basis = "none"\nactions = ["label"]\n'
        '[[rules]]\nid = "8"\n\n[meta]\nversion = 2\n',
        encoding="utf-8",
    )
    (rule,) = load_rules(path)
    assert (rule.id, rule.text, rule.hint) == ("7", "Be kind", "")
    assert rule.extra == {"legal_basis": "none", "actions": ["label"]}
    assert parse_rules({"rules": ["not a table"]}) == []


async def test_weekly_activity(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    await make_token(app, alice, "read")
    await make_actor(app, "bob")
    await add_status(app, alice, "this week")
    await add_status(app, alice, "also this week")

    weeks = await get_json(client, "/api/v1/instance/activity")

    assert len(weeks) == 12
    assert weeks[0] == {
        "week": weeks[0]["week"],
        "statuses": "2",
        "logins": "2",
        "registrations": "2",
    }
    assert all(w["statuses"] == "0" and w["registrations"] == "0" for w in weeks[1:])
    starts = [int(w["week"]) for w in weeks]
    assert starts == sorted(starts, reverse=True)
    assert all(a - b == 7 * 86400 for a, b in pairwise(starts))


def test_weeks_start_on_monday_midnight_utc() -> None:
    from datetime import UTC, datetime

    starts = week_starts(datetime(2026, 11, 27, 15, 30, tzinfo=UTC), weeks=2)
    assert starts == [datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 16, tzinfo=UTC)]


async def test_lists_that_are_empty_here(client: httpx.AsyncClient) -> None:
    assert await get_json(client, "/api/v1/instance/peers") == []
    assert await get_json(client, "/api/v1/custom_emojis") == []


async def test_public_documents_ignore_tokens(client: httpx.AsyncClient) -> None:
    bogus = {"Authorization": "Bearer not-a-token"}
    assert (await client.get("/api/v2/instance", headers=bogus)).status_code == 200


async def test_preferences(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    preferences = await get_json(client, "/api/v1/preferences", headers=alice.headers)
    assert preferences == {
        "posting:default:visibility": "public",
        "posting:default:sensitive": False,
        "posting:default:language": None,
        "reading:expand:media": "default",
        "reading:expand:spoilers": False,
    }
    anonymous = await client.get("/api/v1/preferences")
    assert anonymous.status_code == 401
    assert anonymous.json() == {"error": "This method requires an authenticated user"}
    wrong = await make_token(app, alice, "read:statuses")
    forbidden = await client.get(
        "/api/v1/preferences", headers={"Authorization": f"Bearer {wrong}"}
    )
    assert forbidden.status_code == 403
    granular = await make_token(app, alice, "read:accounts")
    allowed = await client.get(
        "/api/v1/preferences", headers={"Authorization": f"Bearer {granular}"}
    )
    assert allowed.status_code == 200
