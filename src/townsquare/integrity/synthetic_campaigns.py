"""Bots, news, troll farms, campaigns and the resolution of reblogs in the synthetic
network (synthetic.py)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from townsquare.integrity import synthetic_text as texts
from townsquare.integrity.synthetic_people import (
    AUTOMATION_APPS,
    CUSTOM_APPS,
    DAY,
    HABITS,
    HOUR,
    MINUTE,
    TrueCampaign,
    World,
    add_person,
)

BOT_KINDS = ("scheduler", "spammer", "reposter")


def _bot_apps(world: World) -> tuple[str | None, str | None]:
    """Automation-named, custom, pretending to be the web app, or unknown."""
    rng = world.rng
    roll = rng.random()
    if roll < 0.35:
        app: str | None = AUTOMATION_APPS[int(rng.integers(len(AUTOMATION_APPS)))]
    elif roll < 0.7:
        app = CUSTOM_APPS[int(rng.integers(len(CUSTOM_APPS)))]
    else:
        app = "Web" if roll < 0.85 else None
    return app, app


def _bot_schedule(world: World, kind: str) -> np.ndarray:
    """Posting moments: a period with jitter, or random (Poisson) gaps; some bots keep
    office hours or pause at night like a person would sleep."""
    rng = world.rng
    span = world.days * DAY
    if kind == "spammer" or (kind == "reposter" and rng.random() < 0.4):
        rate = float(np.exp(rng.uniform(np.log(1), np.log(12)))) / HOUR
        times = world.start + np.sort(rng.random(rng.poisson(rate * span)) * span)
    else:
        period = float(np.exp(rng.uniform(np.log(10), np.log(240)))) * MINUTE
        jitter = rng.uniform(0.005, 0.15) * period
        ticks = world.start + rng.random() * period + np.arange(int(span / period)) * period
        times = np.sort(ticks + rng.normal(0, jitter, len(ticks)))
        times = times[rng.random(len(times)) >= 0.03]
    local = ((times - world.start) / HOUR + rng.integers(-8, 10)) % 24
    mode = rng.random()
    if mode < 0.25:  # office hours
        times = times[(local >= 8) & (local < 20)]
    elif mode < 0.5:  # pauses at night
        times = times[(local >= 7) | (local < float(rng.uniform(0, 1)))]
    return times


def add_bot(world: World, kind: str, declared: bool) -> int:
    """One bot of ``kind``; reposters' reblogs become pending actions."""
    rng = world.rng
    role = f"{'declared' if declared else 'undeclared'}-{kind}"
    account = world.new_account(role, _bot_apps(world), rng.uniform(10, 700))
    world.popularity[account] = 0.3 / (1 + rng.pareto(1.2))
    template = texts.bot_template(world.vocab, rng)
    feed = kind == "scheduler" and rng.random() < 0.15  # a news feed: every text differs
    for t in _bot_schedule(world, kind).tolist():
        if kind == "reposter":
            world.pending.append((account, t))
            continue
        if kind == "spammer":
            text = texts.spam_text(world.vocab, rng, template)
        elif feed:
            text = world.vocab.sentence(rng, 8, 20) + " " + world.vocab.link(rng)
        else:
            text = texts.fill_template(template, rng)
        world.posts.add(account, t, text, world.apps[account][0])
    return account


def add_bots(world: World, count: int, *, declared: bool) -> None:
    """``count`` bots: 45 % schedulers, 25 % spammers, 30 % reposters."""
    for pick in world.rng.choice(3, size=count, p=[0.45, 0.25, 0.3]).tolist():
        account = add_bot(world, BOT_KINDS[pick], declared)
        (world.truth.declared if declared else world.truth.automated).add(account)


def add_farms(world: World, count: int) -> None:
    """Troll farms: 20-120 accounts each, with casual filler posts of their own."""
    for _ in range(count):
        size = int(world.rng.integers(20, 121))
        members = [add_person(world, "farm", HABITS["casual"], 0.5) for _ in range(size)]
        world.farms.append(members)


def add_news(world: World, per_day: int) -> None:
    """Headlines shared by 3-150 people over the following hours (breaking news faster)."""
    rng = world.rng
    people = sorted(world.truth.organic)
    weights = np.array([world.activity[p] for p in people])
    weights = weights / weights.sum()
    for _ in range(per_day * world.days):
        at = world.start + rng.random() * world.days * DAY
        headline = world.vocab.sentence(rng, 10, 18) + " " + world.vocab.link(rng)
        sharers = int(np.clip(round(rng.lognormal(np.log(6), 1.0)), 3, 150))
        median, sigma = (25.0, 0.9) if rng.random() < 0.25 else (90.0, 1.0)
        delays = rng.lognormal(np.log(median * MINUTE), sigma, sharers)
        for person, delay in zip(
            rng.choice(people, size=sharers, replace=False, p=weights).tolist(),
            delays.tolist(),
            strict=True,
        ):
            roll = rng.random()
            if roll < 0.4:
                text = headline
            elif roll < 0.75:
                text = world.vocab.sentence(rng, 2, 8) + " " + headline
            else:
                text = world.vocab.sentence(rng) + " " + headline.split()[-1]
            if at + delay < world.end:
                world.posts.add(person, at + delay, text, world.app_for(person))


