"""The built-in feeds, registered by name."""

from __future__ import annotations

from townsquare.feeds.definition import FeedDefinition, Setting
from townsquare.feeds.filters.duplicate import DuplicateFilter
from townsquare.feeds.filters.hidden_author import HiddenAuthorFilter
from townsquare.feeds.filters.shown_less import ShownLessFilter
from townsquare.feeds.filters.stale_out_of_network import StaleOutOfNetworkFilter
from townsquare.feeds.filters.unservable import UnservableFilter
from townsquare.feeds.hydrators.author_affinity import AuthorAffinityHydrator
from townsquare.feeds.hydrators.coordinated import CoordinatedHydrator
from townsquare.feeds.hydrators.feedback import FeedbackHydrator
from townsquare.feeds.hydrators.post_scores import PostScoresHydrator
from townsquare.feeds.hydrators.relationship import RelationshipHydrator
from townsquare.feeds.hydrators.reports import ReportsHydrator
from townsquare.feeds.hydrators.status_facts import StatusFactsHydrator
from townsquare.feeds.scorers.weighted import WeightedScorer
from townsquare.feeds.selectors.author_diversity import AuthorDiversitySelector
from townsquare.feeds.selectors.chronological import ChronologicalSelector
from townsquare.feeds.sources.bridging import BridgingSource
from townsquare.feeds.sources.followed_by_following import FollowedByFollowingSource
from townsquare.feeds.sources.home_timeline import HomeTimelineSource
from townsquare.feeds.sources.liked_by_following import LikedByFollowingSource
from townsquare.feeds.sources.replied_by_following import RepliedByFollowingSource
from townsquare.feeds.sources.scored_posts import PopularSource
from townsquare.kit.errors import BadRequest

DIVERSITY = {
    "author_diversity_decay": Setting(
        0.5, 0.0, 1.0, "Multiplier for each further post by the same author."
    ),
    "author_diversity_floor": Setting(
        0.25, 0.0, 1.0, "The diversity multiplier never goes below this."
    ),
}
FEEDBACK_WEIGHTS = {
    "show_more": Setting(0.5, 0.0, 5.0, 'log(1 + your "show more" on the author).'),
    "show_less": Setting(-1.0, -5.0, 0.0, 'log(1 + your "show less" on the author).'),
    "reports": Setting(
        -2.0, -5.0, 0.0, "log(1 + your reports about the author): lowers them in your feeds only."
    ),
}
# Issue 7: a published penalty, never a removal; a fork may set it from -10 to 0.
LABEL_WEIGHTS = {
    "coordinated": Setting(
        -3.0,
        -10.0,
        0.0,
        "1 when the post carries the public coordinated label (part of a detected campaign).",
    ),
}
COMMON_HYDRATORS = (
    StatusFactsHydrator(),
    RelationshipHydrator(),
    AuthorAffinityHydrator(),
    FeedbackHydrator(),
    ReportsHydrator(),
    PostScoresHydrator(),
    CoordinatedHydrator(),
)
COMMON_FILTERS = (UnservableFilter(), DuplicateFilter(), HiddenAuthorFilter(), ShownLessFilter())

FOLLOWING = FeedDefinition(
    name="following",
    title="Following",
    description="Posts and boosts by the accounts you follow, newest first. No ranking.",
    sources=(HomeTimelineSource(),),
    hydrators=(StatusFactsHydrator(),),
    filters=(),
    scorer=WeightedScorer(),
    selector=ChronologicalSelector(),
    ranked=False,
)

FOR_YOU = FeedDefinition(
    name="for-you",
    title="For you",
    description=(
        "Posts from accounts you follow and, discounted, posts your network engaged with "
        "and popular posts of the last two days, ranked by published weights."
    ),
    sources=(
        HomeTimelineSource(),
        LikedByFollowingSource(),
        RepliedByFollowingSource(),
        FollowedByFollowingSource(),
        PopularSource(),
    ),
    hydrators=COMMON_HYDRATORS,
    filters=(*COMMON_FILTERS, StaleOutOfNetworkFilter()),
    scorer=WeightedScorer(),
    selector=AuthorDiversitySelector(),
    weights={
        "author_affinity": Setting(
            1.0, 0.0, 5.0, "log(1 + your recent likes of and replies to the author)."
        ),
        "engagement": Setting(
            1.0,
            0.0,
            5.0,
            "log(1 + likes + boosts + replies + quotes), halved every engagement half-life.",
        ),
        "recency": Setting(2.0, 0.0, 10.0, "1 for a new post, halved every recency half-life."),
        **FEEDBACK_WEIGHTS,
        **LABEL_WEIGHTS,
    },
    params={
        "in_network_candidates": Setting(
            200, 20, 500, "How many recent in-network posts are considered."
        ),
        "out_of_network_candidates": Setting(
            100, 0, 300, "How many posts each out-of-network source proposes."
        ),
        "out_of_network_max_age_hours": Setting(
            48, 1, 168, "Out-of-network posts older than this are dropped."
        ),
        "out_of_network_discount": Setting(
            0.75, 0.0, 1.0, "Multiplier for posts by accounts you do not follow."
        ),
        "engagement_half_life_hours": Setting(
            24, 1, 720, "Hours after which engagement counts half."
        ),
        "recency_half_life_hours": Setting(12, 1, 720, "Hours after which recency counts half."),
        **DIVERSITY,
    },
)

BRIDGING = FeedDefinition(
    name="bridging",
    title="Bridging",
    description=(
        "Posts liked by people on both sides of the like graph, so that what rises is "
        "what people who usually disagree both value."
    ),
    sources=(BridgingSource(),),
    hydrators=COMMON_HYDRATORS,
    filters=COMMON_FILTERS,
    scorer=WeightedScorer(),
    selector=AuthorDiversitySelector(),
    weights={
        "bridging": Setting(
            10.0, 0.0, 20.0, "The post's bridging score (0 to 1) from the scoring job."
        ),
        "recency": Setting(1.0, 0.0, 10.0, "1 for a new post, halved every recency half-life."),
        **FEEDBACK_WEIGHTS,
        **LABEL_WEIGHTS,
    },
    params={
        "candidates": Setting(300, 20, 500, "How many top bridging posts are considered."),
        "max_age_hours": Setting(168, 1, 720, "Posts older than this are not proposed."),
        "recency_half_life_hours": Setting(48, 1, 720, "Hours after which recency counts half."),
        "out_of_network_discount": Setting(
            1.0, 0.0, 1.0, "Multiplier for posts by accounts you do not follow."
        ),
        **DIVERSITY,
    },
)

BUILT_IN: dict[str, FeedDefinition] = {f.name: f for f in (FOLLOWING, FOR_YOU, BRIDGING)}


def built_in(name: str) -> FeedDefinition:
    """A built-in feed by name; 400 for an unknown one."""
    definition = BUILT_IN.get(name)
    if definition is None:
        raise BadRequest(f"Unknown feed: {name} (built-in feeds: {', '.join(BUILT_IN)})")
    return definition
