"""A seeded synthetic network with ground truth, for the detector tests and the benchmark.

Who is in it (counts per unit of ``scale``; see docs/integrity.md for the full description):
- organic people in four habits: casual (a few posts a day in short sessions), prolific
  (dozens of posts a day, 16-18 waking hours), night owls (awake in the afternoon and all
  night), always-on (4-5 hours of sleep, now and then a post in the middle of it). Each has
  a time zone, a client app (web, a mobile app, a third-party app or none recorded), a pet
  phrase they repeat, and sometimes posts a stock phrase many others post too. They reblog
  popular accounts' recent posts during their sessions; a few are fans who reblog one
  account's every post within the hour;
- news events: a headline and link shared by 3 to 150 people over the following hours,
  verbatim, with a comment, or in their own words (the organic near-duplicates);
- declared bots and undeclared bots of three kinds: schedulers (every 10 min to 4 h with
  jitter; some only in office hours, some pause at night), spammers (random gaps, varied
  templates) and repost bots; their clients are automation-named, custom, unknown, or
  pretend to be the web app;
- troll farms: accounts with casual filler posts that run near-duplicate campaigns (5 to
  ~100 members, copy-paste, light edits, word swaps or reworded; most within 15 minutes,
  some over 15-45 minutes) and reblog rings that reblog a leader's posts within minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from townsquare.integrity import synthetic_campaigns as campaigns
from townsquare.integrity import synthetic_people as people
from townsquare.integrity.detect.records import AccountRecord, PostRecord
from townsquare.integrity.synthetic_people import Truth

START = 1_793_491_200.0  # 2026-11-01 00:00 UTC


@dataclass(frozen=True)
class SyntheticConfig:
    """Sizes of the network for ``scale`` = 1 (about 550,000 posts over 14 days)."""

    seed: int = 7
    scale: float = 1.0
    days: int = 14
    humans: int = 4000
    undeclared_bots: int = 150
    declared_bots: int = 100
    farms: int = 6
    news_per_day: int = 12

    def count(self, base: int, minimum: int = 1) -> int:
        """``base`` scaled, at least ``minimum``."""
        return max(minimum, round(base * self.scale))


@dataclass
class Network:
    """The generated accounts and posts (sorted by status id) with their truth."""

    accounts: list[AccountRecord]
    posts: list[PostRecord]
    truth: Truth


def generate(config: SyntheticConfig | None = None) -> Network:
    """The network of ``config`` (the same config always gives the same network)."""
    config = config or SyntheticConfig()
    rng = np.random.default_rng(config.seed)
    world = people.World(rng, config.days, START)
    people.add_people(world, config.count(config.humans, 20))
    campaigns.add_bots(world, config.count(config.undeclared_bots, 6), declared=False)
    campaigns.add_bots(world, config.count(config.declared_bots, 3), declared=True)
    campaigns.add_farms(world, config.count(config.farms, 1))
    campaigns.add_news(world, config.news_per_day)
    campaigns.add_campaigns(world)
    campaigns.resolve_reblogs(world)
    return _finish(world)


def _finish(world: people.World) -> Network:
    """Number posts in time order (ids are time-ordered, as on the platform), build records."""
    b = world.posts
    order = np.lexsort((np.arange(len(b.time)), np.asarray(b.time)))
    new_id = np.empty(len(order), dtype=np.int64)
    new_id[order] = np.arange(1, len(order) + 1)
    posts = []
    for k in order.tolist():
        target = b.target[k]
        posts.append(
            PostRecord(
                status_id=int(new_id[k]),
                account_id=b.account[k],
                created_at=round(b.time[k], 3),
                text=b.text[k],
                application=b.app[k],
                reblog_of_id=int(new_id[target]) if target >= 0 else None,
            )
        )
    truth = world.truth
    truth.duplicate_posts = {int(new_id[k]) for k in world.duplicate_rows}
    truth.ring_reblogs = {int(new_id[k]) for k in world.ring_rows}
    for campaign in truth.campaigns:
        campaign.status_ids = sorted(int(new_id[k]) for k in campaign.rows)
    accounts = [
        AccountRecord(a, a in truth.declared, world.created[a]) for a in sorted(world.created)
    ]
    return Network(accounts, posts, truth)
