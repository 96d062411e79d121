"""Who may see a poll and who may vote on it."""

from __future__ import annotations

from datetime import datetime

from townsquare.kit.errors import Unprocessable
from townsquare.models import Account
from townsquare.models.base import as_utc
from townsquare.polls import errors

OPEN_VISIBILITIES = frozenset({"public", "unlisted"})


def ensure_can_vote(
    viewer: Account, author_id: int, expires_at: datetime, closed: bool, now: datetime
) -> None:
    """The author may not vote on their own poll, and nobody after it ended.

    Seeing the poll (visibility, blocks in either direction) is checked before, by the
    status's own rules: a poll on a status one may not see does not exist (404).
    """
    if author_id == viewer.id:
        raise Unprocessable(errors.OWN_POLL)
    if closed or (as_utc(expires_at) or expires_at) <= now:
        raise Unprocessable(errors.ENDED)
