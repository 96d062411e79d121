"""The campaign detectors on hand-made posts: at and around K, T, the similarity
threshold, the burst share and the reblog-ring thresholds; organic virality; determinism."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import numpy as np
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.integrity.support import HOUR, MINUTE, T0, WORDS, Ids, post, sentence
from townsquare.integrity.detect import CoordinationParams, find_campaigns, sketch
from townsquare.integrity.detect.coordination import (
    NEAR_DUPLICATE,
    SYNCHRONISED_REBLOGS,
    campaign_key,
)

PARAMS = CoordinationParams()
K, T = PARAMS.min_accounts, PARAMS.window_minutes
MESSAGE = sentence(1, 20)


def burst(ids: Ids, accounts: int, minutes_apart: float, texts=None, start=T0, first=100):
    """``accounts`` accounts post (``texts`` or the message) ``minutes_apart`` apart."""
    texts = texts or [MESSAGE] * accounts
    return [
        post(ids, first + k, start + k * minutes_apart * MINUTE, texts[k]) for k in range(accounts)
    ]


def swap(text: str, positions: list[int], seed: int) -> str:
    """``text`` with the words at ``positions`` replaced by words it does not contain."""
    words = text.split()
    spare = [w for w in WORDS if w not in words]
    random.Random(seed).shuffle(spare)
    for k, position in enumerate(positions):
        words[position] = spare[k]
    return " ".join(words)


def test_k_accounts_within_t_minutes_are_a_campaign_with_evidence():
    posts = burst(Ids(), K, 2)
    [campaign] = find_campaigns(posts, PARAMS)
    assert campaign.kind == NEAR_DUPLICATE
    assert campaign.account_ids == tuple(range(100, 100 + K))
    assert campaign.status_ids == tuple(p.status_id for p in posts)
    assert (campaign.started_at, campaign.ended_at) == (T0, T0 + (K - 1) * 2 * MINUTE)
    assert campaign.key == campaign_key(NEAR_DUPLICATE, campaign.status_ids)
    evidence = json.loads(json.dumps(campaign.evidence))
    assert evidence["min_accounts"] == K
    assert evidence["window_minutes"] == T
    assert evidence["similarity_threshold"] == PARAMS.similarity_threshold
    assert evidence["similarity_to_first"] == {"min": 1.0, "median": 1.0, "max": 1.0}
    assert evidence["burst_share"] == 1.0
    assert evidence["sample_text"] == MESSAGE
    assert evidence["first_status_id"] == posts[0].status_id
    bands, rows = evidence["lsh_bands"], evidence["lsh_rows"]
    assert bands * rows <= PARAMS.num_perm


def test_k_minus_one_accounts_are_not_a_campaign():
    assert find_campaigns(burst(Ids(), K - 1, 2), PARAMS) == []


def test_one_account_repeating_itself_is_not_a_campaign():
    posts = [post(Ids(), 7, T0 + k * MINUTE, MESSAGE) for k in range(2 * K)]
    assert find_campaigns(posts, PARAMS) == []


def test_posts_spread_beyond_t_minutes_are_not_a_campaign():
    inside = T / (K - 1)
    assert len(find_campaigns(burst(Ids(), K, inside), PARAMS)) == 1  # last one at exactly T
    assert find_campaigns(burst(Ids(), K, inside + 0.05), PARAMS) == []


def test_light_paraphrase_above_the_threshold_is_a_campaign():
    """One word changed in 20: 17 of 21 word pairs shared, Jaccard ~0.8."""
    texts = [swap(MESSAGE, [3 + 3 * k], seed=k) for k in range(K)]
    [campaign] = find_campaigns(burst(Ids(), K, 1, texts), PARAMS)
    assert campaign.evidence["similarity_to_first"]["min"] >= PARAMS.similarity_threshold


def test_paraphrase_below_the_threshold_is_not_a_campaign():
    """Every third word changed: almost no word pair survives."""
    texts = [swap(MESSAGE, list(range(k % 3, 20, 3)), seed=k) for k in range(K)]
    assert find_campaigns(burst(Ids(), K, 1, texts), PARAMS) == []


def test_short_posts_are_never_compared():
    short = " ".join(MESSAGE.split()[: PARAMS.min_tokens - 1])
    assert find_campaigns(burst(Ids(), 3 * K, 1, [short] * 3 * K), PARAMS) == []
    enough = " ".join(MESSAGE.split()[: PARAMS.min_tokens])
    assert len(find_campaigns(burst(Ids(), K, 1, [enough] * K), PARAMS)) == 1


def test_a_burst_must_hold_its_share_of_the_surrounding_posts():
    """K posts in the window and others of the same text within the context hours: 5 of 7
    is 0.71 (a campaign), 5 of 8 is 0.625 (the crest of an organic wave)."""
    ids = Ids()
    core = burst(ids, K, 1, start=T0 + 2 * HOUR)
    around = [post(ids, 300 + k, T0 + k * 40 * MINUTE, MESSAGE) for k in range(3)]
    assert len(find_campaigns(core + around[:2], PARAMS)) == 1
    assert find_campaigns(core + around, PARAMS) == []
    far = [post(ids, 400 + k, T0 + 6 * HOUR + k * HOUR, MESSAGE) for k in range(5)]
    assert len(find_campaigns(core + around[:2] + far, PARAMS)) == 1  # beyond the context


def test_a_headline_shared_by_many_over_hours_is_not_a_campaign():
    """60 people share one headline verbatim, delays log-normal (median 40 minutes)."""
    rng = np.random.default_rng(3)
    delays = np.sort(rng.lognormal(np.log(40 * MINUTE), 1.0, 60))
    ids = Ids()
    posts = [post(ids, 500 + k, T0 + d, MESSAGE) for k, d in enumerate(delays.tolist())]
    window = T * MINUTE
    busiest = max(int(np.sum((delays >= d) & (delays <= d + window))) for d in delays)
    assert busiest >= K  # K people within T minutes happen organically ...
    assert find_campaigns(posts, PARAMS) == []  # ... but the burst does not stand out


def test_the_same_headline_quoted_at_different_times_is_not_a_campaign():
    ids = Ids()
    posts = [post(ids, 600 + k, T0 + k * HOUR, MESSAGE) for k in range(12)]
    assert find_campaigns(posts, PARAMS) == []


def test_a_later_member_keeps_the_campaign_key():
    ids = Ids()
    posts = burst(ids, K, 1)
    [first] = find_campaigns(posts, PARAMS)
    [again] = find_campaigns([*posts, post(ids, 999, T0 + 6 * MINUTE, MESSAGE)], PARAMS)
    assert again.key == first.key
    assert 999 in again.account_ids


def ring(ids: Ids, members: int, targets: int, minutes_apart: float, first_account=200):
    """Each target posted by an author, then reblogged by ``members`` accounts, one every
    ``minutes_apart`` minutes."""
    posts = []
    for t in range(targets):
        original = post(ids, 1, T0 + t * 3 * HOUR, sentence(50 + t))
        posts.append(original)
        for m in range(members):
            at = original.created_at + (1 + m * minutes_apart) * MINUTE
            posts.append(post(ids, first_account + m, at, reblog_of=original.status_id))
    return posts


def test_a_reblog_ring_is_a_campaign_with_evidence():
    posts = ring(Ids(), PARAMS.ring_min_accounts, PARAMS.min_shared_targets, 2)
    [campaign] = find_campaigns(posts, PARAMS)
    assert campaign.kind == SYNCHRONISED_REBLOGS
    assert campaign.account_ids == (200, 201, 202, 203)
    reblogs = [p for p in posts if p.reblog_of_id]
    assert campaign.status_ids == tuple(sorted(p.status_id for p in reblogs))
    evidence = json.loads(json.dumps(campaign.evidence))
    assert evidence["targets"] == PARAMS.min_shared_targets
    assert evidence["target_status_ids"] == [p.status_id for p in posts if not p.reblog_of_id]
    assert evidence["linked_pairs"] == 6
    assert evidence["median_pair_sync_share"] == 1.0
    assert evidence["median_target_spread_minutes"] == 6.0
    assert evidence["reblog_window_minutes"] == PARAMS.reblog_window_minutes


def test_reblog_ring_thresholds():
    m, size = PARAMS.min_shared_targets, PARAMS.ring_min_accounts
    assert find_campaigns(ring(Ids(), size - 1, m, 2), PARAMS) == []
    assert find_campaigns(ring(Ids(), size, m - 1, 2), PARAMS) == []
    w = PARAMS.reblog_window_minutes
    assert find_campaigns(ring(Ids(), size, m, w + 0.1), PARAMS) == []  # no pair in sync
    assert len(find_campaigns(ring(Ids(), size, m, w / (size - 1)), PARAMS)) == 1


def test_a_pair_in_sync_on_few_of_its_shared_posts_is_not_linked():
    """The ring is in sync on 3 posts but also reblogged 4 more hours apart: 3 / 7 < 0.5."""
    ids = Ids()
    posts = ring(ids, 4, 3, 1)
    for t in range(4):
        original = post(ids, 2, T0 + 20 * HOUR + t * 10 * HOUR, sentence(90 + t))
        posts.append(original)
        for m in range(4):
            at = original.created_at + (1 + m) * HOUR
            posts.append(post(ids, 200 + m, at, reblog_of=original.status_id))
    assert find_campaigns(posts, PARAMS) == []


def test_a_viral_post_reblogged_by_many_over_hours_is_not_a_campaign():
    rng = random.Random(4)
    ids = Ids()
    posts = []
    for t in range(5):  # five viral posts by one popular author
        original = post(ids, 1, T0 + t * 6 * HOUR, sentence(70 + t))
        posts.append(original)
        for fan in rng.sample(range(1000, 1300), 150):
            at = original.created_at + rng.expovariate(1 / (2 * HOUR))
            posts.append(post(ids, fan, at, reblog_of=original.status_id))
    assert find_campaigns(posts, PARAMS) == []


def test_signatures_and_bands_are_datasketchs():
    words = sketch.tokens("Breaking: the minister resigned https://news.example/a/b?utm=1")
    assert words == ["breaking", "the", "minister", "resigned", "news", "example_a_b"]
    shingles = sketch.shingle_hashes(words, PARAMS.shingle_words)
    ours = sketch.signatures([shingles], PARAMS.num_perm, PARAMS.seed)[0]
    theirs = MinHash(num_perm=PARAMS.num_perm, seed=PARAMS.seed, hashfunc=int)
    theirs.update_batch(shingles.tolist())
    assert ours.tolist() == theirs.hashvalues.tolist()
    lsh = MinHashLSH(
        threshold=PARAMS.similarity_threshold, num_perm=PARAMS.num_perm, weights=(0.2, 0.8)
    )
    assert sketch.bands(PARAMS.similarity_threshold, PARAMS.num_perm) == (lsh.b, lsh.r)


MIXED = [
    *burst(Ids(), K + 2, 1),
    *ring(Ids(5000), 5, 4, 1),
    *burst(Ids(9000), K, 1, [sentence(3, 20)] * K, start=T0 + 5 * HOUR, first=700),
    *[post(Ids(20000 + k), 800 + k, T0 + k * HOUR, MESSAGE) for k in range(3)],
]


@settings(max_examples=15, deadline=None)
@given(st.permutations(MIXED))
def test_same_campaigns_in_any_order(posts):
    expected = find_campaigns(MIXED, PARAMS)
    assert len(expected) == 3
    assert find_campaigns(posts, PARAMS) == expected


def test_published_parameters_are_json():
    published = json.loads(json.dumps(PARAMS.as_json()))
    assert published["min_accounts"] == K
    assert replace(PARAMS, min_accounts=3).as_json()["min_accounts"] == 3
