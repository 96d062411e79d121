"""Writes a ``DemoPlan`` into the database with bulk inserts, reporting progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts.passwords import hash_password
from townsquare.demo.bulk import Progress, bulk_insert, fill_home_feeds
from townsquare.demo.generator import DEMO_USERNAME, DemoGenerator, DemoPlan, account_counters
from townsquare.models import (
    Account,
    Favourite,
    Follow,
    Mention,
    Notification,
    Status,
    StatusTag,
    Tag,
    User,
)
from townsquare.oauth.secrets import new_secret
from townsquare.settings import Settings
from townsquare.web.sessions import web_app

# Opens one progress bar: (description, total) -> advance(n).
StartStep = Callable[[str, int], Progress]


@dataclass
class DemoSummary:
    accounts: int
    follows: int
    statuses: int
    favourites: int
    notifications: int


def _quiet_step(_description: str, _total: int) -> Progress:
    return lambda _n: None


def demo_email(username: str) -> str:
    return f"{username}@demo.townsquare.example"


def plan_demo(settings: Settings, accounts: int, posts: int, seed: int = 2026) -> DemoPlan:
    """The demo community, planned in memory."""
    plan = DemoGenerator(accounts, posts, settings.base_url, settings.domain, seed).build()
    account_counters(plan)
    return plan


def _users(plan: DemoPlan, demo_password: str) -> list[dict[str, Any]]:
    # argon2 is deliberately slow: hash once for the demo login and once for everyone
    # else (a random password nobody knows), not once per account.
    demo_hash = hash_password(demo_password)
    nobody_hash = hash_password(new_secret())
    return [
        {
            "id": account["id"],
            "account_id": account["id"],
            "email": demo_email(account["username_lower"]),
            "password_hash": demo_hash if account["username"] == DEMO_USERNAME else nobody_hash,
            "created_at": account["created_at"],
        }
        for account in plan.accounts
    ]


async def load_demo(
    session: AsyncSession,
    settings: Settings,
    plan: DemoPlan,
    demo_password: str,
    start_step: StartStep = _quiet_step,
) -> DemoSummary:
    """Insert the plan and the home timelines fan-out would have produced; the caller commits."""
    # The demo's people post from the web interface, as the first-party app.
    app = await web_app(session)
    for status in plan.statuses:
        status["application_id"] = app.id
    tables: list[tuple[str, Any, list[dict[str, Any]]]] = [
        ("accounts", Account, plan.accounts),
        ("logins", User, _users(plan, demo_password)),
        ("follows", Follow, plan.follows),
        ("hashtags", Tag, list(plan.tags.values())),
        ("posts", Status, plan.statuses),
        ("post hashtags", StatusTag, plan.status_tags),
        ("mentions", Mention, plan.mentions),
        ("favourites", Favourite, plan.favourites),
        ("notifications", Notification, plan.notifications),
    ]
    for description, model, rows in tables:
        await bulk_insert(session, model, rows, start_step(description, len(rows)))
    advance = start_step("home timelines", 1)
    await fill_home_feeds(session, settings)
    advance(1)
    return DemoSummary(
        accounts=len(plan.accounts),
        follows=len(plan.follows),
        statuses=len(plan.statuses),
        favourites=len(plan.favourites),
        notifications=len(plan.notifications),
    )
