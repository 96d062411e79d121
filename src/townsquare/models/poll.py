"""Poll, its options with their counters, and one ballot per account (a database rule)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column, id_column


class Poll(Base):
    """A poll attached to one status. Counters move in the same transaction as the ballots."""

    __tablename__ = "polls"
    # The closing job looks for "not closed yet and past its end".
    __table_args__ = (Index("ix_polls_closed_at_expires_at", "closed_at", "expires_at"),)

    id: Mapped[int] = id_column()
    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )
    multiple: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    hide_totals: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    votes_count: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)
    voters_count: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)
    # Set by the closing job together with the published Merkle root of the ballots.
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    merkle_root: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = created_column()


class PollOption(Base):
    """One answer of a poll, at its index, with its vote counter."""

    __tablename__ = "poll_options"

    poll_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    votes_count: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)


class PollBallot(Base):
    """One account's ballot. ``choices`` is a bit set of option indexes (bit i: option i).

    ``receipt`` is the voter's private secret; ``leaf`` = SHA-256(0x00 || SHA-256(receipt) ||
    choices), the published Merkle leaf (see ``townsquare.polls.merkle``).
    """

    __tablename__ = "poll_ballots"
    __table_args__ = (
        UniqueConstraint("poll_id", "account_id"),
        # The published leaves are listed in leaf order.
        Index("ix_poll_ballots_poll_id_leaf", "poll_id", "leaf"),
    )

    id: Mapped[int] = id_column()
    poll_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("polls.id", ondelete="CASCADE"), nullable=False
    )
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )
    choices: Mapped[int] = mapped_column(BigInteger, nullable=False)
    receipt: Mapped[str] = mapped_column(String(64), nullable=False)
    leaf: Mapped[str] = mapped_column(String(64), nullable=False)
