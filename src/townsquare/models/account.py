"""Account: the public identity that posts, follows and is followed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column, id_column


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = id_column()
    username: Mapped[str] = mapped_column(String(30), nullable=False)
    # Usernames are unique regardless of case, as in Mastodon.
    username_lower: Mapped[str] = mapped_column(String(30), nullable=False, unique=True)
    display_name: Mapped[str] = mapped_column(String(30), default="", nullable=False)
    note: Mapped[str] = mapped_column(Text, default="", nullable=False)
    note_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    fields: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, nullable=False)
    # The tip jar's addresses as rendered profile fields, shown after the user's own ``fields``
    # (written by ``townsquare.tips.service`` only; never read by ranking).
    tip_jar_fields: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    locked: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    bot: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    discoverable: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    indexable: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    # Followers and following lists show as empty to everyone but the account itself.
    hide_collections: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    role: Mapped[str] = mapped_column(String(20), default="user", nullable=False)
    # Indexed: home timelines look up the few accounts above the fan-out threshold.
    followers_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False, index=True)
    following_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    statuses_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    last_status_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    suspended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = created_column()
    # Optional: the account that operates this one (declared automation). Named by the bot,
    # shown only once that account confirmed (``townsquare.integrity.declared``); the
    # manager's username is kept here so that every Account entity renders without a query.
    managed_by_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    managed_by_username: Mapped[str | None] = mapped_column(String(30))
    managed_by_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The state-affiliated media entry that matches this account (affiliation, country,
    # source), copied by ``townsquare.integrity.state_media`` beside its label.
    state_affiliation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
