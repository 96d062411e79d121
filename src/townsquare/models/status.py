"""Status: a post, a reply or a reblog, with its edit history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column, id_column

VISIBILITIES = ("public", "unlisted", "private", "direct")


class Status(Base):
    __tablename__ = "statuses"
    __table_args__ = (
        # Covering indexes: the ranked feeds ask "what did these accounts post lately, and
        # was it a public reply or a boost?" and "is this post public, original, and
        # whose?" for hundreds of rows per page, answered without visiting the table.
        Index(
            "ix_statuses_account_id_id_visibility",
            "account_id",
            "id",
            "visibility",
            "in_reply_to_id",
            "reblog_of_id",
        ),
        Index("ix_statuses_id_visibility", "id", "visibility", "reblog_of_id", "account_id"),
        Index("ix_statuses_visibility_id", "visibility", "id"),
        # One reblog per account and status (NULLs are distinct, so posts are unaffected);
        # also answers "has the viewer reblogged these?" from the index.
        Index("ix_statuses_account_id_reblog_of_id", "account_id", "reblog_of_id", unique=True),
        # Most statuses are neither replies nor reblogs. Indexing only the rows that are
        # keeps SQLite's statistics from counting the NULLs, which made its planner think
        # "replies to X" matched every row and scan the table for each thread.
        Index(
            "ix_statuses_in_reply_to_id",
            "in_reply_to_id",
            sqlite_where=text("in_reply_to_id IS NOT NULL"),
            postgresql_where=text("in_reply_to_id IS NOT NULL"),
        ),
        Index(
            "ix_statuses_reblog_of_id",
            "reblog_of_id",
            sqlite_where=text("reblog_of_id IS NOT NULL"),
            postgresql_where=text("reblog_of_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )
    text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    content: Mapped[str] = mapped_column(Text, default="", nullable=False)
    spoiler_text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    visibility: Mapped[str] = mapped_column(String(10), default="public", nullable=False)
    language: Mapped[str | None] = mapped_column(String(10))
    in_reply_to_id: Mapped[int | None] = mapped_column(BigInteger)
    in_reply_to_account_id: Mapped[int | None] = mapped_column(BigInteger)
    reblog_of_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE")
    )
    conversation_id: Mapped[int | None] = mapped_column(BigInteger)
    application_id: Mapped[int | None] = mapped_column(BigInteger)
    replies_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    reblogs_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    favourites_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    created_at: Mapped[datetime] = created_column()
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StatusEdit(Base):
    """One earlier (or the first) version of a status, for ``/history``."""

    __tablename__ = "status_edits"

    id: Mapped[int] = id_column()
    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), nullable=False, index=True
    )
    account_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    spoiler_text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    created_at: Mapped[datetime] = created_column()


class Mention(Base):
    __tablename__ = "mentions"
    __table_args__ = (Index("ix_mentions_account_id_status_id", "account_id", "status_id"),)

    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)  # lower case
    display_name: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = created_column()


class StatusTag(Base):
    __tablename__ = "status_tags"
    __table_args__ = (Index("ix_status_tags_tag_id_status_id", "tag_id", "status_id"),)

    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True
    )


class IdempotencyKey(Base):
    """Which status a client's ``Idempotency-Key`` produced, so that retries don't duplicate."""

    __tablename__ = "idempotency_keys"

    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), nullable=False
    )
    created_at: Mapped[datetime] = created_column()
