"""HomeFeedEntry: a status fanned out on write into one follower's home timeline.

Authors above the fan-out threshold are not written here; their posts are merged in at
read time (see ``townsquare.timelines``).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base


class HomeFeedEntry(Base):
    __tablename__ = "home_feed_entries"
    __table_args__ = (
        Index("ix_home_feed_entries_account_id_author_id", "account_id", "author_id"),
        # On SQLite the rows live in the primary key's B-tree: one tree less to write per
        # fanned-out entry.
        {"sqlite_with_rowid": False},
    )

    account_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    status_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # The account whose action put it here (the poster, or the reblogger), so that
    # unfollowing can remove exactly its entries.
    author_id: Mapped[int] = mapped_column(BigInteger, nullable=False)


class PendingFanout(Base):
    """A status whose followers' home entries are not written yet: the fan-out queue.

    The post's own transaction adds the row; the fan-out job writes the entries in batches
    and deletes it. Until then, home timelines merge pending statuses in at read time, so
    a follower sees a post as soon as it is acknowledged.
    """

    __tablename__ = "pending_fanouts"

    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), primary_key=True
    )
