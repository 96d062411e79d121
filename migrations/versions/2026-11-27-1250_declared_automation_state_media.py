"""declared automation (managed by, confirmed) and state-affiliated media on accounts

Revision ID: integrity0002
Revises: integrity0001
Create Date: 2026-11-27 12:49:49+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "integrity0002"
down_revision = "integrity0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("managed_by_username", sa.String(length=30), nullable=True))
        batch_op.add_column(
            sa.Column("managed_by_confirmed_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("state_affiliation", sa.JSON(), nullable=True))
    # A manager lists the bots that named it: few rows, found by this index.
    op.create_index("ix_accounts_managed_by_id", "accounts", ["managed_by_id"])


def downgrade() -> None:
    op.drop_index("ix_accounts_managed_by_id", table_name="accounts")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("state_affiliation")
        batch_op.drop_column("managed_by_confirmed_at")
        batch_op.drop_column("managed_by_username")
