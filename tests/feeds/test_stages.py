"""Every pure stage on in-memory candidates, and properties of the whole pure ranking."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from townsquare.feeds.filters.duplicate import DuplicateFilter
from townsquare.feeds.filters.hidden_author import HiddenAuthorFilter
from townsquare.feeds.filters.shown_less import ShownLessFilter
from townsquare.feeds.filters.stale_out_of_network import StaleOutOfNetworkFilter
from townsquare.feeds.filters.unservable import UnservableFilter
from townsquare.feeds.pipeline import rank_pool
from townsquare.feeds.pool import HOUR_MS, FeedQuery, Pool
from townsquare.feeds.registry import FOR_YOU
from townsquare.feeds.scorers.weighted import WeightedScorer
from townsquare.feeds.selectors.author_diversity import AuthorDiversitySelector, occurrence
from townsquare.feeds.selectors.chronological import ChronologicalSelector

NOW = 1_800_000_000_000
COLUMNS = (
    "author_id",
    "content_id",
    "created_ms",
    "direct",
    "gone",
    "likes",
    "reblogs",
    "replies",
    "quotes",
    "in_network",
    "hidden",
    "affinity",
    "more_author",
    "less_author",
    "less_post",
    "reports",
    "bridging",
    "polarity",
    "coordinated",
)
SOURCES = ("in_network", "liked_by_following", "popular")


def make_pool(rows: list[dict]) -> Pool:  # type: ignore[type-arg]
    full = []
    for i, row in enumerate(rows):
        base = dict.fromkeys(COLUMNS, 0)
        base.update(
            status_id=1000 + i,
            source="in_network",
            author_id=1,
            content_id=1000 + i,
            created_ms=NOW - HOUR_MS,
            in_network=1,
        )
        base.update(row)
        full.append(base)
    return Pool.from_rows(full, COLUMNS)


def query(**params: float) -> FeedQuery:
    return FeedQuery(viewer_id=1, now_ms=NOW, params=params)


def test_duplicate_filter_keeps_the_in_network_proposal() -> None:
    pool = make_pool([{"content_id": 5, "source": "popular"}, {"content_id": 5}, {"content_id": 6}])
    assert DuplicateFilter().keep(query(), pool).tolist() == [False, True, True]


def test_simple_filters_remove_what_they_name() -> None:
    pool = make_pool([{"direct": 1}, {"gone": 1}, {"hidden": 1}, {"less_post": 1}, {}])
    assert UnservableFilter().keep(query(), pool).tolist() == [False, False, True, True, True]
    assert HiddenAuthorFilter().keep(query(), pool).tolist() == [True, True, False, True, True]
    assert ShownLessFilter().keep(query(), pool).tolist() == [True, True, True, False, True]


def test_stale_filter_drops_old_out_of_network_posts_only() -> None:
    old = NOW - 49 * HOUR_MS
    pool = make_pool(
        [
            {"created_ms": old, "in_network": 0},
            {"created_ms": old},
            {"created_ms": NOW - HOUR_MS, "in_network": 0},
        ]
    )
    assert StaleOutOfNetworkFilter().keep(query(), pool).tolist() == [False, True, True]
    wider = query(out_of_network_max_age_hours=72)
    assert StaleOutOfNetworkFilter().keep(wider, pool).tolist() == [True, True, True]


def test_weighted_scorer_is_weight_times_value() -> None:
    pool = make_pool([{"affinity": np.e - 1}, {"likes": 3, "created_ms": NOW}])
    terms = WeightedScorer().score(query(), pool, {"author_affinity": 2.0, "engagement": 0.5})
    assert terms.names == ("author_affinity", "engagement")
    assert np.allclose(terms.values[0], [1.0, 0.0])
    assert np.allclose(terms.values[1], [0.0, np.log(4)])
    assert np.allclose(terms.totals, [2.0, 0.5 * np.log(4)])


def test_author_diversity_decays_then_floors() -> None:
    pool = make_pool([{"author_id": 7}] * 4 + [{"author_id": 8, "in_network": 0}])
    selection = AuthorDiversitySelector().select(query(), pool, np.array([10, 9, 8, 7, 10.0]))
    assert selection.adjustments["author_diversity"].tolist() == [1, 0.5, 0.25, 0.25, 1]
    assert selection.adjustments["out_of_network"].tolist() == [1, 1, 1, 1, 0.75]
    assert selection.order.tolist() == [0, 4, 1, 2, 3]
    assert occurrence(np.array([3, 1, 3, 3, 1])).tolist() == [0, 0, 1, 2, 1]


def test_chronological_is_newest_first() -> None:
    pool = make_pool([{}, {}, {}])
    order = ChronologicalSelector().select(query(), pool, np.zeros(3)).order
    assert pool.status_ids[order].tolist() == [1002, 1001, 1000]


row = st.fixed_dictionaries(
    {
        "author_id": st.integers(1, 5),
        "content_id": st.integers(1, 30),
        "created_ms": st.integers(NOW - 100 * HOUR_MS, NOW),
        "in_network": st.integers(0, 1),
        "hidden": st.integers(0, 1),
        "likes": st.integers(0, 50),
        "affinity": st.integers(0, 5),
        "less_author": st.integers(0, 2),
        "source": st.sampled_from(SOURCES),
    }
)
pools = st.lists(row, min_size=0, max_size=25).map(
    lambda rows: [{**r, "status_id": 5000 + i} for i, r in enumerate(rows)]
)


def _ranked(rows: list[dict]) -> list[int]:  # type: ignore[type-arg]
    feed = FOR_YOU.resolve()
    return rank_pool(feed, query(**feed.params), make_pool(rows)).ordered_ids()


@settings(max_examples=60, deadline=None)
@given(pools, st.randoms())
def test_order_of_arrival_does_not_change_the_ranking(rows: list, rnd) -> None:  # type: ignore[no-untyped-def,type-arg]
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert _ranked(rows) == _ranked(shuffled)


@settings(max_examples=40, deadline=None)
@given(pools)
def test_the_same_inputs_give_the_same_output(rows: list) -> None:  # type: ignore[type-arg]
    assert _ranked(rows) == _ranked([dict(r) for r in rows])


@settings(max_examples=60, deadline=None)
@given(pools)
def test_filters_only_ever_remove(rows: list) -> None:  # type: ignore[type-arg]
    pool = make_pool(rows)
    for stage in FOR_YOU.filters:
        keep = stage.keep(query(), pool)
        kept = pool.take(keep)
        assert set(kept.status_ids.tolist()) <= set(pool.status_ids.tolist())
        assert len(kept) <= len(pool)
        pool = kept


@settings(max_examples=40, deadline=None)
@given(pools)
def test_every_prefix_of_a_ranking_replays_to_itself(rows: list) -> None:  # type: ignore[type-arg]
    feed = FOR_YOU.resolve()
    ranking = rank_pool(feed, query(**feed.params), make_pool(rows))
    top = ranking.pool.take(ranking.selection.order[:7])
    again = rank_pool(feed, query(**feed.params), top)
    assert again.ordered_ids() == ranking.ordered_ids()[:7]
