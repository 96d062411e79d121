"""Hand-made posts for the detector tests."""

from __future__ import annotations

import random
from collections.abc import Iterable

from townsquare.integrity.detect import PostRecord

T0 = 1_793_491_200.0  # 2026-11-01 00:00 UTC
MINUTE, HOUR, DAY = 60.0, 3600.0, 86400.0
WORDS = (
    *("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"),
    *("juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo"),
    *("sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu", "amber"),
    *("basil", "cedar", "dune", "ember", "fern", "grove", "heath", "iris", "jade", "kelp"),
    *("lotus", "moss", "nettle", "olive", "pine"),
)


class Ids:
    """Increasing status ids, as the platform's time-ordered ids are."""

    def __init__(self, start: int = 1000) -> None:
        self.next = start

    def __call__(self) -> int:
        self.next += 1
        return self.next


def post(
    ids: Ids,
    account: int,
    at: float,
    text: str = "",
    app: str | None = "Web",
    reblog_of: int | None = None,
) -> PostRecord:
    """One post (a reblog when ``reblog_of`` is given)."""
    return PostRecord(ids(), account, at, "" if reblog_of else text, app, reblog_of)


def sentence(seed: int, words: int = 12) -> str:
    """A sentence of distinct words per seed (unrelated seeds share few word pairs)."""
    return " ".join(random.Random(seed).sample(WORDS, words))


def posts_at(ids: Ids, account: int, times: Iterable[float], texts: Iterable[str], app="Web"):
    """One post per (time, text)."""
    return [post(ids, account, t, x, app) for t, x in zip(times, texts, strict=True)]
