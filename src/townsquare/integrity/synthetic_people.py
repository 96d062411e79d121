"""The people and bots of the synthetic network (synthetic.py), with their posting habits."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from townsquare.integrity import synthetic_text as texts

HOUR, DAY, MINUTE = 3600.0, 86400.0, 60.0
MOBILE_APPS = ("Mastodon for iOS", "Mastodon for Android", "Tusky", "Ivory", "Ice Cubes", "Elk")
OTHER_APPS = ("Toothpick", "Fedistar", "Sengi", "Mastoblaster", "Woolly", None)
AUTOMATION_APPS = ("NewsBot", "rss2toot", "autoposter", "Zapier", "cron-toot", "feed2toot")
CUSTOM_APPS = ("hermes", "pipeline", "mercury", "my-app", "toot-client", "relay")


@dataclass(frozen=True)
class Habit:
    """How one kind of person posts: sessions per day (log-uniform range), posts per
    session, waking hours, local hour of waking, share of days off, share of reblogs."""

    share: float
    sessions: tuple[float, float]
    per_session: float
    awake: tuple[float, float]
    wake: tuple[float, float]
    day_off: float
    reblogs: float


HABITS = {
    "casual": Habit(0.60, (0.3, 3.0), 1.5, (15, 17), (6, 9), 0.25, 0.25),
    "prolific": Habit(0.10, (8.0, 20.0), 3.5, (16, 18), (6, 9), 0.03, 0.35),
    "night-owl": Habit(0.18, (1.0, 8.0), 2.0, (15, 18), (12, 16), 0.15, 0.25),
    "always-on": Habit(0.12, (4.0, 14.0), 2.5, (19, 20.5), (5, 10), 0.05, 0.30),
}


class Posts:
    """Posts as parallel lists while the network grows (target -1: an original post)."""

    def __init__(self) -> None:
        self.account: list[int] = []
        self.time: list[float] = []
        self.text: list[str] = []
        self.app: list[str | None] = []
        self.target: list[int] = []

    def add(self, account: int, time: float, text: str, app: str | None, target: int = -1):
        """Append one post; returns its row."""
        self.account.append(account)
        self.time.append(float(time))
        self.text.append(text)
        self.app.append(app)
        self.target.append(target)
        return len(self.time) - 1


@dataclass
class TrueCampaign:
    """One campaign the generator ran: its kind, paraphrase level, size and pace."""

    kind: str  # "near-duplicate" | "synchronised-reblogs"
    level: str  # paraphrase level; "reblogs" for a ring
    size: int  # accounts asked to take part
    minutes: float  # how long the posts take (a ring: spread of reblogs after each post)
    rows: list[int]  # rows while generating
    status_ids: list[int] = field(default_factory=list)  # once numbered


@dataclass
class Truth:
    """What the generator knows: roles of accounts and which posts belong to campaigns."""

    roles: dict[int, str] = field(default_factory=dict)  # account id -> role
    automated: set[int] = field(default_factory=set)  # undeclared bots: should be flagged
    declared: set[int] = field(default_factory=set)  # declared bots: never flagged
    organic: set[int] = field(default_factory=set)  # people
    campaign_accounts: set[int] = field(default_factory=set)  # took part in a campaign
    duplicate_posts: set[int] = field(default_factory=set)  # near-duplicate campaign posts
    ring_reblogs: set[int] = field(default_factory=set)  # reblog rows of ring campaigns
    campaigns: list[TrueCampaign] = field(default_factory=list)


@dataclass
class World:
    """Everything generated so far, shared by the steps of ``synthetic.generate``."""

    rng: np.random.Generator
    days: int
    start: float
    vocab: texts.Vocabulary = field(init=False)
    posts: Posts = field(default_factory=Posts)
    created: dict[int, float] = field(default_factory=dict)
    apps: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)
    popularity: dict[int, float] = field(default_factory=dict)
    activity: dict[int, float] = field(default_factory=dict)  # people: sessions per day
    pending: list[tuple[int, float]] = field(default_factory=list)  # reblogs to resolve
    farms: list[list[int]] = field(default_factory=list)
    duplicate_rows: list[int] = field(default_factory=list)
    ring_rows: list[int] = field(default_factory=list)
    truth: Truth = field(default_factory=lambda: Truth())

    def __post_init__(self) -> None:
        self.vocab = texts.Vocabulary(self.rng)
        self.stock = [self.vocab.sentence(self.rng, 7, 12) for _ in range(30)]

    @property
    def end(self) -> float:
        return self.start + self.days * DAY

    def new_account(self, role: str, apps: tuple[str | None, str | None], age_days: float):
        """A new account id with its role, apps and creation time."""
        account = len(self.created) + 1
        self.created[account] = round(self.start - age_days * DAY, 3)
        self.apps[account] = apps
        self.truth.roles[account] = role
        return account

    def app_for(self, account: int) -> str | None:
        """The app of one post: the account's usual one, now and then its other one."""
        first, second = self.apps[account]
        return second if self.rng.random() < 0.2 else first


