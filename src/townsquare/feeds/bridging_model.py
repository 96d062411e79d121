"""The bridging model: a one-factor matrix factorisation of the like matrix.

Rows are accounts, columns are posts, an entry is 1 when the account liked the post.
After centring each post's column (so that popularity does not count), a few sweeps of
alternating least squares fit ``like(u, i) - mean(i) ~ f(u) * g(i)``: ``f(u)`` places each
account on the one axis that best explains who likes what (the "sides" of the graph).
A post's bridging score is the like rate on its weaker side: the smaller of the share of
accounts with ``f > 0`` who liked it and the share with ``f < 0`` who liked it. A post
only one side likes scores 0, however popular; a post both sides like scores high.
This is the idea behind community notes' bridging (matrix factorisation, where what is
left after the factor explains the polarised part is what people across sides agree on).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

SWEEPS = 8
REGULARISATION = 1e-3


@dataclass(frozen=True)
class BridgingScores:
    post_ids: np.ndarray
    bridging: np.ndarray  # 0..1
    polarity: np.ndarray  # g(i): which side likes the post, and how one-sidedly
    account_factors: np.ndarray


def fit(
    account_index: np.ndarray, post_index: np.ndarray, post_ids: np.ndarray, accounts: int
) -> BridgingScores:
    """Fit the model on likes given as (account row, post column) index pairs."""
    posts = len(post_ids)
    likes = sp.csr_matrix(
        (np.ones(len(account_index)), (account_index, post_index)), shape=(accounts, posts)
    )
    likes.data[:] = 1.0  # a repeated pair is still one like
    means = np.asarray(likes.mean(axis=0)).ravel()
    rng = np.random.default_rng(0)  # fixed: the same likes give the same scores
    f = rng.standard_normal(accounts)
    g = np.zeros(posts)
    for _ in range(SWEEPS):
        # Centred matrix times a vector without densifying it: (L - 1 m^T) v = L v - (m.v) 1
        g = (likes.T @ f - means * f.sum()) / (f @ f + REGULARISATION)
        f = (likes @ g - (means @ g)) / (g @ g + REGULARISATION)
        f /= np.linalg.norm(f) or 1.0
    return BridgingScores(post_ids, _weaker_side_rate(likes, f), g, f)


def _weaker_side_rate(likes: sp.csr_matrix, f: np.ndarray) -> np.ndarray:
    positive, negative = f > 0, f < 0
    rates = []
    for side in (positive, negative):
        count = max(int(side.sum()), 1)
        rates.append(np.asarray(likes.T @ side.astype(np.float64)).ravel() / count)
    return np.minimum(rates[0], rates[1])
