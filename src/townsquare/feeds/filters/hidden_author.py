"""Drop posts by accounts the viewer mutes or blocks, or that block the viewer."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from townsquare.feeds.pool import FeedQuery, Pool


class HiddenAuthorFilter:
    identifier: ClassVar[str] = "hidden_author"
    description: ClassVar[str] = (
        "Posts by accounts you mute or block, or that block you, are removed."
    )
    reason: ClassVar[str] = "you mute or block the author, or the author blocks you"

    def keep(self, query: FeedQuery, pool: Pool) -> np.ndarray:
        return pool.column("hidden") == 0
