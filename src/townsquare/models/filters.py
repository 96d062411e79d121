"""Reader-side filters (Mastodon filters v2): keywords and statuses, per context, timed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column, id_column


class Filter(Base):
    __tablename__ = "filters"

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    contexts: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    action: Mapped[str] = mapped_column(String(10), default="warn", nullable=False)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_column()


class FilterKeyword(Base):
    __tablename__ = "filter_keywords"

    id: Mapped[int] = id_column()
    filter_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("filters.id", ondelete="CASCADE"), nullable=False, index=True
    )
    keyword: Mapped[str] = mapped_column(String(200), nullable=False)
    whole_word: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)


class FilterStatus(Base):
    __tablename__ = "filter_statuses"
    __table_args__ = (UniqueConstraint("filter_id", "status_id"),)

    id: Mapped[int] = id_column()
    filter_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("filters.id", ondelete="CASCADE"), nullable=False
    )
    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), nullable=False
    )
