"""User: the login credentials behind a local account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column, id_column


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    email: Mapped[str] = mapped_column(String(320), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    locale: Mapped[str] = mapped_column(String(10), default="en", nullable=False)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    created_at: Mapped[datetime] = created_column()
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Posting defaults a client reads from ``source`` and that apply when a post omits them.
    default_privacy: Mapped[str] = mapped_column(
        String(10), default="public", server_default="public", nullable=False
    )
    default_sensitive: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false(), nullable=False
    )
    default_language: Mapped[str | None] = mapped_column(String(10))
