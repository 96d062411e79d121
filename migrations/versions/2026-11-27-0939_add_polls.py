"""add polls

Revision ID: polls0001
Revises: jobs0001
Create Date: 2026-11-27 09:39:11.694444+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "polls0001"
down_revision = "notes0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "polls",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("status_id", sa.BigInteger(), nullable=False),
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("multiple", sa.Boolean(), nullable=False),
        sa.Column("hide_totals", sa.Boolean(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("votes_count", sa.BigInteger(), nullable=False),
        sa.Column("voters_count", sa.BigInteger(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("merkle_root", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_polls_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["status_id"],
            ["statuses.id"],
            name=op.f("fk_polls_status_id_statuses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_polls")),
        sa.UniqueConstraint("status_id", name=op.f("uq_polls_status_id")),
    )
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.create_index(
            "ix_polls_closed_at_expires_at", ["closed_at", "expires_at"], unique=False
        )

    op.create_table(
        "poll_ballots",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("poll_id", sa.BigInteger(), nullable=False),
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("choices", sa.BigInteger(), nullable=False),
        sa.Column("receipt", sa.String(length=64), nullable=False),
        sa.Column("leaf", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_poll_ballots_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_poll_ballots_poll_id_polls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_ballots")),
        sa.UniqueConstraint(
            "poll_id", "account_id", name=op.f("uq_poll_ballots_poll_id_account_id")
        ),
    )
    with op.batch_alter_table("poll_ballots", schema=None) as batch_op:
        batch_op.create_index("ix_poll_ballots_poll_id_leaf", ["poll_id", "leaf"], unique=False)

    op.create_table(
        "poll_options",
        sa.Column("poll_id", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("votes_count", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_poll_options_poll_id_polls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("poll_id", "position", name=op.f("pk_poll_options")),
    )


def downgrade() -> None:
    op.drop_table("poll_options")
    with op.batch_alter_table("poll_ballots", schema=None) as batch_op:
        batch_op.drop_index("ix_poll_ballots_poll_id_leaf")

    op.drop_table("poll_ballots")
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.drop_index("ix_polls_closed_at_expires_at")

    op.drop_table("polls")
