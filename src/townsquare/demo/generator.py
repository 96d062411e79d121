"""Plans a realistic demo community in memory: accounts, a skewed follow graph, posts.

Everything here is pure Python driven by one seeded ``random.Random``, so a plan is
reproducible and cheap; ``townsquare.demo.loader`` writes it with bulk inserts.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from townsquare.demo import corpus
from townsquare.demo.content import Handle, render_html
from townsquare.ids import new_id

Row = dict[str, Any]
DAY_MS = 86_400_000
HOUR_MS = 3_600_000
AWAKE_HOURS = 16
HISTORY_DAYS = 14
BURST_MS = 30 * 60_000  # a post this soon after the last one ...
BURST_SHARE = 0.3  # ... is by the same person this often
DEMO_USERNAME = "demo"


@dataclass
class DemoPlan:
    """Rows for every table the demo fills, keyed by table name, in insertion order."""

    accounts: list[Row] = field(default_factory=list)
    follows: list[Row] = field(default_factory=list)
    statuses: list[Row] = field(default_factory=list)
    tags: dict[str, Row] = field(default_factory=dict)
    status_tags: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    favourites: list[Row] = field(default_factory=list)
    notifications: list[Row] = field(default_factory=list)


def at(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


class DemoGenerator:
    """Builds a ``DemoPlan`` for ``accounts`` accounts and about ``posts`` statuses."""

    def __init__(
        self, accounts: int, posts: int, base_url: str, domain: str, seed: int = 2026
    ) -> None:
        self.rng = random.Random(seed)
        self.account_count = max(accounts, 2)
        self.post_count = max(posts, 0)
        self.base_url = base_url
        self.domain = domain
        self.now_ms = int(time.time() * 1000)
        self.plan = DemoPlan()
        self.handles: dict[str, Handle] = {}
        self.weights: list[float] = []
        self.reblogged: set[tuple[int, int]] = set()
        self._ids: set[int] = set()

    def build(self) -> DemoPlan:
        self._make_accounts()
        self._make_follows()
        self._make_statuses()
        self._make_favourites()
        return self.plan

    # accounts -----------------------------------------------------------------------------

    def _make_accounts(self) -> None:
        start = self.now_ms - (HISTORY_DAYS + 30) * DAY_MS
        people = self._people()
        for index, (username, display_name, bot) in enumerate(people[: self.account_count]):
            topic, other = self.rng.sample(corpus.TOPICS, 2)
            bio = self.rng.choice(corpus.BIOS).format(topic=topic, other=other)
            created = start + index * 60_000
            self.plan.accounts.append(
                {
                    "id": self._new_id(created), "username": username,
                    "username_lower": username.lower(), "display_name": display_name,
                    "note": bio, "note_html": self._html(bio, {}),
                    "fields": [], "bot": bot, "topic": topic,
                    # People sleep: each posts during its own waking hours (UTC).
                    "wake_hour": self.rng.randrange(24),
                    "created_at": at(created), "updated_at": at(created),
                }
            )  # fmt: skip
            self.handles[username.lower()] = Handle(username)
        # Zipf-like popularity: a few accounts draw most of the follows.
        self.weights = [1.0 / (rank + 1) ** 1.1 for rank in range(len(self.plan.accounts))]
        self.rng.shuffle(self.weights)
        self.weights[0] = max(self.weights) / 2  # the demo account: well known, not the star

    def _people(self) -> list[tuple[str, str, bool]]:
        people = [(DEMO_USERNAME, "Demo Account", False)]
        people += [(name, title, True) for name, title in corpus.ORGANISATIONS]
        seen = {name for name, _, _ in people}
        while len(people) < self.account_count:
            first = self.rng.choice(corpus.FIRST_NAMES)
            last = self.rng.choice(corpus.LAST_NAMES)
            base = f"{first}_{last}".lower().encode("ascii", "ignore").decode()[:26]
            username = base if base not in seen else f"{base}{len(people)}"
            seen.add(username)
            people.append((username, f"{first} {last}", False))
        return people

    # follows ------------------------------------------------------------------------------

    def _make_follows(self) -> None:
        accounts = self.plan.accounts
        indices = list(range(len(accounts)))
        for me in indices:
            wanted = min(len(accounts) - 1, self.rng.randint(5, 30) if me else 25)
            targets: set[int] = set()
            while len(targets) < wanted:
                (pick,) = self.rng.choices(indices, weights=self.weights)
                if pick != me:
                    targets.add(pick)
            for target in sorted(targets):
                self._follow(accounts[me], accounts[target])

    def _follow(self, follower: Row, target: Row) -> None:
        when = max(follower["created_at"], target["created_at"])
        when_ms = int(when.timestamp() * 1000) + self.rng.randint(1, DAY_MS)
        self.plan.follows.append(
            {
                "id": self._new_id(when_ms),
                "account_id": follower["id"],
                "target_account_id": target["id"],
                "created_at": at(when_ms),
            }
        )
        self._notify(target["id"], follower["id"], "follow", None, when_ms)

    # statuses -----------------------------------------------------------------------------

    def _make_statuses(self) -> None:
        start = self.now_ms - HISTORY_DAYS * DAY_MS
        times = sorted(self.rng.randint(start, self.now_ms - 1000) for _ in range(self.post_count))
        awake = self._awake_by_hour()
        author, last_ms = self.plan.accounts[0], 0
        for when_ms in times:
            # People post in bursts (a thread, a follow-up, an answer), not like clockwork.
            if when_ms - last_ms > BURST_MS or self.rng.random() > BURST_SHARE:
                accounts, weights = awake[(when_ms // HOUR_MS) % 24]
                (author,) = self.rng.choices(accounts, weights=weights)
            last_ms = when_ms
            roll = self.rng.random()
            originals = self.plan.statuses
            if roll < 0.18 and originals:
                self._reply(author, when_ms)
            elif roll < 0.28 and originals:
                self._reblog(author, when_ms)
            else:
                self._post(author, when_ms)

    def _awake_by_hour(self) -> list[tuple[list[Row], list[float]]]:
        """Per hour of the day (UTC), the accounts awake then and their posting weights:
        each is awake ``AWAKE_HOURS`` hours a day from its ``wake_hour``, as people are."""
        by_hour: list[tuple[list[Row], list[float]]] = []
        for hour in range(24):
            pairs = [
                (account, weight)
                for account, weight in zip(self.plan.accounts, self.weights, strict=True)
                if (hour - account["wake_hour"]) % 24 < AWAKE_HOURS
            ]
            by_hour.append(([a for a, _ in pairs], [w for _, w in pairs]))
        return by_hour

    def _post(self, author: Row, when_ms: int) -> None:
        topic = author["topic"] if self.rng.random() < 0.6 else self.rng.choice(corpus.TOPICS)
        text = corpus.compose_post(self.rng.choice, topic)
        tags = self.rng.sample(corpus.HASHTAGS, self.rng.choice((0, 0, 1, 1, 2)))
        mentioned: list[Row] = []
        if self.rng.random() < 0.12:
            mentioned.append(self.rng.choice(self.plan.accounts))
        visibility = self.rng.choices(
            ("public", "unlisted", "private", "direct"), weights=(85, 8, 5, 2)
        )[0]
        if visibility == "direct" and not mentioned:
            mentioned.append(self.rng.choice(self.plan.accounts))
        mentioned = [m for m in mentioned if m["id"] != author["id"]]
        if visibility == "direct" and not mentioned:
            visibility = "private"
        prefix = "".join(f"@{m['username']} " for m in mentioned)
        suffix = "".join(f" #{tag}" for tag in tags)
        self._add_status(author, when_ms, prefix + text + suffix, visibility, mentioned, tags)

    def _reply(self, author: Row, when_ms: int) -> None:
        parent = self.rng.choice(self._visible_originals())
        parent_author = self._account(parent["account_id"])
        mentioned = [] if parent_author["id"] == author["id"] else [parent_author]
        prefix = "".join(f"@{m['username']} " for m in mentioned)
        text = prefix + corpus.compose_reply(self.rng.choice)
        row = self._add_status(author, when_ms, text, parent["visibility"], mentioned, [])
        row["in_reply_to_id"] = parent["id"]
        row["in_reply_to_account_id"] = parent["account_id"]
        row["conversation_id"] = parent["conversation_id"]
        parent["replies_count"] += 1

    def _reblog(self, author: Row, when_ms: int) -> None:
        candidates = [
            s
            for s in self._visible_originals()
            if s["visibility"] == "public" and s["account_id"] != author["id"]
        ]
        if not candidates:
            self._post(author, when_ms)
            return
        original = self.rng.choice(candidates)
        if (author["id"], original["id"]) in self.reblogged:
            return  # one reblog per person and post
        self.reblogged.add((author["id"], original["id"]))
        row = self._status_row(author, when_ms, "", "", "public")
        row["reblog_of_id"] = original["id"]
        self.plan.statuses.append(row)
        original["reblogs_count"] += 1
        self._notify(original["account_id"], author["id"], "reblog", original["id"], when_ms)

    def _visible_originals(self) -> list[Row]:
        recent = self.plan.statuses[-300:]
        found = [
            s
            for s in recent
            if s.get("reblog_of_id") is None and s["visibility"] in ("public", "unlisted")
        ]
        return found or [s for s in self.plan.statuses if s.get("reblog_of_id") is None]

    def _add_status(
        self,
        author: Row,
        when_ms: int,
        text: str,
        visibility: str,
        mentioned: list[Row],
        tags: list[str],
    ) -> Row:
        content = self._html(text, self.handles)
        row = self._status_row(author, when_ms, text, content, visibility)
        self.plan.statuses.append(row)
        for account in mentioned:
            self.plan.mentions.append({"status_id": row["id"], "account_id": account["id"]})
            self._notify(account["id"], author["id"], "mention", row["id"], when_ms)
        for name in tags:
            tag = self.plan.tags.setdefault(
                name, {"id": self._new_id(when_ms), "name": name, "display_name": name}
            )
            self.plan.status_tags.append({"status_id": row["id"], "tag_id": tag["id"]})
        return row

    def _status_row(
        self, author: Row, when_ms: int, text: str, content: str, visibility: str
    ) -> Row:
        status_id = self._new_id(when_ms)
        return {
            "id": status_id, "account_id": author["id"], "text": text, "content": content,
            "visibility": visibility, "language": "en", "conversation_id": status_id,
            "in_reply_to_id": None, "in_reply_to_account_id": None, "reblog_of_id": None,
            "replies_count": 0, "reblogs_count": 0, "favourites_count": 0,
            "created_at": at(when_ms),
        }  # fmt: skip

    # favourites and notifications ---------------------------------------------------------

    def _make_favourites(self) -> None:
        accounts = self.plan.accounts
        for status in self.plan.statuses:
            if status["reblog_of_id"] is not None or status["visibility"] != "public":
                continue
            author_weight = self.weights[self._index(status["account_id"])]
            count = min(len(accounts) - 1, int(self.rng.expovariate(1.0) * 15 * author_weight))
            fans = self.rng.sample(accounts, count)
            when_ms = int(status["created_at"].timestamp() * 1000)
            for fan in fans:
                if fan["id"] == status["account_id"]:
                    continue
                liked_ms = min(self.now_ms, when_ms + self.rng.randint(1000, DAY_MS // 4))
                self.plan.favourites.append(
                    {"id": self._new_id(liked_ms), "account_id": fan["id"],
                     "status_id": status["id"], "created_at": at(liked_ms)}
                )  # fmt: skip
                status["favourites_count"] += 1
                self._notify(status["account_id"], fan["id"], "favourite", status["id"], liked_ms)

    def _notify(
        self, recipient_id: int, from_id: int, kind: str, status_id: int | None, when_ms: int
    ) -> None:
        if recipient_id == from_id:
            return
        self.plan.notifications.append(
            {"id": self._new_id(when_ms), "account_id": recipient_id, "from_account_id": from_id,
             "type": kind, "status_id": status_id, "created_at": at(when_ms)}
        )  # fmt: skip

    def _new_id(self, at_ms: int) -> int:
        """A backdated id no other demo row has: many rows share a millisecond (every like
        of a recent post is clamped to now), and a backdated id has only 16 random bits."""
        while (found := new_id(at_ms)) in self._ids:
            pass
        self._ids.add(found)
        return found

    def _html(self, text: str, handles: dict[str, Handle]) -> str:
        return render_html(text, self.base_url, self.domain, handles)

    def _index(self, account_id: int) -> int:
        if not hasattr(self, "_positions"):
            self._positions = {a["id"]: i for i, a in enumerate(self.plan.accounts)}
        return self._positions[account_id]

    def _account(self, account_id: int) -> Row:
        return self.plan.accounts[self._index(account_id)]


def account_counters(plan: DemoPlan) -> None:
    """Fill followers/following/statuses counts and last_status_at on the planned accounts."""
    followers = Counter(f["target_account_id"] for f in plan.follows)
    following = Counter(f["account_id"] for f in plan.follows)
    # As the statuses service counts: direct messages are not in statuses_count.
    statuses = Counter(s["account_id"] for s in plan.statuses if s["visibility"] != "direct")
    last: dict[int, datetime] = {}
    for status in plan.statuses:
        last[status["account_id"]] = status["created_at"]
    for account in plan.accounts:
        account["followers_count"] = followers[account["id"]]
        account["following_count"] = following[account["id"]]
        account["statuses_count"] = statuses[account["id"]]
        account["last_status_at"] = last.get(account["id"])
