"""Finding a poll the viewer may see, and turning a vote request into a checked ballot."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import NotFound, Unprocessable
from townsquare.models import Account
from townsquare.models.base import utcnow
from townsquare.polls import errors, policy, repository
from townsquare.polls.merkle import mask_from_choices
from townsquare.polls.read_cache import AnonymousPollCache
from townsquare.polls.state import PollState
from townsquare.statuses import service as statuses


@dataclass(frozen=True)
class BallotRequest:
    """A vote that passed every check that needs no lock; the ballot box does the rest."""

    poll_id: int
    account_id: int
    choices: int  # bit set of option indexes


async def find_visible(session: AsyncSession, viewer: Account | None, poll_id: int) -> PollState:
    """The poll, if the viewer may see its status; else 404 (as for the status itself)."""
    return (await view(session, viewer, poll_id))[0]


async def view(
    session: AsyncSession,
    viewer: Account | None,
    poll_id: int,
    anonymous: AnonymousPollCache | None = None,
) -> tuple[PollState, int | None]:
    """The poll and the viewer's ballot (a bit set), if the viewer may see its status; else 404.

    One query for the common case (a public poll); other visibilities take the statuses'
    own rules (followers, mentions). A logged-out reader may be answered from ``anonymous``.
    """
    if viewer is None and anonymous is not None and (kept := anonymous.get(poll_id)):
        return kept, None
    viewer_id = viewer.id if viewer else None
    found = await repository.poll_view(session, poll_id, viewer_id)
    if found is None:
        raise NotFound()
    poll = found.poll
    open_to_all = found.visibility in policy.OPEN_VISIBILITIES
    if poll.account_id != viewer_id:
        if found.blocked:
            raise NotFound()
        if not open_to_all:
            await statuses.find_visible(session, viewer, poll.status_id)
    if viewer is None and anonymous is not None and open_to_all:
        anonymous.keep(poll)
    return poll, found.own


def parse_choices(raw: list[str], option_count: int, multiple: bool) -> list[int]:
    """Option indexes: at least one, distinct, existing; exactly one on a single-choice poll."""
    if not raw:
        raise Unprocessable(errors.NO_CHOICE)
    if not all(item.isascii() and item.isdigit() and len(item) < 10 for item in raw):
        raise Unprocessable(errors.NOT_AN_INDEX)
    choices = [int(item) for item in raw]
    if any(choice >= option_count for choice in choices):
        raise Unprocessable(errors.NO_SUCH_OPTION)
    if len(set(choices)) != len(choices):
        raise Unprocessable(errors.DUPLICATE_CHOICES)
    if not multiple and len(choices) != 1:
        raise Unprocessable(errors.ONE_CHOICE)
    return sorted(choices)


async def prepare_ballot(
    session: AsyncSession,
    viewer: Account,
    poll_id: int,
    raw_choices: list[str],
    known: dict[int, repository.VoteTarget] | None = None,
) -> BallotRequest:
    """Every vote rule that can be checked before the ballot box's transaction.

    ``known`` holds polls seen before in this process: a vote they admit goes to the ballot
    box without a query, and the box checks it again under its lock (blocks included). A
    refusal is never decided from them, only from a fresh read: one query for the common
    case (a public poll); other visibilities take the statuses' own rules.
    """
    now = utcnow()
    seen = known.get(poll_id) if known is not None else None
    if seen is not None and (admitted := _admit(seen, viewer, raw_choices, now)) is not None:
        return admitted
    target = await repository.vote_target(session, poll_id, viewer.id)
    if target is None or target.blocked:
        raise NotFound()
    if known is not None:
        _remember(known, replace(target, blocked=False))
    if target.visibility not in policy.OPEN_VISIBILITIES and target.account_id != viewer.id:
        await statuses.find_visible(session, viewer, target.status_id)
    policy.ensure_can_vote(viewer, target.account_id, target.expires_at, target.closed, now)
    choices = parse_choices(raw_choices, target.option_count, target.multiple)
    return BallotRequest(poll_id, viewer.id, mask_from_choices(choices))


KNOWN_POLLS = 1024  # polls remembered per process; then the memory starts over


def _remember(known: dict[int, repository.VoteTarget], target: repository.VoteTarget) -> None:
    if len(known) >= KNOWN_POLLS:
        known.clear()
    known[target.poll_id] = target


def _admit(
    seen: repository.VoteTarget, viewer: Account, raw_choices: list[str], now: datetime
) -> BallotRequest | None:
    """The ballot, when a poll seen before lets this vote through; else None (read again)."""
    if seen.visibility not in policy.OPEN_VISIBILITIES or seen.account_id == viewer.id:
        return None
    try:
        policy.ensure_can_vote(viewer, seen.account_id, seen.expires_at, seen.closed, now)
        choices = parse_choices(raw_choices, seen.option_count, seen.multiple)
    except Unprocessable:
        return None
    return BallotRequest(seen.poll_id, viewer.id, mask_from_choices(choices))


async def own_choices(
    session: AsyncSession, viewer: Account | None, polls: list[PollState]
) -> dict[int, int]:
    """The viewer's ballot on each of these polls (bit sets), one query."""
    if viewer is None or not polls:
        return {}
    return await repository.own_choices(session, viewer.id, [p.id for p in polls])
