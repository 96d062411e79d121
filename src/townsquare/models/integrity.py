"""Integrity: coordinated campaigns found by the coordination detector, with their members.

A campaign is kept once found (its labels and log entries point at it); a later scan that no
longer finds it marks it ``dissolved`` instead of deleting it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column, id_column


class Campaign(Base):
    """A set of accounts posting near-identical text, or reblogging in step, within T minutes."""

    __tablename__ = "campaigns"
    __table_args__ = (Index("ix_campaigns_state_ended_at", "state", "ended_at"),)

    id: Mapped[int] = id_column()
    # The detector's stable key: a rescan finds the same campaign under the same key.
    key: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    state: Mapped[str] = mapped_column(String(10), default="active", nullable=False)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    ended_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    accounts_count: Mapped[int] = mapped_column(Integer, nullable=False)
    statuses_count: Mapped[int] = mapped_column(Integer, nullable=False)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = created_column()
    dissolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CampaignAccount(Base):
    __tablename__ = "campaign_accounts"
    __table_args__ = (Index("ix_campaign_accounts_account_id", "account_id", "campaign_id"),)

    campaign_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )


class CampaignStatus(Base):
    __tablename__ = "campaign_statuses"
    __table_args__ = (Index("ix_campaign_statuses_status_id", "status_id", "campaign_id"),)

    campaign_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), primary_key=True
    )
