"""SQL shared by the out-of-network sources: "the accounts the viewer follows", bounded."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.models import Follow

# The out-of-network sources look at the viewer's most recent follows only, so that their
# cost does not grow with the size of the follow list.
NETWORK_SIZE = 300


def followed_accounts(viewer_id: int, size: int = NETWORK_SIZE) -> Any:
    """A subquery of the ids of the ``size`` accounts the viewer followed most recently."""
    return (
        select(Follow.target_account_id.label("id"))
        .where(Follow.account_id == viewer_id)
        .order_by(Follow.id.desc())
        .limit(size)
        .subquery()
    )


async def followed_ids(
    session: AsyncSession, viewer_id: int, size: int = NETWORK_SIZE
) -> list[int]:
    """The ids of the ``size`` accounts the viewer followed most recently, as a list.

    For a query that reads follows again (friends of friends): with the network as a list,
    each of its accounts is one range of the follows index on every database.
    """
    return list((await session.execute(followed_accounts(viewer_id, size).select())).scalars())
