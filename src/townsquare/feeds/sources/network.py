"""SQL shared by the out-of-network sources: "the accounts the viewer follows", bounded,
and the parameters their statements (each built once, run through ``kit.prepared``) take."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import BigInteger, Integer, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds.pool import Candidate, FeedQuery
from townsquare.kit.prepared import prepared_for
from townsquare.models import Follow

# The out-of-network sources look at the viewer's most recent follows only, so that their
# cost does not grow with the size of the follow list.
NETWORK_SIZE = 300


def followed_accounts(viewer_id: Any, size: int = NETWORK_SIZE) -> Any:
    """A subquery of the ids of the ``size`` accounts the viewer followed most recently
    (``viewer_id`` is an id or a bound parameter)."""
    return (
        select(Follow.target_account_id.label("id"))
        .where(Follow.account_id == viewer_id)
        .order_by(Follow.id.desc())
        .limit(size)
        .subquery()
    )


def network_binds() -> tuple[Any, Any, Any]:
    """The parameters of an out-of-network statement: the viewer, the oldest status id it
    may propose, and how many candidates (written into the SQL, once per value)."""
    return (
        bindparam("viewer_id", type_=BigInteger),
        bindparam("cutoff_id", type_=BigInteger),
        bindparam("candidates", type_=Integer, literal_execute=True),
    )


def oon_params(query: FeedQuery) -> dict[str, int]:
    """Values for ``network_binds`` from the feed's published parameters."""
    return {
        "viewer_id": query.viewer_id,
        "cutoff_id": query.cutoff_id(query.param("out_of_network_max_age_hours", 48)),
        "candidates": query.count("out_of_network_candidates", 100),
    }


@lru_cache(maxsize=8)
def _followed_ids_statement(size: int) -> Any:
    return followed_accounts(bindparam("viewer_id", type_=BigInteger), size).select()


async def followed_ids(
    session: AsyncSession, viewer_id: int, size: int = NETWORK_SIZE
) -> list[int]:
    """The ids of the ``size`` accounts the viewer followed most recently, as a list.

    For a query that reads follows again (friends of friends): with the network as a list,
    each of its accounts is one range of the follows index on every database.
    """
    rows = await prepared_for(_followed_ids_statement(size)).rows(session, {"viewer_id": viewer_id})
    return [row[0] for row in rows]


async def run_source(
    session: AsyncSession, statement: Any, params: dict[str, Any], source: str
) -> list[Candidate]:
    """The candidates a source's statement (first column: status ids) proposes, in its
    order, each once."""
    rows = await prepared_for(statement).rows(session, params)
    return [Candidate(status_id, source) for status_id in dict.fromkeys(r[0] for r in rows)]
