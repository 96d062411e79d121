"""integrity: campaigns and their members; the automation label is renamed suspected-automated

Revision ID: integrity0001
Revises: favidx0001
Create Date: 2026-11-27 12:49:55.274765+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "integrity0001"
down_revision = "favidx0001"
branch_labels = None
depends_on = None

# The issue names the automation label suspected-automated (it was undeclared-automation);
# labels and preferences already stored follow. The public log keeps what it said.
RENAMED = (("labels", "value"), ("label_preferences", "label"), ("moderation_actions", "label"))


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accounts_count", sa.Integer(), nullable=False),
        sa.Column("statuses_count", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dissolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
        sa.UniqueConstraint("key", name=op.f("uq_campaigns_key")),
    )
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.create_index("ix_campaigns_state_ended_at", ["state", "ended_at"], unique=False)

    op.create_table(
        "campaign_accounts",
        sa.Column("campaign_id", sa.BigInteger(), nullable=False),
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_campaign_accounts_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_accounts_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_id", "account_id", name=op.f("pk_campaign_accounts")),
    )
    with op.batch_alter_table("campaign_accounts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_campaign_accounts_account_id", ["account_id", "campaign_id"], unique=False
        )

    op.create_table(
        "campaign_statuses",
        sa.Column("campaign_id", sa.BigInteger(), nullable=False),
        sa.Column("status_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_statuses_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["status_id"],
            ["statuses.id"],
            name=op.f("fk_campaign_statuses_status_id_statuses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_id", "status_id", name=op.f("pk_campaign_statuses")),
    )
    with op.batch_alter_table("campaign_statuses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_campaign_statuses_status_id", ["status_id", "campaign_id"], unique=False
        )

    for table, column in RENAMED:
        op.execute(
            sa.text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old").bindparams(
                new="suspected-automated", old="undeclared-automation"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("campaign_statuses", schema=None) as batch_op:
        batch_op.drop_index("ix_campaign_statuses_status_id")

    op.drop_table("campaign_statuses")
    with op.batch_alter_table("campaign_accounts", schema=None) as batch_op:
        batch_op.drop_index("ix_campaign_accounts_account_id")

    op.drop_table("campaign_accounts")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_index("ix_campaigns_state_ended_at")

    op.drop_table("campaigns")
