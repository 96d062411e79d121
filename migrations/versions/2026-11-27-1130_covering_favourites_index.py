"""covering index on favourites by account

Revision ID: favidx0001
Revises: moderation0001
Create Date: 2026-11-27 11:30:00+00:00
"""

from __future__ import annotations

from alembic import op

revision = "favidx0001"
down_revision = "moderation0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The status id joins the index so that reading an account's recent likes never
    # visits the table.
    op.drop_index("ix_favourites_account_id_id", table_name="favourites")
    op.create_index(
        "ix_favourites_account_id_id_status_id", "favourites", ["account_id", "id", "status_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_favourites_account_id_id_status_id", table_name="favourites")
    op.create_index("ix_favourites_account_id_id", "favourites", ["account_id", "id"])
