"""GET /api/townsquare/v1/accounts/:id/labels, labels on status and account entities, and
reader preferences (hide, warn, show) applied to the detectors' labels."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.integrity.helpers import (
    CAMPAIGN_TEXT,
    LABELS,
    account_labels,
    add_status,
    community,
    scan,
)
from townsquare.models.base import utcnow

PREFS = "/api/townsquare/v1/preferences/labels"


async def test_an_accounts_labels_carry_evidence_applier_time_and_appeal(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    town = await community(app)
    await scan(app)
    body = await account_labels(client, town.bot)  # no token needed
    assert body["account"]["username"] == "marketbot"
    (label,) = body["labels"]
    assert label["value"] == "suspected-automated"
    assert label["target"] == "account" and label["target_id"] == town.bot.id
    assert label["applied_by"] == "integrity.automation"
    assert label["created_at"].endswith("Z")
    evidence = label["evidence"]
    assert evidence["detector"] == "integrity.automation"
    assert evidence["score"] >= evidence["threshold"]
    assert evidence["features"] and all(
        isinstance(v, float | int) for v in evidence["features"].values()
    )
    assert evidence["url"] == LABELS.format(town.bot.id)
    assert label["appeal"] == {
        "url": "http://ts.test/api/townsquare/v1/appeals",
        "method": "POST",
        "params": {"action_id": label["action_id"], "text": "why the label is wrong"},
        "who": "the affected author, with a token holding write:reports",
        "state": None,
    }
    assert body["campaigns"] == []


async def test_the_profile_page_shows_the_account_label_and_links_its_evidence(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    town = await community(app)
    before = (await client.get("/@marketbot")).text
    assert "suspected-automated" not in before
    await scan(app)
    page = (await client.get("/@marketbot")).text
    assert '<span class="badge label"' in page and "suspected-automated" in page
    assert f'href="/api/townsquare/v1/accounts/{town.bot.id}/labels"' in page
    assert "suspected-automated" not in (await client.get(f"/@{town.organic[0].username}")).text


async def test_a_campaigners_labels_name_the_campaign(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    town = await community(app)
    await scan(app)
    body = await account_labels(client, town.campaigners[0])
    (label,) = body["labels"]
    assert (label["value"], label["target"]) == ("coordinated", "status")
    assert label["target_id"] == town.campaign_posts[0]
    (campaign,) = body["campaigns"]
    assert label["campaign_id"] == campaign["id"] == label["evidence"]["campaign_id"]
    assert campaign["status_ids"] == [town.campaign_posts[0]]
    assert campaign["accounts_count"] == 5


@pytest.mark.parametrize(
    ("account_id", "status", "error"),
    [
        ("123456789", 404, "Record not found"),
        ("abc", 400, "Malformed id 'abc': ids are strings of digits"),
        (
            "99999999999999999999999",
            400,
            "Malformed id '99999999999999999999999': ids are strings of digits",
        ),
    ],
)
async def test_unknown_and_malformed_account_ids(
    client: httpx.AsyncClient, account_id: str, status: int, error: str
) -> None:
    response = await client.get(LABELS.format(account_id))
    assert response.status_code == status
    assert response.json() == {"error": error}


async def test_labels_on_posts_the_viewer_may_not_see_are_not_shown(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    town = await community(app)
    when = utcnow() - timedelta(hours=5)
    private = [
        await add_status(
            app, who, CAMPAIGN_TEXT + " #2", when + timedelta(minutes=i), visibility="private"
        )
        for i, who in enumerate(town.campaigners)
    ]
    await scan(app)
    anonymous = await account_labels(client, town.campaigners[1])
    assert [x["target_id"] for x in anonymous["labels"]] == [town.campaign_posts[1]]
    own = await account_labels(client, town.campaigners[1], headers=town.campaigners[1].headers)
    assert sorted(x["target_id"] for x in own["labels"]) == sorted(
        [town.campaign_posts[1], private[1]]
    )


async def _listed(
    client: httpx.AsyncClient, headers: dict[str, str], *authors: str
) -> dict[str, dict[str, Any]]:
    """The statuses the reader gets on these authors' timelines, by id."""
    found = {}
    for author in authors:
        path = f"/api/v1/accounts/{author}/statuses"
        response = await client.get(path, headers=headers, params={"limit": 40})
        assert response.status_code == 200, response.text
        found.update({s["id"]: s for s in response.json()})
    return found


async def _prefer(client: httpx.AsyncClient, headers: dict[str, str], **settings: str) -> None:
    labels = {k.replace("_", "-"): v for k, v in settings.items()}
    response = await client.put(PREFS, headers=headers, json={"labels": labels})
    assert response.status_code == 200, response.text


async def test_status_and_account_entities_show_the_labels(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    town = await community(app)
    await scan(app)
    status = (await client.get(f"/api/v1/statuses/{town.campaign_posts[2]}")).json()
    (label,) = status["labels"]
    assert label["value"] == "coordinated"
    assert label["applied_by"] == "integrity.coordination"
    assert label["evidence_url"].startswith("/api/townsquare/v1/campaigns/")
    bot_post = (await client.get(f"/api/v1/statuses/{town.bot_posts[-1]}")).json()
    assert bot_post["labels"] == []
    (account_label,) = bot_post["account"]["labels"]
    assert account_label["value"] == "suspected-automated"
    assert account_label["evidence_url"] == LABELS.format(town.bot.id)


async def test_reader_preferences_apply_to_detector_labels(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    town = await community(app)
    await scan(app)
    reader = await make_actor(app, "reader")
    campaign_post, bot_post = town.campaign_posts[-1], town.bot_posts[-1]
    authors = (town.bot.id, town.campaigners[-1].id)
    shown = await _listed(client, reader.headers, *authors)  # defaults: show
    assert campaign_post in shown and bot_post in shown
    assert shown[campaign_post]["filtered"] == []

    await _prefer(client, reader.headers, coordinated="warn", suspected_automated="hide")
    shown = await _listed(client, reader.headers, *authors)
    assert bot_post not in shown
    (result,) = shown[campaign_post]["filtered"]
    assert result["filter"]["id"] == "label:coordinated"
    assert result["filter"]["filter_action"] == "warn"

    await _prefer(client, reader.headers, coordinated="hide", suspected_automated="show")
    shown = await _listed(client, reader.headers, *authors)
    assert bot_post in shown
    assert not set(town.campaign_posts) & set(shown)
    # Hidden from lists, never removed: asked for by id it is still there, label and all.
    direct = await client.get(f"/api/v1/statuses/{campaign_post}", headers=reader.headers)
    assert direct.status_code == 200
    assert [x["value"] for x in direct.json()["labels"]] == ["coordinated"]
