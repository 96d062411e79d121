"""The open algorithm's tables: forks, home-feed choices, feedback, snapshots, post scores."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column, id_column


def _account_fk() -> Mapped[int]:
    return mapped_column(BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False)


class CustomFeed(Base):
    """A user's fork of a built-in feed: other weights and parameters, no code."""

    __tablename__ = "custom_feeds"
    __table_args__ = (Index("ix_custom_feeds_account_id_id", "account_id", "id"),)

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = _account_fk()
    base: Mapped[str] = mapped_column(String(40), nullable=False)
    title: Mapped[str] = mapped_column(String(100), nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    weights: Mapped[str] = mapped_column(Text, default="{}", nullable=False)  # JSON
    params: Mapped[str] = mapped_column(Text, default="{}", nullable=False)  # JSON
    public: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = created_column()


class FeedChoice(Base):
    """Which feed ``/api/v1/timelines/home`` serves an account (absent: ``following``)."""

    __tablename__ = "feed_choices"

    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    feed: Mapped[str] = mapped_column(String(40), nullable=False)
    updated_at: Mapped[datetime] = created_column()


class FeedFeedback(Base):
    """A viewer's "show more" (+1) or "show less" (-1) about one status and its author."""

    __tablename__ = "feed_feedback"
    __table_args__ = (Index("ix_feed_feedback_account_id_author_id", "account_id", "author_id"),)

    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    value: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    created_at: Mapped[datetime] = created_column()


class FeedSnapshot(Base):
    """One ranked session: the order served page after page, and the inputs behind it."""

    __tablename__ = "feed_snapshots"
    __table_args__ = (Index("ix_feed_snapshots_created_at", "created_at"),)

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = _account_fk()
    feed: Mapped[str] = mapped_column(String(40), nullable=False)
    version: Mapped[str] = mapped_column(String(64), nullable=False)
    payload: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    created_at: Mapped[datetime] = created_column()


class FeedPostScore(Base):
    """Scores a periodic job computes for recent posts: popularity and bridging."""

    __tablename__ = "feed_post_scores"
    __table_args__ = (
        # (score, status_id): the sources read the top of a score in exactly this order.
        Index("ix_feed_post_scores_popularity_status_id", "popularity", "status_id"),
        Index("ix_feed_post_scores_bridging_status_id", "bridging", "status_id"),
    )

    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), primary_key=True
    )
    popularity: Mapped[float] = mapped_column(Float, default=0.0, nullable=False)
    bridging: Mapped[float] = mapped_column(Float, default=0.0, nullable=False)
    polarity: Mapped[float] = mapped_column(Float, default=0.0, nullable=False)
    computed_at: Mapped[datetime] = created_column()
