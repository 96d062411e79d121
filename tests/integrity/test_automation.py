"""The automation score on hand-made accounts: who is flagged, at and around thresholds."""

from __future__ import annotations

import json
import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.integrity.support import DAY, HOUR, MINUTE, T0, Ids, post, posts_at, sentence
from townsquare.integrity.detect import AccountRecord, AutomationParams, score_automation
from townsquare.integrity.detect.behaviour import client_values

PARAMS = AutomationParams()
FEATURES = {
    "posts",
    "interval_dispersion",
    "quiet_hours",
    "hours_per_day",
    "posts_per_day",
    "repeat_share",
    "client_automation",
    *(f"signal_{name}" for name in PARAMS.weights()),
}


def cron_bot(ids: Ids, account: int, count: int = 7 * 24, app: str = "cron-toot"):
    """Hourly posts at 20 past (+-30 s) from a template that fills in numbers."""
    rng = random.Random(account)
    times = [T0 + k * HOUR + 20 * MINUTE + rng.uniform(-30, 30) for k in range(count)]
    texts = [f"It is {rng.randint(0, 30)} degrees in Paris at {k % 24}:00" for k in range(count)]
    return posts_at(ids, account, times, texts, app)


def person(ids: Ids, account: int, *, wake: float, sessions: int, per_session: int, days=14):
    """Sessions at random moments of 16 waking hours from ``wake`` (UTC hour), bursts of
    posts a few minutes apart, every text different."""
    rng = random.Random(account)
    posts = []
    for day in range(days):
        for _ in range(sessions):
            at = T0 + day * DAY + (wake + rng.uniform(0, 16)) * HOUR
            for _ in range(rng.randint(1, 2 * per_session - 1)):
                posts.append(post(ids, account, at, sentence(rng.randint(0, 10**9)), "Tusky"))
                at += rng.uniform(0.5, 6) * MINUTE
    return posts


def score_one(posts, *, bot: bool = False, params: AutomationParams = PARAMS):
    account = posts[0].account_id
    [finding] = score_automation([AccountRecord(account, bot, T0 - DAY)], posts, params)
    return finding


def test_a_cron_bot_is_flagged_with_its_evidence():
    finding = score_one(cron_bot(Ids(), 1))
    assert finding.flagged
    assert finding.score >= 0.9
    assert finding.threshold == PARAMS.threshold
    assert set(finding.features) == FEATURES
    assert finding.features["posts"] == 168
    assert finding.features["signal_regularity"] == 1.0
    assert finding.features["quiet_hours"] == 0.0
    assert finding.features["repeat_share"] == 1.0
    assert finding.features["client_automation"] == 1.0
    json.dumps(finding.features)


def test_a_declared_bot_is_scored_but_not_flagged():
    finding = score_one(cron_bot(Ids(), 1), bot=True)
    assert finding.score >= 0.9
    assert not finding.flagged


def test_a_prolific_human_is_not_flagged():
    """Even with gaps inside sessions as even as 0.5-6 minutes (which looks half regular:
    most gaps are within sessions), 60 posts a day and 16 waking hours stay well below."""
    posts = person(Ids(), 2, wake=7, sessions=15, per_session=4)
    finding = score_one(posts)
    assert finding.features["posts_per_day"] > 50
    assert finding.features["quiet_hours"] >= 5
    assert finding.features["signal_hours"] < 0.2
    assert finding.score < 0.25
    assert not finding.flagged


def test_a_night_owl_is_not_flagged():
    posts = person(Ids(), 3, wake=14, sessions=5, per_session=2)  # awake 14:00 to 06:00 UTC
    hours = {int((p.created_at // HOUR) % 24) for p in posts}
    assert {0, 2, 4} <= hours
    finding = score_one(posts)
    assert finding.features["quiet_hours"] >= 5
    assert finding.score < 0.1
    assert not finding.flagged


def test_too_few_posts_are_never_flagged():
    posts = cron_bot(Ids(), 1, count=PARAMS.min_posts)
    assert score_one(posts).flagged
    fewer = score_one(posts[:-1])
    assert fewer.score >= PARAMS.threshold
    assert not fewer.flagged


def test_flagged_exactly_at_the_threshold():
    posts = cron_bot(Ids(), 1, app="Web")
    score = score_one(posts).score
    assert score_one(posts, params=replace(PARAMS, threshold=score)).flagged
    assert not score_one(posts, params=replace(PARAMS, threshold=score + 1e-6)).flagged


def regularity(gaps: list[float]) -> dict[str, float]:
    times = [T0 + sum(gaps[:k]) for k in range(len(gaps) + 1)]
    texts = [sentence(k) for k in range(len(times))]
    return score_one(posts_at(Ids(), 5, times, texts)).features


def test_regularity_signal_at_and_around_its_bounds():
    """11 gaps: 4 of 100 s, 3 of 200 s, 4 of x s -> quartiles 100 and x, median 200,
    dispersion (x - 100) / 200."""
    at_regular = regularity([100] * 4 + [200] * 3 + [200] * 4)
    assert at_regular["interval_dispersion"] == PARAMS.regular_dispersion
    assert at_regular["signal_regularity"] == 1.0
    halfway = regularity([100] * 4 + [200] * 3 + [350] * 4)
    assert halfway["signal_regularity"] == 0.5
    at_human = regularity([100] * 4 + [200] * 3 + [500] * 4)
    assert at_human["interval_dispersion"] == PARAMS.human_dispersion
    assert at_human["signal_regularity"] == 0.0


def test_too_few_gaps_say_nothing_about_regularity():
    few = regularity([600.0] * (PARAMS.min_gaps - 1))
    assert few["signal_regularity"] == 0.0
    assert regularity([600.0] * PARAMS.min_gaps)["signal_regularity"] == 1.0


def test_clients_are_classified():
    apps = ["Tusky", "Web", "NewsBot", "rss2toot", "Buffer", "hermes", None, "Rapid Reader"]
    assert client_values(apps, PARAMS).tolist() == [0.0, 0.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5]


def test_accounts_without_posts_score_zero():
    [finding] = score_automation([AccountRecord(9, False, T0)], [], PARAMS)
    assert finding.score == 0.0
    assert not finding.flagged


def test_weights_are_published_and_sum_to_one():
    assert abs(sum(PARAMS.weights().values()) - 1.0) < 1e-9
    published = json.loads(json.dumps(PARAMS.as_json()))
    assert published["threshold"] == PARAMS.threshold
    assert "tusky" in published["interactive_clients"]


MIXED = [
    *cron_bot(Ids(), 1, count=48),
    *person(Ids(5000), 2, wake=7, sessions=6, per_session=2, days=3),
    *person(Ids(9000), 3, wake=14, sessions=4, per_session=2, days=3),
]
ACCOUNTS = [AccountRecord(a, a == 3, T0) for a in (1, 2, 3)]


@settings(max_examples=15, deadline=None)
@given(st.permutations(MIXED), st.permutations(ACCOUNTS))
def test_same_findings_in_any_order(posts, accounts):
    assert score_automation(accounts, posts, PARAMS) == score_automation(ACCOUNTS, MIXED, PARAMS)
