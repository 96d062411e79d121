"""Labels used by polls (left out of "established" totals) and community notes (may not
write or rate), read from the labels table whoever applied them."""

from __future__ import annotations

from datetime import timedelta

import httpx
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.integrity.labelling import add_label, post
from tests.notes.support import eligible, rate, write_note
from tests.polls.support import post_poll, vote
from townsquare.models.base import utcnow

RULE = "not_labelled_automated_or_coordinated"


async def test_labelled_voters_are_left_out_of_established_totals(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await make_actor(app, "pollster")
    old = utcnow() - timedelta(days=90)
    names = ("honest", "automated", "campaigner", "reformed", "outlet")
    voters = {name: await make_actor(app, name, created_at=old) for name in names}
    earlier = await post(client, voters["reformed"], "a campaign post before the poll")
    await add_label(app, "status", earlier, "coordinated", "integrity.coordination")
    poll = (await post_poll(client, author, ["a", "b"]))["poll"]
    await add_label(app, "account", voters["automated"].id, "suspected-automated",
                    "integrity.automation")  # fmt: skip
    during = await post(client, voters["campaigner"], "a campaign post during the poll")
    await add_label(app, "status", during, "coordinated", "integrity.coordination")
    await add_label(app, "account", voters["outlet"].id, "state-affiliated",
                    "integrity.state_media")  # fmt: skip
    for name, actor in voters.items():
        response = await vote(client, actor, poll["id"], [0 if name == "honest" else 1])
        assert response.status_code == 200, response.text  # labels never stop a vote
    view = (await client.get(f"/api/townsquare/v1/polls/{poll['id']}/integrity")).json()
    assert [o["votes_count"] for o in view["all"]["options"]] == [1, 4]
    # Left out: the automated account and the one with a coordinated post during the poll.
    assert [o["votes_count"] for o in view["established"]["options"]] == [1, 2]
    assert view["established"]["voters_count"] == 3
    rule = next(r for r in view["established_rules"] if r["name"] == RULE)
    assert rule["account_labels"] == ["suspected-automated"]
    assert rule["post_labels"] == ["coordinated"]
    assert "while the poll was open" in rule["description"]


async def test_labelled_accounts_may_not_write_or_rate_notes(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    author = await eligible(app, "author")
    writer = await eligible(app, "writer")
    automated = await eligible(app, "automated")
    campaigner = await eligible(app, "campaigner")
    status = await post(client, author, "a claim")
    campaign_post = await post(client, campaigner, "the talking point")
    await add_label(app, "account", automated.id, "suspected-automated", "integrity.automation")
    await add_label(app, "status", campaign_post, "coordinated", "integrity.coordination")
    note = await write_note(client, writer, status)
    assert note.status_code == 200, note.text
    for actor, label in ((automated, "suspected-automated"), (campaigner, "coordinated")):
        expected = {
            "error": f"Accounts labelled {label} cannot write or rate community notes (the "
            f"labels and their evidence: /api/townsquare/v1/accounts/{actor.id}/labels)"
        }
        refused = await write_note(client, actor, status)
        assert (refused.status_code, refused.json()) == (403, expected)
        refused = await rate(client, actor, note.json()["id"], "helpful")
        assert (refused.status_code, refused.json()) == (403, expected)


async def test_notes_eligibility_without_the_label_requirement(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    app.state.settings.notes_require_no_integrity_label = False
    author, writer = await eligible(app, "author"), await eligible(app, "writer")
    status = await post(client, author, "a claim")
    await add_label(app, "account", writer.id, "suspected-automated", "integrity.automation")
    assert (await write_note(client, writer, status)).status_code == 200
