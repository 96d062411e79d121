"""Reports as Mastodon documents them, the moderators' queue, and appeals decided by a
moderator other than the one who acted, with the outcome on the public log."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.moderation.helpers import act, log_entries, moderator, post

REPORTS = "/api/v1/reports"
QUEUE = "/api/townsquare/v1/moderation/reports"
APPEALS = "/api/townsquare/v1/appeals"


async def test_report_and_queue(app: Starlette, client: httpx.AsyncClient) -> None:
    alice, bob, mod = (
        await make_actor(app, "alice"),
        await make_actor(app, "bob"),
        await moderator(app, "mod"),
    )
    status_id = await post(client, alice, "harassing bob")
    response = await client.post(
        REPORTS,
        headers=bob.headers,
        data={
            "account_id": alice.id,
            "status_ids[]": [status_id],
            "rule_ids[]": ["2"],
            "comment": "please look",
            "category": "spam",
        },
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["category"] == "violation"  # rule_ids given: violation, as Mastodon
    assert report["rule_ids"] == ["2"] and report["status_ids"] == [status_id]
    assert report["action_taken"] is False and report["forwarded"] is False
    assert report["target_account"]["id"] == alice.id
    refused = await client.get(QUEUE, headers=bob.headers)
    assert refused.status_code == 403
    (queued,) = (await client.get(QUEUE, headers=mod.headers)).json()
    assert queued["id"] == report["id"]
    await act(
        client,
        mod,
        "remove",
        status_id=status_id,
        rule_id="2",
        reason="pile-on",
        report_id=report["id"],
    )
    assert (await client.get(QUEUE, headers=mod.headers)).json() == []


async def test_report_validation(app: Starlette, client: httpx.AsyncClient) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    other = await post(client, bob, "mine")
    cases = [
        ({"account_id": alice.id, "rule_ids[]": ["42"]}, 422, "Validation failed: Rule ids does not reference valid rules"),  # noqa: E501
        ({"account_id": alice.id, "category": "violation"}, 422, "Validation failed: Rule ids does not reference valid rules"),  # noqa: E501
        ({"account_id": alice.id, "category": "rude"}, 422, "Validation failed: Category is not one of spam, legal, violation, other"),  # noqa: E501
        ({"account_id": "123456"}, 404, "Record not found"),
        ({"account_id": alice.id, "status_ids[]": [other]}, 404, "Record not found"),
        ({}, 400, "Missing required parameter: account_id"),
        ({"account_id": alice.id, "comment": "x" * 1001}, 422, "Validation failed: Comment is too long (maximum is 1000 characters)"),  # noqa: E501
    ]  # fmt: skip
    for data, status, error in cases:
        response = await client.post(REPORTS, headers=bob.headers, data=data)
        assert (response.status_code, response.json()) == (status, {"error": error}), data
    plain = await client.post(REPORTS, headers=bob.headers, data={"account_id": alice.id})
    assert plain.json()["category"] == "other"


async def test_appeal_is_decided_by_a_second_moderator_only(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, bob = await make_actor(app, "alice"), await make_actor(app, "bob")
    first, second = await moderator(app, "mod1"), await moderator(app, "mod2")
    status_id = await post(client, alice, "satire, actually")
    action = await act(client, first, "remove", status_id=status_id, rule_id="1", reason="threat")
    by_other = await client.post(
        APPEALS, headers=bob.headers, json={"action_id": action["id"], "text": "unfair"}
    )
    assert by_other.status_code == 403
    assert by_other.json() == {"error": "Only the affected author may appeal this action"}
    blank = await client.post(
        APPEALS, headers=alice.headers, json={"action_id": action["id"], "text": ""}
    )
    assert blank.json() == {"error": "Validation failed: Text can't be blank"}
    filed = await client.post(
        APPEALS, headers=alice.headers, json={"action_id": action["id"], "text": "It is satire"}
    )
    assert filed.status_code == 200 and filed.json()["state"] == "pending"
    twice = await client.post(
        APPEALS, headers=alice.headers, json={"action_id": action["id"], "text": "again"}
    )
    assert twice.json() == {"error": "This action has already been appealed"}
    appeal_id = filed.json()["id"]
    decide = f"{APPEALS}/{appeal_id}/decide"
    body = {"decision": "approve", "reason": "it is satire"}
    same = await client.post(decide, headers=first.headers, json=body)
    assert same.status_code == 403
    assert same.json() == {
        "error": "An appeal is decided by a moderator other than the one who acted"
    }
    user = await client.post(decide, headers=bob.headers, json=body)
    assert user.status_code == 403
    (pending,) = (await client.get(APPEALS, headers=second.headers)).json()
    assert pending["id"] == appeal_id
    decided = await client.post(decide, headers=second.headers, json=body)
    assert decided.status_code == 200 and decided.json()["state"] == "approved"
    assert (await client.get(f"/api/v1/statuses/{status_id}")).status_code == 200
    again = await client.post(decide, headers=second.headers, json=body)
    assert again.json() == {"error": "This appeal has already been approved"}
    actions = [e["action"] for e in await log_entries(client)]
    assert actions == ["remove", "reverse_remove"]
    notes = (await client.get("/api/v1/notifications", headers=alice.headers)).json()
    events = [n["moderation_warning"]["townsquare_event"] for n in notes]
    assert events == ["appeal_approved", "remove"]
    assert notes[1]["moderation_warning"]["appeal"] == {"text": "It is satire", "state": "approved"}


async def test_rejected_appeal_is_logged(app: Starlette, client: httpx.AsyncClient) -> None:
    bob = await make_actor(app, "bob")
    first, second = await moderator(app, "mod1"), await moderator(app, "mod2")
    status_id = await post(client, bob, "graphic")
    labelled = await act(
        client,
        first,
        "label",
        status_id=status_id,
        rule_id="5",
        reason="gore",
        label="graphic-media",
    )
    filed = await client.post(
        APPEALS, headers=bob.headers, json={"action_id": labelled["id"], "text": "not gore"}
    )
    decided = await client.post(
        f"{APPEALS}/{filed.json()['id']}/decide", headers=second.headers,
        json={"decision": "reject", "reason": "it is gore"},
    )  # fmt: skip
    assert decided.json()["state"] == "rejected"
    log = await log_entries(client)
    assert [e["action"] for e in log] == ["label:graphic-media", "appeal_rejected"]
    assert log[-1]["reason"] == "it is gore" and log[-1]["action_id"] == labelled["id"]
    entity = (await client.get(f"/api/v1/statuses/{status_id}")).json()
    assert [x["value"] for x in entity["labels"]] == ["graphic-media"]
    report = (await client.get("/api/townsquare/v1/transparency/report")).json()
    assert report["entries"] == 2 and report["head_hash"] == log[-1]["hash"]
    month = log[0]["time"][:7]
    assert report["counts"] == [
        {"month": month, "rule": "5", "action": "appeal_rejected", "count": 1},
        {"month": month, "rule": "5", "action": "label:graphic-media", "count": 1},
    ]


async def test_a_suspended_author_is_told_and_can_appeal(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice, stranger = await make_actor(app, "alice"), await make_actor(app, "stranger")
    first, second = await moderator(app, "mod1"), await moderator(app, "mod2")
    action = await act(
        client, first, "suspend", account_id=alice.id, rule_id="3", reason="fake ceo"
    )
    assert (await client.get("/api/v1/notifications", headers=alice.headers)).status_code == 403
    (warning,) = (
        await client.get("/api/townsquare/v1/moderation/warnings", headers=alice.headers)
    ).json()
    assert warning["action"] == "suspend" and warning["rule"]["id"] == "3"
    assert (
        await client.get("/api/townsquare/v1/moderation/warnings", headers=stranger.headers)
    ).json() == []
    assert (await client.get("/api/townsquare/v1/moderation/warnings")).status_code == 401
    filed = await client.post(
        APPEALS, headers=alice.headers, json={"action_id": action["id"], "text": "I am the ceo"}
    )
    assert filed.status_code == 200, filed.text
    decided = await client.post(
        f"{APPEALS}/{filed.json()['id']}/decide", headers=second.headers,
        json={"decision": "approve", "reason": "verified identity"},
    )  # fmt: skip
    assert decided.json()["state"] == "approved"
    assert (await client.get("/api/v1/notifications", headers=alice.headers)).status_code == 200
    profile = (await client.get(f"/api/v1/accounts/{alice.id}")).json()
    assert profile["suspended"] is None


async def test_rule_violations_reach_community_notes_eligibility(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    from townsquare.notes.policy import recent_rule_violations

    alice, mod = await make_actor(app, "alice"), await moderator(app, "mod")
    status_id = await post(client, alice, "threat")
    async with app.state.db.session() as session:
        assert await recent_rule_violations(session, int(alice.id), 30) == 0
    action = await act(client, mod, "remove", status_id=status_id, rule_id="1", reason="threat")
    async with app.state.db.session() as session:
        assert await recent_rule_violations(session, int(alice.id), 30) == 1
    await client.post(
        f"/api/townsquare/v1/moderation/actions/{action['id']}/reverse",
        headers=mod.headers, json={"reason": "mistake"},
    )  # fmt: skip
    async with app.state.db.session() as session:
        assert await recent_rule_violations(session, int(alice.id), 30) == 0
