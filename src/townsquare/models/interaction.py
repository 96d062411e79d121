"""Favourites, bookmarks and pins: one row per (account, status); muted conversations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column, id_column


class Favourite(Base):
    __tablename__ = "favourites"
    __table_args__ = (
        UniqueConstraint("account_id", "status_id"),
        Index("ix_favourites_status_id_id", "status_id", "id"),
        # Covers "what did these accounts like lately" (favourites lists, the for-you feed's
        # liked-by-people-you-follow source) without a visit to the table per like.
        Index("ix_favourites_account_id_id_status_id", "account_id", "id", "status_id"),
    )

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )
    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), nullable=False
    )
    created_at: Mapped[datetime] = created_column()


class Bookmark(Base):
    __tablename__ = "bookmarks"
    __table_args__ = (
        UniqueConstraint("account_id", "status_id"),
        Index("ix_bookmarks_account_id_id", "account_id", "id"),
    )

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )
    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), nullable=False
    )
    created_at: Mapped[datetime] = created_column()


class StatusPin(Base):
    __tablename__ = "status_pins"
    __table_args__ = (UniqueConstraint("account_id", "status_id"),)

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )
    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), nullable=False
    )
    created_at: Mapped[datetime] = created_column()


class ConversationMute(Base):
    """The account hears nothing more from one thread (``POST /api/v1/statuses/:id/mute``)."""

    __tablename__ = "conversation_mutes"

    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    conversation_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    created_at: Mapped[datetime] = created_column()
