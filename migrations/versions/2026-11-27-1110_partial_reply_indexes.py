"""partial indexes on replies and reblogs

Revision ID: partialidx0001
Revises: tips0001
Create Date: 2026-11-27 11:10:00+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "partialidx0001"
down_revision = "tips0001"
branch_labels = None
depends_on = None

COLUMNS = ("in_reply_to_id", "reblog_of_id")


def upgrade() -> None:
    # Only replies and reblogs are indexed: SQLite's statistics otherwise count the NULL
    # rows, and its planner then scans the table to find a thread's replies.
    for column in COLUMNS:
        op.drop_index(f"ix_statuses_{column}", table_name="statuses")
        op.create_index(
            f"ix_statuses_{column}",
            "statuses",
            [column],
            sqlite_where=sa.text(f"{column} IS NOT NULL"),
            postgresql_where=sa.text(f"{column} IS NOT NULL"),
        )


def downgrade() -> None:
    for column in COLUMNS:
        op.drop_index(f"ix_statuses_{column}", table_name="statuses")
        op.create_index(f"ix_statuses_{column}", "statuses", [column])
