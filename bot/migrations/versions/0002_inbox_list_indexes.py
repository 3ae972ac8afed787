"""inbox list indexes: handoffs by status or reason, newest first

Commit 69192a7 added them to the models, so create_all made them in databases
created since then but not in older ones. IF NOT EXISTS lets both kinds of
adopted database (stamped at 0001) end up the same.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 14:35:00
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_handoffs_status_created_at", "handoffs", ["status", "created_at"], if_not_exists=True)
    op.create_index("ix_handoffs_reason_created_at", "handoffs", ["reason", "created_at"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_handoffs_reason_created_at", table_name="handoffs")
    op.drop_index("ix_handoffs_status_created_at", table_name="handoffs")
