"""Community notes: notes on statuses, their ratings, scores, status history and runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column, id_column


class Note(Base):
    """Context one account wrote on a status, with its latest score."""

    __tablename__ = "notes"
    __table_args__ = (
        # One note per author and status; also lists a status's notes.
        UniqueConstraint("status_id", "account_id"),
        Index("ix_notes_account_id_id", "account_id", "id"),
    )

    id: Mapped[int] = id_column()
    status_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("statuses.id", ondelete="CASCADE"), nullable=False
    )
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )
    classification: Mapped[str] = mapped_column(String(40), nullable=False)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    created_at: Mapped[datetime] = created_column()
    # Written by the scorer: NULL intercept / factor while the note is outside the fit.
    status: Mapped[str] = mapped_column(String(20), default="needs_more_ratings", nullable=False)
    intercept: Mapped[float | None] = mapped_column(Float)
    factor: Mapped[float | None] = mapped_column(Float)
    ratings_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    scored_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class NoteRating(Base):
    """One rater's answer to "is this note helpful?", changeable, one per rater and note."""

    __tablename__ = "note_ratings"
    __table_args__ = (
        UniqueConstraint("note_id", "account_id"),
        Index("ix_note_ratings_account_id_id", "account_id", "id"),
    )

    id: Mapped[int] = id_column()
    note_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("notes.id", ondelete="CASCADE"), nullable=False
    )
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )
    helpfulness: Mapped[str] = mapped_column(String(20), nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)  # 1.0 / 0.5 / 0.0
    helpful_tags: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    not_helpful_tags: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = created_column()


class NoteStatusChange(Base):
    """A note's status history: one row each time scoring changed its status."""

    __tablename__ = "note_status_changes"
    __table_args__ = (Index("ix_note_status_changes_note_id_id", "note_id", "id"),)

    id: Mapped[int] = id_column()
    note_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("notes.id", ondelete="CASCADE"), nullable=False
    )
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    previous_status: Mapped[str] = mapped_column(String(20), nullable=False)
    intercept: Mapped[float | None] = mapped_column(Float)
    factor: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = created_column()


class NoteRaterScore(Base):
    """A rater's fitted intercept and factor from the latest scoring run."""

    __tablename__ = "note_rater_scores"

    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    intercept: Mapped[float | None] = mapped_column(Float)
    factor: Mapped[float | None] = mapped_column(Float)
    ratings_used: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    scored_at: Mapped[datetime] = created_column()


class NoteScoringRun(Base):
    """One scoring run: the global intercept and what went into the fit."""

    __tablename__ = "note_scoring_runs"

    id: Mapped[int] = id_column()
    global_intercept: Mapped[float] = mapped_column(Float, nullable=False)
    ratings: Mapped[int] = mapped_column(Integer, nullable=False)
    ratings_used: Mapped[int] = mapped_column(Integer, nullable=False)
    notes_scored: Mapped[int] = mapped_column(Integer, nullable=False)
    raters_used: Mapped[int] = mapped_column(Integer, nullable=False)
    objective: Mapped[float] = mapped_column(Float, nullable=False)
    iterations: Mapped[int] = mapped_column(Integer, nullable=False)
    seconds: Mapped[float] = mapped_column(Float, nullable=False)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=False)
    created_at: Mapped[datetime] = created_column()
