"""The synthetic network: seeded, consistent with its truth, and hard enough to mean
something; the detectors meet their targets on a small one."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from itertools import pairwise

from townsquare.integrity.detect import (
    AutomationParams,
    CoordinationParams,
    find_campaigns,
    score_automation,
)
from townsquare.integrity.evaluation import evaluate
from townsquare.integrity.synthetic import Network, SyntheticConfig, generate
from townsquare.integrity.synthetic_text import PARAPHRASE_LEVELS

SMALL = SyntheticConfig(scale=0.15, days=10)


@lru_cache(maxsize=2)
def network(seed: int = 7) -> Network:
    return generate(SyntheticConfig(seed=seed, scale=SMALL.scale, days=SMALL.days))


def test_the_same_seed_gives_the_same_network():
    again = generate(SyntheticConfig(seed=7, scale=SMALL.scale, days=SMALL.days))
    assert again.posts == network().posts
    assert again.accounts == network().accounts
    assert network(8).posts != network().posts


def test_posts_are_time_ordered_and_reblogs_point_backwards():
    posts = network().posts
    assert [p.status_id for p in posts] == list(range(1, len(posts) + 1))
    assert all(a.created_at <= b.created_at for a, b in pairwise(posts))
    by_id = {p.status_id: p for p in posts}
    reblogs = [p for p in posts if p.reblog_of_id is not None]
    assert len(reblogs) > len(posts) / 10
    for p in reblogs:
        target = by_id[p.reblog_of_id]
        assert p.text == ""
        assert target.reblog_of_id is None
        assert target.created_at < p.created_at


def test_the_truth_matches_the_records():
    net = network()
    truth = net.truth
    ids = {a.account_id for a in net.accounts}
    assert truth.automated | truth.declared | truth.organic <= ids
    assert not truth.automated & truth.declared
    assert not (truth.automated | truth.declared) & truth.organic
    assert {a.account_id for a in net.accounts if a.bot} == truth.declared
    assert truth.campaign_accounts.isdisjoint(truth.organic)
    by_id = {p.status_id: p for p in net.posts}
    assert all(by_id[s].reblog_of_id is None for s in truth.duplicate_posts)
    assert all(by_id[s].reblog_of_id is not None for s in truth.ring_reblogs)
    members = {by_id[s].account_id for s in truth.duplicate_posts | truth.ring_reblogs}
    assert members == truth.campaign_accounts


def test_every_kind_of_account_and_campaign_is_there():
    truth = network().truth
    roles = Counter(truth.roles.values())
    for role in ("casual", "prolific", "night-owl", "always-on", "farm"):
        assert roles[role] > 0, role
    for kind in ("scheduler", "spammer", "reposter"):
        assert roles[f"undeclared-{kind}"] + roles[f"declared-{kind}"] > 0, kind
    levels = {c.level for seed in (7, 8) for c in network(seed).truth.campaigns}
    assert set(PARAPHRASE_LEVELS) | {"reblogs"} == levels


def test_bots_do_not_all_give_themselves_away():
    """Some undeclared bots claim the web app, or keep office hours, or pause at night."""
    net = network()
    apps = Counter(p.application for p in net.posts if p.account_id in net.truth.automated)
    assert apps["Web"] > 0
    assert any(app not in {"Web", None} for app in apps)


def test_organic_people_share_the_same_headlines():
    """Near-duplicates among people exist: texts posted verbatim by several organic people."""
    net = network()
    authors: dict[str, set[int]] = {}
    for p in net.posts:
        if p.account_id in net.truth.organic and p.text:
            authors.setdefault(p.text, set()).add(p.account_id)
    assert max(len(a) for a in authors.values()) >= 10


def test_detectors_meet_their_targets_on_a_small_network():
    net = network()
    findings = score_automation(net.accounts, net.posts, AutomationParams())
    campaigns = find_campaigns(net.posts, CoordinationParams())
    result = evaluate(net.truth, findings, campaigns)
    assert result.automation.f1 >= 0.8
    assert result.coordination_accounts.f1 >= 0.9
    assert result.automation_organic_fp < 0.01
    assert result.coordination_organic_fp < 0.01
