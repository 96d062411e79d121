"""The integrity view of a poll: who the ballots came from, by published rules.

"Established" accounts are those every rule in ``ESTABLISHED_RULES`` accepts. The rules are
data, published in each integrity response (name, description, parameters), so anyone can
see what was counted. Today there is one rule, the account's age when the poll opened.
Labels for automated or coordinated accounts come with a later package: it plugs in here by
calling ``register_established_rule`` with a rule whose condition excludes labelled
accounts, and every integrity view then publishes and applies it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.json import iso
from townsquare.models import Account, PollBallot
from townsquare.models.base import utcnow
from townsquare.polls.state import PollState
from townsquare.settings import Settings

# A ballot's id is milliseconds << 16: this divisor turns it into minutes since the epoch.
ID_UNITS_PER_MINUTE = 60_000 << 16

Condition = Callable[[PollState, Settings], ColumnElement[bool]]


@dataclass(frozen=True)
class EstablishedRule:
    """A condition on the voter's ``accounts`` row, with what it means in words."""

    name: str
    description: str
    condition: Condition
    parameters: Callable[[Settings], dict[str, Any]]


def _old_enough(poll: PollState, settings: Settings) -> ColumnElement[bool]:
    cutoff = poll.created_at - timedelta(days=settings.poll_established_account_days)
    return Account.created_at <= cutoff


ACCOUNT_AGE = EstablishedRule(
    name="account_age",
    description="The account was created at least min_account_age_days before the poll opened.",
    condition=_old_enough,
    parameters=lambda s: {"min_account_age_days": s.poll_established_account_days},
)
ESTABLISHED_RULES: list[EstablishedRule] = [ACCOUNT_AGE]


def register_established_rule(rule: EstablishedRule) -> None:
    """Add a rule (e.g. "not labelled automated or coordinated") to every integrity view."""
    if all(existing.name != rule.name for existing in ESTABLISHED_RULES):
        ESTABLISHED_RULES.append(rule)


def published_rules(settings: Settings) -> list[dict[str, Any]]:
    return [
        {"name": r.name, "description": r.description, **r.parameters(settings)}
        for r in ESTABLISHED_RULES
    ]


async def established_totals(
    session: AsyncSession, poll: PollState, settings: Settings
) -> tuple[int, list[int]]:
    """Voters and per-option votes from established accounts only: one query."""
    established = and_(*(rule.condition(poll, settings) for rule in ESTABLISHED_RULES))
    per_option = [
        func.sum(case((PollBallot.choices.op("&")(1 << i) != 0, 1), else_=0))
        for i in range(len(poll.titles))
    ]
    row = (
        await session.execute(
            select(func.count(), *per_option)
            .select_from(PollBallot)
            .join(Account, Account.id == PollBallot.account_id)
            .where(PollBallot.poll_id == poll.id, established)
        )
    ).one()
    return int(row[0]), [int(n or 0) for n in row[1:]]


async def ballots_per_minute(session: AsyncSession, poll: PollState) -> list[dict[str, Any]]:
    """Ballots cast in each minute that had any, in time order (ids carry the time)."""
    minute = (PollBallot.id.op("/")(literal(ID_UNITS_PER_MINUTE))).label("minute")
    rows = await session.execute(
        select(minute, func.count())
        .where(PollBallot.poll_id == poll.id)
        .group_by(minute)
        .order_by(minute)
    )
    epoch = poll.created_at.fromtimestamp(0, poll.created_at.tzinfo)
    return [
        {"minute": iso(epoch + timedelta(minutes=int(row[0]))), "ballots": int(row[1])}
        for row in rows
    ]


async def new_account_ballots(session: AsyncSession, poll: PollState) -> int:
    """Ballots from accounts created after the poll opened."""
    return int(
        await session.scalar(
            select(func.count())
            .select_from(PollBallot)
            .join(Account, Account.id == PollBallot.account_id)
            .where(PollBallot.poll_id == poll.id, Account.created_at > poll.created_at)
        )
        or 0
    )


async def integrity_view(
    session: AsyncSession, poll: PollState, settings: Settings
) -> dict[str, Any]:
    """The whole view; per-option totals stay ``null`` while ``hide_totals`` holds them."""
    now = utcnow()
    shown = poll.totals_visible(now)
    voters, established = await established_totals(session, poll, settings)
    fresh = await new_account_ballots(session, poll)
    return {
        "poll_id": str(poll.id),
        "expired": poll.expired(now),
        "all": {
            "voters_count": poll.voters_count,
            "votes_count": poll.votes_count,
            "options": _options(poll, poll.counts, shown),
        },
        "established": {
            "voters_count": voters,
            "votes_count": sum(established),
            "options": _options(poll, established, shown),
        },
        "established_rules": published_rules(settings),
        "ballots_per_minute": await ballots_per_minute(session, poll),
        "new_accounts": {
            "ballots": fresh,
            "share": fresh / poll.voters_count if poll.voters_count else 0.0,
        },
    }


def _options(poll: PollState, counts: list[int], shown: bool) -> list[dict[str, Any]]:
    return [
        {"title": title, "votes_count": count if shown else None}
        for title, count in zip(poll.titles, counts, strict=True)
    ]
