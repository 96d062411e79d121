"""Helpers for poll tests: posting a poll and voting through the API."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Actor


async def post_poll(
    client: httpx.AsyncClient,
    author: Actor,
    options: list[str] | None = None,
    *,
    expires_in: int = 3600,
    multiple: bool = False,
    hide_totals: bool = False,
    visibility: str = "public",
) -> dict[str, Any]:
    """Post a status with a poll (JSON body); the status entity."""
    response = await client.post(
        "/api/v1/statuses",
        json={
            "status": "Is this a poll?",
            "visibility": visibility,
            "poll": {
                "options": options or ["yes", "no"],
                "expires_in": expires_in,
                "multiple": multiple,
                "hide_totals": hide_totals,
            },
        },
        headers=author.headers,
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def vote(
    client: httpx.AsyncClient, voter: Actor, poll_id: str, choices: list[Any]
) -> httpx.Response:
    return await client.post(
        f"/api/v1/polls/{poll_id}/votes", json={"choices": choices}, headers=voter.headers
    )


async def expire(app: Any, poll_id: str, seconds_ago: int = 1) -> None:
    """Move a poll's end into the past, as if time had passed."""
    from datetime import timedelta

    from sqlalchemy import update

    from townsquare.models import Poll
    from townsquare.models.base import utcnow

    async with app.state.db.session() as session:
        await session.execute(
            update(Poll)
            .where(Poll.id == int(poll_id))
            .values(expires_at=utcnow() - timedelta(seconds=seconds_ago))
        )
        await session.commit()


async def recount(app: Any, poll_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(counters, recount from the ballots) of a poll."""
    from sqlalchemy import func, select

    from townsquare.models import Poll, PollBallot, PollOption
    from townsquare.polls.merkle import choices_from_mask

    pid = int(poll_id)
    async with app.state.db.session() as session:
        poll = (await session.execute(select(Poll).where(Poll.id == pid))).scalar_one()
        options = (
            await session.execute(
                select(PollOption.votes_count)
                .where(PollOption.poll_id == pid)
                .order_by(PollOption.position)
            )
        ).scalars()
        counters = {
            "voters": poll.voters_count,
            "votes": poll.votes_count,
            "options": list(options),
        }
        masks = list(
            (
                await session.execute(select(PollBallot.choices).where(PollBallot.poll_id == pid))
            ).scalars()
        )
        pairs = await session.scalar(
            select(func.count(func.distinct(PollBallot.account_id))).where(
                PollBallot.poll_id == pid
            )
        )
    counted = [0] * len(counters["options"])
    for mask in masks:
        for choice in choices_from_mask(mask):
            counted[choice] += 1
    recounted = {"voters": len(masks), "votes": sum(counted), "options": counted}
    assert pairs == len(masks)  # never two ballots of one account
    return counters, recounted
