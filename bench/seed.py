"""Seeds the benchmark database with Core bulk inserts.

The shape the issue asks for: a viewer following 200 accounts with 50 posts each,
100,000 other posts, one author with 100,000 followers; plus viewers following 10, 100,
1,000 and 5,000 accounts, and ordinary authors to post as. Home timelines are filled as
fan-out on write would have filled them (``townsquare.demo.bulk.fill_home_feeds``).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts.passwords import hash_password
from townsquare.db import Database
from townsquare.demo.bulk import bulk_insert, fill_home_feeds
from townsquare.ids import new_id
from townsquare.models import Account, Follow, OAuthApp, OAuthToken, Status, User
from townsquare.oauth.secrets import digest, new_secret
from townsquare.settings import Settings

FRIENDS = 200
POSTS_PER_FRIEND = 50
AUTHORS = 5000
OTHER_POSTS = 100_000
FANS = 100_000
BIG_AUTHOR_POSTS = 50
ORDINARY_FOLLOWERS = 100
SCALE_VIEWERS = (10, 100, 1000, 5000)
WINDOW_MS = 30 * 86_400_000

Row = dict[str, Any]


class UniqueIds:
    """Time-ordered ids never given twice in one seeding run (``new_id`` draws 16 random
    bits per millisecond, and seeders make many ids per millisecond)."""

    def __init__(self) -> None:
        self._used: set[int] = set()

    def __call__(self, at_ms: int) -> int:
        while True:
            candidate = new_id(at_ms)
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate


@dataclass
class BenchData:
    """What the scenarios need: bearer tokens by role and the row counts."""

    tokens: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


class Seeder:
    """Builds the rows in memory (seeded random), then bulk-inserts them."""

    def __init__(self, scale: float = 1.0) -> None:
        self.rng = random.Random(42)
        self.scale = scale
        self.now_ms = int(time.time() * 1000)
        self.accounts: list[Row] = []
        self.follows: list[Row] = []
        self.statuses: list[Row] = []
        self.named: dict[str, Row] = {}
        self.fresh_id = UniqueIds()

    def n(self, count: int) -> int:
        return max(1, int(count * self.scale))

    def account(self, username: str) -> Row:
        # One millisecond apart: ids made at the same millisecond share 65,536 values.
        created = self.now_ms - WINDOW_MS - 86_400_000 + len(self.accounts)
        row = {"id": self.fresh_id(created), "username": username,
               "username_lower": username.lower(), "display_name": username[:30],
               "note": "", "note_html": "", "fields": [],
               "created_at": datetime.fromtimestamp(created / 1000, UTC)}  # fmt: skip
        row["updated_at"] = row["created_at"]
        self.accounts.append(row)
        return row

    def follow(self, follower: Row, target: Row) -> None:
        self.follows.append(
            {"id": self.fresh_id(self.now_ms - self.rng.randint(WINDOW_MS, 2 * WINDOW_MS)),
             "account_id": follower["id"],
             "target_account_id": target["id"]}
        )  # fmt: skip

    def posts(self, author: Row, count: int) -> None:
        for _ in range(count):
            at_ms = self.now_ms - self.rng.randint(1000, WINDOW_MS)
            status_id = self.fresh_id(at_ms)
            words = " ".join(self.rng.choices(WORDS, k=12))
            self.statuses.append(
                {"id": status_id, "account_id": author["id"], "text": words,
                 "content": f"<p>{words}</p>", "visibility": "public", "language": "en",
                 "conversation_id": status_id,
                 "created_at": datetime.fromtimestamp(at_ms / 1000, UTC)}
            )  # fmt: skip

    def build(self) -> None:
        friends = [self.account(f"friend{i}") for i in range(self.n(FRIENDS))]
        authors = [self.account(f"author{i}") for i in range(self.n(AUTHORS))]
        fans = [self.account(f"fan{i}") for i in range(self.n(FANS))]
        big = self.named["big_author"] = self.account("big_author")
        for name in ("viewer", "poster", "lag_author", "lag_reader"):
            self.named[name] = self.account(name)
        for friend in friends:
            self.follow(self.named["viewer"], friend)
            self.posts(friend, POSTS_PER_FRIEND)
        per_author = max(1, self.n(OTHER_POSTS) // len(authors))
        for author in authors:
            self.posts(author, per_author)
        for size in SCALE_VIEWERS:
            viewer = self.named[f"viewer_{size}"] = self.account(f"viewer_{size}")
            for author in authors[: min(size, len(authors))]:
                self.follow(viewer, author)
        self._wire_big_and_ordinary(fans, big)

    def _wire_big_and_ordinary(self, fans: list[Row], big: Row) -> None:
        for fan in fans:
            self.follow(fan, big)
        self.posts(big, BIG_AUTHOR_POSTS)
        readers = [self.named["viewer"], *(self.named[f"viewer_{s}"] for s in SCALE_VIEWERS)]
        for reader in readers:
            self.follow(reader, big)
        for fan in fans[:ORDINARY_FOLLOWERS]:
            self.follow(fan, self.named["poster"])
            self.follow(fan, self.named["lag_author"])
        self.follow(self.named["lag_reader"], self.named["lag_author"])
        self.posts(self.named["poster"], 20)
        self.posts(self.named["lag_author"], 20)

    def finish_counters(self) -> None:
        self.statuses.sort(key=lambda row: row["id"])
        followers = Counter(f["target_account_id"] for f in self.follows)
        following = Counter(f["account_id"] for f in self.follows)
        posts = Counter(s["account_id"] for s in self.statuses)
        for account in self.accounts:
            account["followers_count"] = followers[account["id"]]
            account["following_count"] = following[account["id"]]
            account["statuses_count"] = posts[account["id"]]


WORDS = (
    "town", "square", "bench", "people", "post", "follow", "timeline", "morning", "coffee",
    "river", "city", "library", "park", "music", "news", "weather", "market", "garden",
    "train", "bike", "book", "film", "walk", "friend", "neighbour", "update",
)  # fmt: skip


async def _tokens(session: AsyncSession, named: dict[str, Row]) -> dict[str, str]:
    app_row = {"id": new_id(), "name": "bench", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
               "scopes": "read write follow push", "client_id": new_secret(),
               "client_secret": new_secret()}  # fmt: skip
    await bulk_insert(session, OAuthApp, [app_row])
    tokens = {role: new_secret() for role in named}
    rows = [
        {"id": new_id(), "token_digest": digest(token), "app_id": app_row["id"],
         "account_id": named[role]["id"], "scopes": "read write follow push"}
        for role, token in tokens.items()
    ]  # fmt: skip
    await bulk_insert(session, OAuthToken, rows)
    return tokens


def _users(accounts: list[Row]) -> list[Row]:
    shared_hash = hash_password(new_secret())  # nobody logs in with a password here
    return [
        {"id": a["id"], "account_id": a["id"], "email": f"{a['username_lower']}@bench.example",
         "password_hash": shared_hash}
        for a in accounts
    ]  # fmt: skip


async def seed(settings: Settings, scale: float = 1.0) -> BenchData:
    """Fill an empty, migrated database; returns the tokens the scenarios use."""
    seeder = Seeder(scale)
    seeder.build()
    seeder.finish_counters()
    db = Database(settings)
    try:
        async with db.session() as session:
            await bulk_insert(session, Account, seeder.accounts)
            await bulk_insert(session, User, _users(seeder.accounts))
            await bulk_insert(session, Follow, seeder.follows)
            await bulk_insert(session, Status, seeder.statuses)
            await fill_home_feeds(session, settings)
            tokens = await _tokens(session, seeder.named)
            await session.commit()
        async with db.engine.connect() as conn:
            await conn.execute(text("ANALYZE"))
            await conn.commit()
    finally:
        await db.dispose()
    counts = {"accounts": len(seeder.accounts), "follows": len(seeder.follows),
              "statuses": len(seeder.statuses)}  # fmt: skip
    return BenchData(tokens, counts)