def _uniform(rng: np.random.Generator, bounds: tuple[float, float]) -> float:
    return float(rng.uniform(*bounds))


def _log_uniform(rng: np.random.Generator, bounds: tuple[float, float]) -> float:
    return float(np.exp(rng.uniform(np.log(bounds[0]), np.log(bounds[1]))))


def activity_times(world: World, habit: Habit, tz: float, rate: float) -> np.ndarray:
    """Moments a person acts: sessions in waking hours, a burst of actions per session."""
    rng = world.rng
    days = np.flatnonzero(rng.random(world.days) >= habit.day_off)
    wake = world.start + days * DAY + (_uniform(rng, habit.wake) - tz) * HOUR
    wake = wake + rng.normal(0, 0.75 * HOUR, len(days))
    awake = _uniform(rng, habit.awake) * HOUR + rng.normal(0, 0.5 * HOUR, len(days))
    count = rng.poisson(rate, len(days))
    starts = np.repeat(wake, count) + rng.random(count.sum()) * np.repeat(awake, count)
    per = rng.geometric(1 / habit.per_session, len(starts))
    times = np.repeat(starts, per)
    gaps = rng.exponential(_uniform(rng, (1, 6)) * MINUTE, len(times))
    firsts = np.cumsum(per) - per
    gaps[firsts] = 0
    # Offsets restart at each session: subtract the running total at its first action.
    offsets = np.cumsum(gaps) - np.repeat(np.cumsum(gaps)[firsts], per)
    return np.sort(times + offsets)


def _person_apps(rng: np.random.Generator) -> tuple[str | None, str | None]:
    mobile = str(rng.choice(MOBILE_APPS))
    roll = rng.random()
    if roll < 0.5:
        return "Web", mobile
    if roll < 0.85:
        return mobile, "Web"
    return OTHER_APPS[int(rng.integers(len(OTHER_APPS)))], "Web"


def add_person(world: World, role: str, habit: Habit, rate_scale: float = 1.0) -> int:
    """One person: their posts now, their reblogs as pending actions."""
    rng = world.rng
    account = world.new_account(role, _person_apps(rng), rng.uniform(30, 1500))
    rate = _log_uniform(rng, habit.sessions) * rate_scale
    world.activity[account] = rate
    world.popularity[account] = 1.0 / (1 + rng.pareto(1.2))
    tz = float(rng.integers(-8, 10))
    times = activity_times(world, habit, tz, rate)
    if role == "always-on":
        nights = world.start + np.arange(world.days) * DAY + (3 - tz) * HOUR
        awake_nights = nights[rng.random(world.days) < 0.2]
        times = np.sort(
            np.concatenate([times, awake_nights + rng.random(len(awake_nights)) * HOUR])
        )
    pet = world.vocab.sentence(rng, 3, 8)
    crossposts = rng.random() < 0.1 and role == "prolific"
    for t in times.tolist():
        if rng.random() < habit.reblogs:
            world.pending.append((account, t))
            continue
        roll = rng.random()
        text = pet if roll < 0.04 else world.stock[int(rng.integers(30))] if roll < 0.06 else ""
        text = text or world.vocab.sentence(rng)
        if rng.random() < 0.1:
            text += " " + world.vocab.link(rng)
        app = "crossposter" if crossposts and rng.random() < 0.15 else world.app_for(account)
        world.posts.add(account, t, text, app)
    return account


def add_people(world: World, count: int) -> None:
    """``count`` people, split between the habits by their shares."""
    roles = list(HABITS)
    shares = np.array([HABITS[r].share for r in roles])
    for pick in world.rng.choice(len(roles), size=count, p=shares / shares.sum()).tolist():
        account = add_person(world, roles[pick], HABITS[roles[pick]])
        world.truth.organic.add(account)
