"""The tip jar: an account's public payment addresses and the history of their changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column, id_column


class TipJarAddress(Base):
    """One public address an account receives tips at, one per currency."""

    __tablename__ = "tip_jar_addresses"

    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    currency: Mapped[str] = mapped_column(String(20), primary_key=True)
    address: Mapped[str] = mapped_column(String(320), nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    network: Mapped[str] = mapped_column(String(10), nullable=False)
    updated_at: Mapped[datetime] = created_column()


class TipJarChange(Base):
    """A change to a tip jar address: when, from which client, from what to what.

    Kept so that a hijacked account cannot quietly redirect tips: the owner is notified and
    can read the whole history.
    """

    __tablename__ = "tip_jar_changes"
    __table_args__ = (Index("ix_tip_jar_changes_account_id_id", "account_id", "id"),)

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )
    currency: Mapped[str] = mapped_column(String(20), nullable=False)
    previous_address: Mapped[str | None] = mapped_column(String(320))
    address: Mapped[str | None] = mapped_column(String(320))  # None: the address was removed
    # The client application that made the change; its name is copied because an app may
    # be deleted later and the record must still say who it was.
    application_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("oauth_apps.id", ondelete="SET NULL")
    )
    application_name: Mapped[str | None] = mapped_column(String(100))
    # The notification the owner got for it (several changes of one request share one).
    notification_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("notifications.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_column()
