"""HomeFeedEntry: a status fanned out on write into one follower's home timeline.

Authors above the fan-out threshold are not written here; their posts are merged in at
read time (see ``townsquare.timelines``).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base


class HomeFeedEntry(Base):
    __tablename__ = "home_feed_entries"
    __table_args__ = (
        Index("ix_home_feed_entries_account_id_author_id", "account_id", "author_id"),
    )

    account_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    status_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # The account whose action put it here (the poster, or the reblogger), so that
    # unfollowing can remove exactly its entries.
    author_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
