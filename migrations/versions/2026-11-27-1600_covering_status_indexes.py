"""covering indexes on statuses for the ranked feeds' out-of-network sources

Revision ID: statusidx0001
Revises: integrity0002
Create Date: 2026-11-27 16:00:00+00:00
"""

from __future__ import annotations

from alembic import op

revision = "statusidx0001"
down_revision = "integrity0002"
branch_labels = None
depends_on = None

BY_ACCOUNT = ["account_id", "id", "visibility", "in_reply_to_id", "reblog_of_id"]
BY_ID = ["id", "visibility", "reblog_of_id", "account_id"]


def upgrade() -> None:
    # "What did these accounts post lately, and was it a public reply or a boost?" and
    # "is this post public, original, and whose?" answered from the indexes alone: the
    # ranked feeds ask both for hundreds of rows per page, and each table visit doubled
    # the cost (measured in docs/performance.md).
    op.drop_index("ix_statuses_account_id_id", table_name="statuses")
    op.create_index("ix_statuses_account_id_id_visibility", "statuses", BY_ACCOUNT)
    op.create_index("ix_statuses_id_visibility", "statuses", BY_ID)


def downgrade() -> None:
    op.drop_index("ix_statuses_id_visibility", table_name="statuses")
    op.drop_index("ix_statuses_account_id_id_visibility", table_name="statuses")
    op.create_index("ix_statuses_account_id_id", "statuses", ["account_id", "id"])
