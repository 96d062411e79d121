"""A small hand-made community for the integrity tests: a cron-like undeclared bot, a few
accounts posting the same text within minutes, and organic users with varied habits."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from starlette.applications import Starlette

from tests.factories import Actor, make_actor
from townsquare.ids import new_id
from townsquare.integrity.scan import ScanSummary, run_scan
from townsquare.models import OAuthApp, Status
from townsquare.models.base import utcnow
from townsquare.oauth.secrets import new_secret
from townsquare.settings import Settings

LABELS = "/api/townsquare/v1/accounts/{}/labels"
CAMPAIGNS = "/api/townsquare/v1/campaigns"
LOG = "/api/townsquare/v1/transparency/log"
CAMPAIGN_TEXT = "Everyone is saying the election was rigged. Share before they delete this!"
ORGANIC_TOPICS = [
    "Made sourdough again, the crumb is finally open",
    "Anyone else watching the cycling tonight?",
    "Reading a great book about the history of maps",
    "The bus was late again, third time this week",
    "Trying to learn the cello at forty, wish me luck",
    "Our garden tomatoes are finally red",
    "Interesting thread about tram networks in Europe",
    "Coffee with an old friend, lovely afternoon",
    "Fixed the bike chain myself, feeling proud",
    "The museum has a new exhibition on glass",
    "Rainy Sunday, perfect for soup and a film",
    "Our choir concert is next Friday, come along",
]


@dataclass
class Community:
    bot: Actor
    campaigners: list[Actor]
    organic: list[Actor]
    campaign_posts: list[str]
    bot_posts: list[str]


async def add_status(app: Starlette, author: Actor, text: str, at: datetime, **fields: Any) -> str:
    """A status written straight to the database at time ``at`` (the scan reads the past)."""
    async with app.state.db.session() as session:
        status = Status(
            id=new_id(int(at.timestamp() * 1000)),
            account_id=int(author.id),
            text=text,
            content=f"<p>{text}</p>",
            created_at=at,
            **fields,
        )
        session.add(status)
        await session.commit()
        return str(status.id)


async def make_app_named(app: Starlette, name: str) -> int:
    async with app.state.db.session() as session:
        oauth_app = OAuthApp(
            name=name,
            redirect_uris="urn:ietf:wg:oauth:2.0:oob",
            scopes="read write",
            client_id=new_secret(),
            client_secret=new_secret(),
        )
        session.add(oauth_app)
        await session.commit()
        return oauth_app.id


async def _bot_posts(app: Starlette, bot: Actor, now: datetime) -> list[str]:
    """Every 20 minutes, day and night, for three days, from one scripting client."""
    client_id = await make_app_named(app, "cron-poster")
    start = now - timedelta(days=3)
    ids = []
    for n in range(216):
        text = f"Automatic market update number {n}: index at {1000 + n * 3} points"
        at = start + timedelta(minutes=20 * n)
        ids.append(await add_status(app, bot, text, at, application_id=client_id))
    return ids


async def _organic_posts(app: Starlette, people: list[Actor], now: datetime) -> None:
    """A few posts each at irregular waking hours, with varied texts."""
    rng = random.Random(7)
    for index, person in enumerate(people):
        for n in range(12):
            day = now - timedelta(days=rng.uniform(0.5, 12))
            at = day.replace(hour=rng.choice([8, 9, 12, 13, 18, 19, 21, 22]))
            at = at.replace(minute=rng.randrange(60), second=rng.randrange(60))
            topic = ORGANIC_TOPICS[(index * 5 + n) % len(ORGANIC_TOPICS)]
            await add_status(app, person, f"{topic} ({person.username}, note {n})", at)


async def community(app: Starlette, now: datetime | None = None) -> Community:
    """The bot, five campaigners posting the same text within eight minutes, four organic."""
    now = now or utcnow()
    bot = await make_actor(app, "marketbot")
    campaigners = [await make_actor(app, f"patriot{i}") for i in range(5)]
    organic = [await make_actor(app, name) for name in ("alice", "bruno", "chloe", "dmitri")]
    bot_posts = await _bot_posts(app, bot, now)
    moment = now - timedelta(days=1)
    campaign_posts = [
        await add_status(app, who, CAMPAIGN_TEXT, moment + timedelta(minutes=2 * i))
        for i, who in enumerate(campaigners)
    ]
    await _organic_posts(app, organic, now)
    return Community(bot, campaigners, organic, campaign_posts, bot_posts)


async def scan(app: Starlette, **overrides: Any) -> ScanSummary:
    settings: Settings = app.state.settings
    if overrides:
        settings = settings.model_copy(update=overrides)
    return await run_scan(app.state.db, settings)


async def account_labels(client: httpx.AsyncClient, actor: Actor, **kw: Any) -> dict[str, Any]:
    response = await client.get(LABELS.format(actor.id), **kw)
    assert response.status_code == 200, response.text
    return response.json()


async def log_entries(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await client.get(LOG, params={"limit": 1000})
    assert response.status_code == 200, response.text
    return response.json()


def at_utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
