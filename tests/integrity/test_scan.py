"""The integrity scan over a small hand-made community: exactly the expected labels and
campaign, on the public log with a verifying chain, idempotent, lifted when behaviour
changes, and never re-applied after a granted appeal."""

from __future__ import annotations

import httpx
from sqlalchemy import update
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.integrity.helpers import (
    CAMPAIGN_TEXT,
    CAMPAIGNS,
    account_labels,
    community,
    log_entries,
    scan,
)
from tests.moderation.helpers import moderator
from townsquare.models import Account, Status
from townsquare.moderation import chain

OWN_WORDS = [
    "Honestly I trust the count, the observers were there all night",
    "Our polling station ran smoothly, volunteers deserve thanks",
    "I would rather talk about the bus timetable than this",
    "Cousin worked as a teller; nothing odd happened in her town",
    "Who is paying for these rumours? Follow the money, folks",
]


async def _labelled(client: httpx.AsyncClient, actors: list) -> dict[str, list[str]]:
    """Each actor's labels as ``value@target``."""
    found = {}
    for actor in actors:
        body = await account_labels(client, actor)
        found[actor.username] = sorted(f"{x['value']}@{x['target']}" for x in body["labels"])
    return found


async def test_a_scan_labels_the_bot_and_the_campaign_and_nothing_else(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    town = await community(app)
    summary = await scan(app)
    assert summary.automation.applied == 1
    assert summary.coordination.applied == len(town.campaign_posts) == 5
    everyone = [town.bot, *town.campaigners, *town.organic]
    labelled = await _labelled(client, everyone)
    assert labelled.pop("marketbot") == ["suspected-automated@account"]
    for name in [a.username for a in town.campaigners]:
        assert labelled.pop(name) == ["coordinated@status"]
    assert labelled == {"alice": [], "bruno": [], "chloe": [], "dmitri": []}

    campaigns = (await client.get(CAMPAIGNS)).json()
    assert len(campaigns) == 1
    (campaign,) = campaigns
    assert campaign["kind"] == "near-duplicate"
    assert campaign["state"] == "active"
    assert campaign["accounts_count"] == 5
    assert campaign["statuses_count"] == 5
    detail = (await client.get(f"{CAMPAIGNS}/{campaign['id']}")).json()
    assert sorted(s["id"] for s in detail["statuses"]) == sorted(town.campaign_posts)
    assert {s["content"] for s in detail["statuses"]} == {f"<p>{CAMPAIGN_TEXT}</p>"}


async def test_every_detector_label_is_on_the_public_log_and_the_author_is_told(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    town = await community(app)
    await scan(app)
    entries = await log_entries(client)
    actions = sorted(e["action"] for e in entries)
    assert actions == ["label:coordinated"] * 5 + ["label:suspected-automated"]
    assert {e["rule"] for e in entries} == {"4"}
    assert all(e["reason"].startswith("Detector integrity.") for e in entries)
    bot_entry = next(e for e in entries if e["target_type"] == "account")
    assert bot_entry["target_id"] == town.bot.id
    assert "/api/townsquare/v1/integrity" in bot_entry["reason"]
    assert chain.verify(entries).ok
    notes = (await client.get("/api/v1/notifications", headers=town.bot.headers)).json()
    (warning,) = [n for n in notes if n["type"] == "moderation_warning"]
    assert warning["moderation_warning"]["text"].startswith(
        "A label was applied (suspected-automated) under rule 4"
    )
    # Nothing is removed or hidden: the bot's posts and the campaign's are still served.
    for status_id in [town.bot_posts[-1], *town.campaign_posts]:
        assert (await client.get(f"/api/v1/statuses/{status_id}")).status_code == 200


async def test_a_rescan_of_the_same_data_changes_nothing(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await community(app)
    await scan(app)
    before = await log_entries(client)
    campaigns = (await client.get(CAMPAIGNS)).json()
    again = await scan(app)
    assert (again.automation.applied, again.automation.lifted, again.automation.updated) == (
        0,
        0,
        0,
    )
    assert (again.coordination.applied, again.coordination.lifted) == (0, 0)
    assert (again.campaigns.created, again.campaigns.updated, again.campaigns.dissolved) == (
        0,
        0,
        0,
    )
    assert await log_entries(client) == before
    assert (await client.get(CAMPAIGNS)).json() == campaigns


async def test_labels_are_lifted_when_behaviour_changes(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    town = await community(app)
    await scan(app)
    async with app.state.db.session() as session:
        # The bot now declares itself; the campaigners rewrite their posts in their own words.
        await session.execute(
            update(Account).where(Account.id == int(town.bot.id)).values(bot=True)
        )
        for n, status_id in enumerate(town.campaign_posts):
            await session.execute(
                update(Status).where(Status.id == int(status_id)).values(text=OWN_WORDS[n])
            )
        await session.commit()
    summary = await scan(app)
    assert (summary.automation.lifted, summary.coordination.lifted) == (1, 5)
    assert summary.campaigns.dissolved == 1
    labelled = await _labelled(client, [town.bot, *town.campaigners])
    assert all(values == [] for values in labelled.values())
    (campaign,) = (await client.get(CAMPAIGNS)).json()
    assert campaign["state"] == "dissolved"
    entries = await log_entries(client)
    lifted = [e for e in entries if e["action"] == "reverse_label"]
    assert len(lifted) == 6
    assert all("no longer holds" in e["reason"] for e in lifted)
    assert chain.verify(entries).ok


async def test_a_granted_appeal_lifts_the_label_for_good(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    town = await community(app)
    await scan(app)
    (label,) = (await account_labels(client, town.bot))["labels"]
    appeal_route = label["appeal"]
    assert appeal_route["params"]["action_id"] == label["action_id"]
    filed = await client.post(
        "/api/townsquare/v1/appeals",
        headers=town.bot.headers,
        json={"action_id": label["action_id"], "text": "I am a person who posts on a timer."},
    )
    assert filed.status_code == 200, filed.text
    assert (await account_labels(client, town.bot))["labels"][0]["appeal"]["state"] == "pending"
    mod = await moderator(app, "mod")
    decided = await client.post(
        f"/api/townsquare/v1/appeals/{filed.json()['id']}/decide",
        headers=mod.headers,
        json={"decision": "approve", "reason": "the owner explained the schedule"},
    )
    assert decided.status_code == 200, decided.text
    assert (await account_labels(client, town.bot))["labels"] == []
    again = await scan(app)
    assert (again.automation.applied, again.automation.overruled) == (0, 1)
    assert (await account_labels(client, town.bot))["labels"] == []
    actions = [e["action"] for e in await log_entries(client)]
    assert actions.count("label:suspected-automated") == 1
    assert actions.count("reverse_label") == 1


async def test_a_moderators_label_is_not_duplicated_by_the_detector(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    town = await community(app)
    mod = await moderator(app, "mod")
    acted = await client.post(
        "/api/townsquare/v1/moderation/actions",
        headers=mod.headers,
        json={"action": "label", "account_id": town.bot.id, "label": "suspected-automated",
              "rule_id": "4", "reason": "reported by several users"},
    )  # fmt: skip
    assert acted.status_code == 200, acted.text
    summary = await scan(app)
    assert (summary.automation.applied, summary.automation.overruled) == (0, 1)
    (label,) = (await account_labels(client, town.bot))["labels"]
    assert label["applied_by"] == "moderator"


async def test_an_organic_newcomer_is_not_judged_on_nothing(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await make_actor(app, "quiet")
    summary = await scan(app)
    assert (summary.posts, summary.accounts, summary.campaigns_found) == (0, 0, 0)
