"""How labels are used, in the other packages, through their published extension points:
the poll integrity view's "established" rule, community-note eligibility, and the Account
entity's ``managed_by`` and ``state_affiliation``. Feeds read the ``coordinated`` label in
their own hydrator (``feeds/hydrators/coordinated.py``). Nothing is ever removed because
of a label: these hooks count, weigh or inform."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts.registration import register_public_username_rule
from townsquare.api.mastodon.entities.account import register_account_attributes
from townsquare.ids import id_floor
from townsquare.integrity import declared, state_media
from townsquare.models import Account, Label, Status
from townsquare.moderation.rulebook import register_label
from townsquare.polls.integrity import EstablishedRule, register_established_rule
from townsquare.polls.state import PollState
from townsquare.settings import Settings

AUTOMATED = "suspected-automated"
COORDINATED = "coordinated"


def _id_at(moment: datetime) -> int:
    return id_floor(int(moment.timestamp() * 1000))


def _automated(account_id: Any) -> ColumnElement[bool]:
    return exists().where(
        Label.target_type == "account", Label.target_id == account_id, Label.value == AUTOMATED
    )


def _coordinated_post(account_id: Any, since_id: int = 0, until_id: int | None = None) -> Any:
    """A post by ``account_id`` (with an id in the window) that carries ``coordinated``.
    Driven from the author's posts (index account_id, id), each checked by a point lookup
    in the labels' unique index: the cost follows the voter's posts, not the campaigns'."""
    window = [Status.id >= since_id]
    if until_id is not None:
        window.append(Status.id < until_id)
    labelled = exists().where(
        Label.target_type == "status", Label.target_id == Status.id, Label.value == COORDINATED
    )
    return exists().where(Status.account_id == account_id, *window, labelled)


def _unlabelled_voter(poll: PollState, _settings: Settings) -> ColumnElement[bool]:
    """Not labelled suspected-automated, and no post labelled coordinated during the poll
    (status ids carry their time, so the window is a range of ids)."""
    since, until = _id_at(poll.created_at), _id_at(poll.expires_at) + 1
    return and_(~_automated(Account.id), ~_coordinated_post(Account.id, since, until))


NO_AUTOMATION_OR_COORDINATION = EstablishedRule(
    name="not_labelled_automated_or_coordinated",
    description=(
        "The account carries no suspected-automated label, and none of its posts made while "
        "the poll was open carries the coordinated label. Labels are public, with their "
        "evidence, at /api/townsquare/v1/accounts/:id/labels."
    ),
    condition=_unlabelled_voter,
    parameters=lambda _s: {"account_labels": [AUTOMATED], "post_labels": [COORDINATED]},
)


async def contributor_labels(session: AsyncSession, account_id: int) -> list[str]:
    """The labels that bar ``account_id`` from community notes: ``suspected-automated`` on
    the account, ``coordinated`` on the account or on any of its posts."""
    account_labels = await session.scalars(
        select(Label.value).where(
            Label.target_type == "account",
            Label.target_id == account_id,
            Label.value.in_((AUTOMATED, COORDINATED)),
        )
    )
    found = set(account_labels)
    if COORDINATED not in found and await session.scalar(select(_coordinated_post(account_id))):
        found.add(COORDINATED)
    return sorted(found)


def _managed_by(account: Account, settings: Settings) -> dict[str, Any]:
    return {"managed_by": declared.confirmed_manager(account, settings)}


def install() -> None:
    """Register every hook (idempotent): called when the routes are built."""
    register_label(state_media.DEFINITION)
    register_account_attributes(_managed_by)
    register_account_attributes(state_media.affiliation_attribute)
    register_established_rule(NO_AUTOMATION_OR_COORDINATION)
    register_public_username_rule(state_media.reserved_for_listed_outlet)
