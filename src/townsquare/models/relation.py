"""The social graph: follows, follow requests, blocks and mutes.

In every table ``account_id`` is the acting account and ``target_account_id`` the one
acted upon (``account_id`` follows / blocks / mutes ``target_account_id``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column, id_column


def _account_fk() -> Mapped[int]:
    return mapped_column(BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False)


class Follow(Base):
    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("account_id", "target_account_id"),
        Index("ix_follows_target_account_id_account_id", "target_account_id", "account_id"),
        # Finds the few followers who asked to be notified without reading all the others.
        Index("ix_follows_target_account_id_notify", "target_account_id", "notify"),
    )

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = _account_fk()
    target_account_id: Mapped[int] = _account_fk()
    show_reblogs: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    notify: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    created_at: Mapped[datetime] = created_column()


class FollowRequest(Base):
    __tablename__ = "follow_requests"
    __table_args__ = (
        UniqueConstraint("account_id", "target_account_id"),
        Index("ix_follow_requests_target_account_id_id", "target_account_id", "id"),
    )

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = _account_fk()
    target_account_id: Mapped[int] = _account_fk()
    show_reblogs: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    notify: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    created_at: Mapped[datetime] = created_column()


class Block(Base):
    __tablename__ = "blocks"
    __table_args__ = (
        UniqueConstraint("account_id", "target_account_id"),
        Index("ix_blocks_target_account_id", "target_account_id"),
    )

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = _account_fk()
    target_account_id: Mapped[int] = _account_fk()
    created_at: Mapped[datetime] = created_column()


class Mute(Base):
    __tablename__ = "mutes"
    __table_args__ = (UniqueConstraint("account_id", "target_account_id"),)

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = _account_fk()
    target_account_id: Mapped[int] = _account_fk()
    hide_notifications: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_column()
