"""Marker: how far an account has read a timeline (home, notifications), shared by its apps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column

MARKER_TIMELINES = ("home", "notifications")


class Marker(Base):
    __tablename__ = "markers"

    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    timeline: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_read_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    version: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    updated_at: Mapped[datetime] = created_column()
