"""Moderation: reports, actions under a published rule, the hash-chained public log,
removals, labels (on statuses or accounts), label preferences and appeals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column, id_column


class Report(Base):
    """A report by one account about another (and some of its statuses)."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_action_taken_at_id", "action_taken_at", "id"),)

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    target_account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status_ids: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    rule_ids: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    comment: Mapped[str] = mapped_column(Text, default="", nullable=False)
    category: Mapped[str] = mapped_column(String(20), default="other", nullable=False)
    forwarded: Mapped[bool] = mapped_column(default=False, nullable=False)
    created_at: Mapped[datetime] = created_column()
    action_taken_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_id: Mapped[int | None] = mapped_column(BigInteger)


class ModerationAction(Base):
    """One action (remove, label, suspend) under a rule, and its reversal if any."""

    __tablename__ = "moderation_actions"
    __table_args__ = (Index("ix_moderation_actions_target", "target_type", "target_id"),)

    id: Mapped[int] = id_column()
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    target_type: Mapped[str] = mapped_column(String(10), nullable=False)
    target_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    # The account affected: the status's author, or the account itself.
    target_account_id: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)
    rule_id: Mapped[str] = mapped_column(String(50), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    label: Mapped[str | None] = mapped_column(String(50))
    moderator_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    report_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = created_column()
    reversed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reversed_by_id: Mapped[int | None] = mapped_column(BigInteger)
    reversal_reason: Mapped[str | None] = mapped_column(Text)


class LogEntry(Base):
    """One entry of the public transparency log, chained to the previous one by its hash.

    Every published field is stored as the text that is hashed, so that the chain can be
    recomputed from the public log alone (see docs/moderation.md for the encoding).
    """

    __tablename__ = "transparency_log"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    time: Mapped[str] = mapped_column(String(32), nullable=False)
    action: Mapped[str] = mapped_column(String(30), nullable=False)
    action_id: Mapped[str] = mapped_column(String(20), nullable=False)
    target_type: Mapped[str] = mapped_column(String(10), nullable=False)
    target_id: Mapped[str] = mapped_column(String(20), nullable=False)
    rule: Mapped[str] = mapped_column(String(50), nullable=False)
    legal_basis: Mapped[str] = mapped_column(Text, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)


class StatusRemoval(Base):
    """A removed status: the row stays so that the log can point at it; it answers 410."""

    __tablename__ = "status_removals"

    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), primary_key=True
    )
    action_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    rule_id: Mapped[str] = mapped_column(String(50), nullable=False)
    removed_at: Mapped[datetime] = created_column()


class Label(Base):
    """A label on a status or an account, applied by a moderator or by a named detector."""

    __tablename__ = "labels"
    __table_args__ = (
        UniqueConstraint("target_type", "target_id", "value"),
        Index("ix_labels_value_id", "value", "id"),
    )

    id: Mapped[int] = id_column()
    target_type: Mapped[str] = mapped_column(String(10), nullable=False)  # status | account
    target_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    value: Mapped[str] = mapped_column(String(50), nullable=False)
    # "moderator" or a detector's name (e.g. "integrity.automation").
    applied_by: Mapped[str] = mapped_column(String(100), nullable=False)
    moderator_id: Mapped[int | None] = mapped_column(BigInteger)
    action_id: Mapped[int | None] = mapped_column(BigInteger)
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = created_column()


class LabelPreference(Base):
    """What one reader wants done with statuses carrying a label: hide, warn or show."""

    __tablename__ = "label_preferences"

    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    label: Mapped[str] = mapped_column(String(50), primary_key=True)
    setting: Mapped[str] = mapped_column(String(10), nullable=False)


class Appeal(Base):
    """The affected author's appeal of an action, decided by another moderator."""

    __tablename__ = "appeals"

    id: Mapped[int] = id_column()
    action_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("moderation_actions.id", ondelete="CASCADE"), unique=True
    )
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    text: Mapped[str] = mapped_column(Text, nullable=False)
    state: Mapped[str] = mapped_column(String(10), default="pending", nullable=False)
    decided_by_id: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_column()


class ModerationWarning(Base):
    """What the affected author is told (Mastodon's AccountWarning). Its notification
    shares its id, so that a page of notifications finds its warnings in one query."""

    __tablename__ = "moderation_warnings"

    id: Mapped[int] = id_column()
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    action_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("moderation_actions.id", ondelete="CASCADE"), nullable=False
    )
    event: Mapped[str] = mapped_column(String(30), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = created_column()