def _duplicate_campaign(world: World, farm: list[int]) -> None:
    """5-~100 farm accounts post one message (paraphrased) within minutes."""
    rng = world.rng
    size = min(len(farm), round(float(np.exp(rng.uniform(np.log(5), np.log(100))))))
    level = texts.PARAPHRASE_LEVELS[int(rng.choice(4, p=[0.3, 0.3, 0.3, 0.1]))]
    minutes = rng.uniform(1, 14) if rng.random() < 0.85 else rng.uniform(15, 45)
    at = world.start + rng.random() * (world.days * DAY - HOUR)
    message = world.vocab.sentence(rng, 12, 30)
    if rng.random() < 0.5:
        message += " " + world.vocab.link(rng)
    members = rng.choice(farm, size=size, replace=False).tolist()
    rows = []
    for member, offset in zip(members, np.sort(rng.random(size)).tolist(), strict=True):
        text = world.vocab.paraphrase(rng, message, level)
        row = world.posts.add(member, at + offset * minutes * MINUTE, text, world.app_for(member))
        rows.append(row)
        world.truth.campaign_accounts.add(member)
    world.duplicate_rows.extend(rows)
    world.truth.campaigns.append(TrueCampaign("near-duplicate", level, size, minutes, rows))


def _ring(world: World, farm: list[int]) -> None:
    """4-40 farm accounts reblog many of their leader's posts within minutes of it."""
    rng = world.rng
    leader, *rest = farm
    size = int(rng.integers(4, min(40, len(rest)) + 1))
    members = rng.choice(rest, size=size, replace=False).tolist()
    own = [k for k, a in enumerate(world.posts.account) if a == leader]
    chosen = rng.choice(own, size=min(len(own), int(rng.integers(5, 41))), replace=False)
    spread = rng.uniform(2, 8) if rng.random() < 0.8 else rng.uniform(8, 20)
    rows = []
    for row in sorted(chosen.tolist()):
        start = world.posts.time[row] + rng.uniform(0, 10) * MINUTE
        for member in members:
            if rng.random() < rng.uniform(0.6, 0.95):
                at = start + rng.random() * spread * MINUTE
                new = world.posts.add(member, at, "", world.app_for(member), target=row)
                rows.append(new)
                world.truth.campaign_accounts.add(member)
    world.ring_rows.extend(rows)
    world.truth.campaigns.append(
        TrueCampaign("synchronised-reblogs", "reblogs", size, spread, rows)
    )


def add_campaigns(world: World) -> None:
    """Per farm: about one near-duplicate campaign a day, and a reblog ring in 70 % of them."""
    for farm in world.farms:
        for _ in range(world.rng.poisson(world.days)):
            _duplicate_campaign(world, farm)
        if world.rng.random() < 0.7:
            _ring(world, farm)


def _originals_by_author(world: World) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Per account: its original posts' times (sorted) and rows."""
    rows: dict[int, list[int]] = defaultdict(list)
    pairs = zip(world.posts.account, world.posts.target, strict=True)
    for k, (account, target) in enumerate(pairs):
        if target < 0:
            rows[account].append(k)
    out = {}
    for account, mine in rows.items():
        times = np.array([world.posts.time[k] for k in mine])
        order = np.argsort(times, kind="stable")
        out[account] = (times[order], np.array(mine)[order])
    return out


def _add_fans(world: World, by_author, done: set[tuple[int, int]]) -> None:
    """Fans: 2-5 people who reblog most posts of one popular account within the hour."""
    rng = world.rng
    people = sorted(world.truth.organic)
    popular = sorted(people, key=lambda p: -world.popularity[p])[: max(3, len(people) // 50)]
    for author in popular[: max(2, len(popular) // 2)]:
        times, rows = by_author.get(author, (np.empty(0), np.empty(0, dtype=int)))
        for fan in rng.choice(people, size=int(rng.integers(2, 6)), replace=False).tolist():
            for t, row in zip(times.tolist(), rows.tolist(), strict=True):
                if fan != author and rng.random() < 0.7 and (fan, row) not in done:
                    delay = rng.lognormal(np.log(20 * MINUTE), 1.0)
                    world.posts.add(fan, t + delay, "", world.app_for(fan), target=row)
                    done.add((fan, row))


def _reblog_target(world: World, account: int, at: float, by_author, authors, pick) -> int:
    """A popular account's recent post for ``account`` to reblog at ``at``; -1 if none."""
    times, rows = by_author[authors[pick]]
    k = int(np.searchsorted(times, at)) - int(world.rng.geometric(0.6))
    if k < 0 or at - times[k] > 1.5 * DAY or authors[pick] == account:
        return -1
    return int(rows[k])


def resolve_reblogs(world: World) -> None:
    """Pending reblogs: a popular account's recent post (the latest, or one before it);
    up to five draws, so that a repost bot's every tick finds something to reblog."""
    rng = world.rng
    by_author = _originals_by_author(world)
    authors = sorted(a for a in by_author if a in world.popularity)
    weights = np.array([world.popularity[a] for a in authors]) ** 2
    picks = rng.choice(len(authors), size=(len(world.pending), 5), p=weights / weights.sum())
    done: set[tuple[int, int]] = set()
    for (account, at), tries in zip(world.pending, picks.tolist(), strict=True):
        for pick in tries:
            row = _reblog_target(world, account, at, by_author, authors, pick)
            if row >= 0 and (account, row) not in done:
                done.add((account, row))
                world.posts.add(account, at, "", world.app_for(account), target=row)
                break
    _add_fans(world, by_author, done)
