"""review queue: the trainers' review items (bot/review/models.py)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 08:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("collected_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("group_key", sa.String(length=255), nullable=False),
        sa.Column("reasons", sa.String(length=255), nullable=False),
        sa.Column("intent", sa.String(length=255), nullable=True),
        sa.Column("intent_confidence", sa.Float(), nullable=True),
        sa.Column("topic", sa.String(length=255), nullable=True),
        sa.Column("topic_confidence", sa.Float(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=255), nullable=True),
        sa.Column("labelled_by", sa.String(length=64), nullable=True),
        sa.Column("labelled_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'labelled', 'skipped')", name="ck_review_items_status"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id", "event_id", name="uq_review_items_event"),
    )
    op.create_index("ix_review_items_collected_at", "review_items", ["collected_at"])
    op.create_index("ix_review_items_group_key", "review_items", ["group_key"])
    op.create_index("ix_review_items_status", "review_items", ["status"])


def downgrade() -> None:
    op.drop_index("ix_review_items_status", table_name="review_items")
    op.drop_index("ix_review_items_group_key", table_name="review_items")
    op.drop_index("ix_review_items_collected_at", table_name="review_items")
    op.drop_table("review_items")
