"""Who may see a poll and who may vote on it."""

from __future__ import annotations

from datetime import datetime

from townsquare.kit.errors import Unprocessable
from townsquare.models import Account
from townsquare.polls import errors
from townsquare.polls.state import PollState


def ensure_can_vote(viewer: Account, poll: PollState, now: datetime) -> None:
    """The author may not vote on their own poll, and nobody after it ended.

    Seeing the poll (visibility, blocks in either direction) is checked before, by the
    status's own rules: a poll on a status one may not see does not exist (404).
    """
    if poll.account_id == viewer.id:
        raise Unprocessable(errors.OWN_POLL)
    if poll.expired(now):
        raise Unprocessable(errors.ENDED)
