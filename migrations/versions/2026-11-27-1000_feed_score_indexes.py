"""feed score indexes: (score, status_id), read in order by the popular and bridging sources

Revision ID: feeds0002
Revises: feeds0001
Create Date: 2026-11-27 10:00:00.000000+00:00
"""

from __future__ import annotations

from alembic import op

revision = "feeds0002"
down_revision = "hidecoll0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feed_post_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_feed_post_scores_popularity")
        batch_op.drop_index("ix_feed_post_scores_bridging")
        batch_op.create_index(
            "ix_feed_post_scores_bridging_status_id", ["bridging", "status_id"], unique=False
        )
        batch_op.create_index(
            "ix_feed_post_scores_popularity_status_id", ["popularity", "status_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("feed_post_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_feed_post_scores_popularity_status_id")
        batch_op.drop_index("ix_feed_post_scores_bridging_status_id")
        batch_op.create_index("ix_feed_post_scores_popularity", ["popularity"], unique=False)
        batch_op.create_index("ix_feed_post_scores_bridging", ["bridging"], unique=False)
