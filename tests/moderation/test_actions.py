"""Actions by published rule: only moderators act, every action cites a permitting rule,
lands on the public log and reaches the author, and each can be reversed."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.moderation.helpers import ACTIONS, act, log_entries, moderator, post


async def test_only_moderators_act(app: Starlette, client: httpx.AsyncClient) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    status_id = await post(client, alice, "hello")
    mallory = await make_actor(app, "mallory", scopes="read write admin:read admin:write")
    body = {"action": "remove", "status_id": status_id, "rule_id": "1", "reason": "illegal"}
    refused = await client.post(ACTIONS, headers=mallory.headers, json=body)
    assert refused.status_code == 403
    assert refused.json() == {"error": "This action is reserved to moderators"}
    no_scope = await client.post(ACTIONS, headers=bob.headers, json=body)
    assert no_scope.status_code == 403
    assert no_scope.json() == {"error": "This action is outside the authorized scopes"}
    anonymous = await client.post(ACTIONS, json=body)
    assert anonymous.status_code == 401
    assert await log_entries(client) == []


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"action": "remove", "reason": "x"}, "An action must cite a published rule (rule_id)"),
        ({"action": "remove", "rule_id": "99", "reason": "x"}, "There is no published rule '99'"),
        (
            {"action": "remove", "rule_id": "4", "reason": "x"},
            "Rule 4 does not allow remove (it allows: label)",
        ),
        ({"action": "remove", "rule_id": "1", "reason": " "}, "An action must give a reason"),
        (
            {"action": "ban", "rule_id": "1", "reason": "x"},
            "Unknown action 'ban': use remove, label or suspend",
        ),
    ],
)
async def test_an_action_without_a_permitting_rule_is_refused(
    app: Starlette, client: httpx.AsyncClient, fields: dict[str, str], error: str
) -> None:
    alice, mod = await make_actor(app, "alice"), await moderator(app, "mod")
    status_id = await post(client, alice, "hello")
    rest = {k: v for k, v in fields.items() if k != "action"}
    refused = await act(client, mod, fields["action"], 422, status_id=status_id, **rest)
    assert refused == {"error": error}
    assert (await client.get(f"/api/v1/statuses/{status_id}")).status_code == 200
    assert await log_entries(client) == []


async def test_remove_answers_410_with_the_rule_and_tells_the_author(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob, mod = (
        await make_actor(app, "alice"),
        await make_actor(app, "bob"),
        await moderator(app, "mod"),
    )
    status_id = await post(client, alice, "an unlawful threat")
    action = await act(client, mod, "remove", status_id=status_id, rule_id="1", reason="a threat")
    assert action["rule"]["legal_basis"].startswith("EU Digital Services Act")
    for viewer in (alice, bob):
        gone = await client.get(f"/api/v1/statuses/{status_id}", headers=viewer.headers)
        assert gone.status_code == 410
        assert "removed under rule 1 (No content that is illegal" in gone.json()["error"]
    assert (await client.get(f"/api/v1/statuses/{status_id}")).status_code == 410
    favourite = await client.post(f"/api/v1/statuses/{status_id}/favourite", headers=bob.headers)
    assert favourite.status_code == 410
    public = (await client.get("/api/v1/timelines/public")).json()
    assert status_id not in [s["id"] for s in public]
    account = (await client.get(f"/api/v1/accounts/{alice.id}/statuses")).json()
    assert account == []
    (notification,) = (await client.get("/api/v1/notifications", headers=alice.headers)).json()
    assert notification["type"] == "moderation_warning"
    warning = notification["moderation_warning"]
    assert warning["action"] == "delete_statuses"
    assert warning["status_ids"] == [status_id]
    assert warning["rule"]["id"] == "1"
    assert "Reason: a threat" in warning["text"]
    assert warning["appeal_url"].endswith(f"/api/townsquare/v1/appeals?action_id={action['id']}")
    assert warning["target_account"]["id"] == alice.id
    (entry,) = await log_entries(client)
    assert entry["seq"] == 1 and entry["action"] == "remove"
    assert entry["target_type"] == "status" and entry["target_id"] == status_id
    assert entry["rule"] == "1" and entry["reason"] == "a threat"
    assert entry["prev_hash"] == "0" * 64 and len(entry["hash"]) == 64


async def test_reversal_restores_and_is_logged(app: Starlette, client: httpx.AsyncClient) -> None:
    alice, mod = await make_actor(app, "alice"), await moderator(app, "mod")
    status_id = await post(client, alice, "misjudged")
    action = await act(client, mod, "remove", status_id=status_id, rule_id="1", reason="looked bad")
    url = f"{ACTIONS}/{action['id']}/reverse"
    no_reason = await client.post(url, headers=mod.headers, json={})
    assert no_reason.status_code == 422
    assert no_reason.json() == {"error": "A reversal must give a reason"}
    reversed_ = await client.post(url, headers=mod.headers, json={"reason": "lawful after all"})
    assert reversed_.status_code == 200
    assert reversed_.json()["reversed_at"] is not None
    assert (await client.get(f"/api/v1/statuses/{status_id}")).status_code == 200
    again = await client.post(url, headers=mod.headers, json={"reason": "twice"})
    assert again.json() == {"error": "This action has already been reversed"}
    first, second = await log_entries(client)
    assert (second["seq"], second["action"], second["prev_hash"]) == (
        2,
        "reverse_remove",
        first["hash"],
    )
    assert second["reason"] == "lawful after all"
    types = [
        n["type"] for n in (await client.get("/api/v1/notifications", headers=alice.headers)).json()
    ]
    assert types == ["moderation_warning", "moderation_warning"]


async def test_suspension_hides_the_account_and_its_statuses(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob, mod = (
        await make_actor(app, "alice"),
        await make_actor(app, "bob"),
        await moderator(app, "mod"),
    )
    status_id = await post(client, alice, "spam spam")
    refused = await act(client, mod, "suspend", 422, account_id=alice.id, rule_id="4", reason="x")
    assert refused == {"error": "Rule 4 does not allow suspend (it allows: label)"}
    await act(
        client, mod, "suspend", account_id=alice.id, rule_id="2", reason="harassment campaign"
    )
    profile = await client.get(f"/api/v1/accounts/{alice.id}", headers=bob.headers)
    assert profile.json()["suspended"] is True
    gone = await client.get(f"/api/v1/statuses/{status_id}", headers=bob.headers)
    assert gone.status_code == 410
    assert "suspended under rule 2" in gone.json()["error"]
    public = (await client.get("/api/v1/timelines/public")).json()
    assert status_id not in [s["id"] for s in public]
    login = await client.get("/api/v1/accounts/verify_credentials", headers=alice.headers)
    assert login.status_code == 403


async def test_labels_are_shown_to_every_viewer(app: Starlette, client: httpx.AsyncClient) -> None:
    alice, bob, mod = (
        await make_actor(app, "alice"),
        await make_actor(app, "bob"),
        await moderator(app, "mod"),
    )
    status_id = await post(client, alice, "graphic", sensitive=True)
    not_allowed = await act(
        client, mod, "label", 422, status_id=status_id, rule_id="5", reason="x", label="nope"
    )
    assert not_allowed == {"error": "There is no label definition 'nope'"}
    await act(
        client, mod, "label", status_id=status_id, rule_id="5", reason="gore", label="graphic-media"
    )
    await act(
        client,
        mod,
        "label",
        account_id=alice.id,
        rule_id="4",
        reason="a bot",
        label="suspected-automated",
    )
    for headers in ({}, bob.headers, alice.headers):
        entity = (await client.get(f"/api/v1/statuses/{status_id}", headers=headers)).json()
        assert [(x["value"], x["severity"], x["applied_by"]) for x in entity["labels"]] == [
            ("graphic-media", "alert", "moderator")
        ]
        assert [x["value"] for x in entity["account"]["labels"]] == ["suspected-automated"]
    (entry, account_entry) = await log_entries(client)
    assert entry["action"] == "label:graphic-media"
    assert account_entry["target_type"] == "account"
    notes = (await client.get("/api/v1/notifications", headers=alice.headers)).json()
    assert len(notes) == 2 and {n["type"] for n in notes} == {"moderation_warning"}
