"""Tip jar: addresses, the history of their changes, and their profile fields on accounts.

Revision ID: tips0001
Revises: polls0001
Create Date: 2026-11-27 10:29:26.584626+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "tips0001"
down_revision = "feeds0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tip_jar_addresses",
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("network", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_tip_jar_addresses_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "currency", name=op.f("pk_tip_jar_addresses")),
    )
    op.create_table(
        "tip_jar_changes",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=20), nullable=False),
        sa.Column("previous_address", sa.String(length=320), nullable=True),
        sa.Column("address", sa.String(length=320), nullable=True),
        sa.Column("application_id", sa.BigInteger(), nullable=True),
        sa.Column("application_name", sa.String(length=100), nullable=True),
        sa.Column("notification_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_tip_jar_changes_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["oauth_apps.id"],
            name=op.f("fk_tip_jar_changes_application_id_oauth_apps"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notifications.id"],
            name=op.f("fk_tip_jar_changes_notification_id_notifications"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tip_jar_changes")),
    )
    with op.batch_alter_table("tip_jar_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tip_jar_changes_account_id_id", ["account_id", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_tip_jar_changes_notification_id"), ["notification_id"], unique=False
        )

    # A plain ADD COLUMN on both databases: never a table rebuild of accounts.
    op.add_column("accounts", sa.Column("tip_jar_fields", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("tip_jar_fields")

    with op.batch_alter_table("tip_jar_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tip_jar_changes_notification_id"))
        batch_op.drop_index("ix_tip_jar_changes_account_id_id")

    op.drop_table("tip_jar_changes")
    op.drop_table("tip_jar_addresses")
