"""Published thresholds of the detectors.

Frozen dataclasses with defaults; the platform maps ``TOWNSQUARE_INTEGRITY_*`` settings onto
them with ``dataclasses.replace`` and publishes ``as_json()`` in its manifest. Every field is
described in prose in docs/integrity.md ("Detection").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Interactive clients people type into: posts through them are no sign of automation.
# Compared case-insensitively with the OAuth application name.
INTERACTIVE_CLIENTS: tuple[str, ...] = (
    "web",
    "townsquare",
    "townsquare web",
    "mastodon for ios",
    "mastodon for android",
    "mastodon",
    "tusky",
    "ivory",
    "ice cubes",
    "elk",
    "phanpy",
    "fedilab",
    "moshidon",
    "megalodon",
    "metatext",
    "mona",
    "toot!",
    "tuba",
    "tokodon",
    "semaphore",
    "pinafore",
    "trunks",
    "mammoth",
    "feditext",
    "whalebird",
    "subway tooter",
    "pachli",
)

# Words in an application's name that say it posts by itself (schedulers, feed bridges,
# scripts, automation services). Matched as substrings of the lower-cased name.
AUTOMATION_CLIENT_WORDS: tuple[str, ...] = (
    "bot",
    "bridge",
    "rss",
    "feed",
    "cron",
    "schedul",
    "ifttt",
    "zapier",
    "buffer",
    "hootsuite",
    "autopost",
    "crosspost",
    "script",
    "python",
    "curl",
    "api",
    "poster",
)


@dataclass(frozen=True, slots=True)
class AutomationParams:
    """Thresholds and weights of the automation score (see docs/integrity.md)."""

    threshold: float = 0.4  # score at or above which an undeclared account is flagged
    min_posts: int = 20  # fewer posts than this: scored for the record, never flagged
    # Weights of the six signals; they sum to 1 so the score stays in 0..1.
    weight_regularity: float = 0.35
    weight_quiet: float = 0.15
    weight_hours: float = 0.10
    weight_volume: float = 0.10
    weight_repetition: float = 0.15
    weight_client: float = 0.15
    # Regularity: dispersion of the gaps between posts = interquartile range / median.
    # At or below regular_dispersion the signal is 1, at or above human_dispersion it is 0;
    # measured only with at least min_gaps gaps (a handful of gaps proves nothing).
    regular_dispersion: float = 0.5
    human_dispersion: float = 2.0
    min_gaps: int = 10
    # Quiet stretch: the longest run of hours of the day (circular) holding at most
    # quiet_share of the account's posts. human_quiet_hours or more gives 0; none gives 1.
    quiet_share: float = 0.01
    human_quiet_hours: float = 5.0
    # Hours active per active day: at or below human_hours_per_day 0, at or above
    # machine_hours_per_day 1 (linear between).
    human_hours_per_day: float = 12.0
    machine_hours_per_day: float = 20.0
    # Volume, posts per active day, on a log scale between these two.
    human_posts_per_day: float = 48.0
    machine_posts_per_day: float = 200.0
    # Repetition: share of the account's own posts that have a near-identical twin among its
    # other posts (MinHash Jaccard >= repeat_similarity after normalising digits, links and
    # case); the signal reaches 1 at repeat_share_full.
    repeat_similarity: float = 0.5
    repeat_share_full: float = 0.5
    repeat_num_perm: int = 32
    # Client: each post counts 0 through an interactive app, 1 through an app whose name
    # says automation, unknown_client_value through any other app or an unknown one.
    unknown_client_value: float = 0.5
    interactive_clients: tuple[str, ...] = field(default=INTERACTIVE_CLIENTS)
    automation_client_words: tuple[str, ...] = field(default=AUTOMATION_CLIENT_WORDS)

    def weights(self) -> dict[str, float]:
        """The published weight of each signal, by signal name."""
        return {
            "regularity": self.weight_regularity,
            "quiet": self.weight_quiet,
            "hours": self.weight_hours,
            "volume": self.weight_volume,
            "repetition": self.weight_repetition,
            "client": self.weight_client,
        }

    def as_json(self) -> dict[str, Any]:
        """Every parameter as JSON-able values, for the published manifest."""
        data = asdict(self)
        data["interactive_clients"] = list(self.interactive_clients)
        data["automation_client_words"] = list(self.automation_client_words)
        return data


@dataclass(frozen=True, slots=True)
class CoordinationParams:
    """Thresholds of the campaign detectors (see docs/integrity.md)."""

    # Near-duplicate posts.
    min_accounts: int = 5  # K: distinct accounts posting near-duplicates ...
    window_minutes: float = 15.0  # T: ... within this many minutes
    similarity_threshold: float = 0.4  # estimated Jaccard of word-bigram sets
    min_tokens: int = 6  # shorter posts ("good morning!") are never compared
    shingle_words: int = 2  # words per shingle
    num_perm: int = 64  # MinHash permutations
    seed: int = 1  # MinHash permutation seed (same seed, same signatures)
    # A burst must stand out: its window holds at least burst_share of the group's posts
    # within context_hours before and after it (organic sharing of one headline spreads out).
    burst_share: float = 0.7
    context_hours: float = 3.0
    # Synchronised reblogs.
    reblog_window_minutes: float = 10.0  # w: two reblogs of one post this close are "in sync"
    min_shared_targets: int = 3  # m: a pair must be in sync on at least this many posts
    min_sync_share: float = 0.5  # ... and on at least this share of the posts both reblogged
    ring_min_accounts: int = 4  # a cluster of linked accounts this large is a campaign
    ring_min_link_share: float = 0.6  # ... where each is linked to this share of the others

    def as_json(self) -> dict[str, Any]:
        """Every parameter as JSON-able values, for the published manifest."""
        return asdict(self)
