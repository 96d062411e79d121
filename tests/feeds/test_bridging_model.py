"""The one-factor factorisation finds the two sides and scores what both like."""

from __future__ import annotations

import numpy as np

from townsquare.feeds.bridging_model import fit


def test_a_post_both_sides_like_bridges_and_one_sided_posts_do_not() -> None:
    # 20 accounts: 0-9 like posts 0-2 (side A), 10-19 like posts 3-5 (side B);
    # post 6 is liked by half of each side; post 7 by all of side A (popular, one-sided).
    pairs = [(u, p) for u in range(10) for p in (0, 1, 2, 7)]
    pairs += [(u, p) for u in range(10, 20) for p in (3, 4, 5)]
    pairs += [(u, 6) for u in (0, 1, 2, 3, 4, 10, 11, 12, 13, 14)]
    accounts, posts = np.array(pairs).T
    model = fit(accounts, posts, np.arange(8) + 100, 20)
    sides = model.account_factors
    assert (np.sign(sides[:10]) != np.sign(sides[10:])[0]).all()
    assert model.bridging.argmax() == 6
    assert model.bridging[6] == 0.5
    assert model.bridging[7] == 0 and model.bridging[0] == 0
    assert fit(accounts, posts, np.arange(8), 20).bridging.tolist() == model.bridging.tolist()
