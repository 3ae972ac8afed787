"""inbox roles, time zones, assignment and export audit (issue 14)

Each account gets a role and a time zone; every existing account becomes an
"advisor" in UTC. Nobody is made an admin silently: the operator who runs this
migration also runs `python -m bot advisors set-role NAME admin` (least
privilege; docs/handoff.md, "Roles"). Handoffs get an assignee, and two tables
keep the assignment history and the audit of CSV exports.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 08:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN on both backends: SQLite's batch mode copies the
    # table, and dropping the old copy cascade-deletes its child rows.
    op.add_column("advisors", sa.Column("role", sa.String(length=16), server_default="advisor", nullable=False))
    op.add_column("advisors", sa.Column("time_zone", sa.String(length=64), server_default="UTC", nullable=False))
    op.add_column("handoffs", sa.Column("assignee_username", sa.String(length=64), nullable=True))
    op.create_index("ix_handoffs_assignee_created_at", "handoffs", ["assignee_username", "created_at"])
    op.create_table(
        "handoff_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by_username", sa.String(length=64), nullable=False),
        sa.Column("assignee_username", sa.String(length=64), nullable=True),
        sa.Column("previous_username", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoffs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_handoff_assignments_handoff_id", "handoff_assignments", ["handoff_id"])
    op.create_table(
        "inbox_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("advisor_username", sa.String(length=64), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("searched", sa.Boolean(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_inbox_exports_at", "inbox_exports", ["at"])


def downgrade() -> None:
    op.drop_index("ix_inbox_exports_at", table_name="inbox_exports")
    op.drop_table("inbox_exports")
    op.drop_index("ix_handoff_assignments_handoff_id", table_name="handoff_assignments")
    op.drop_table("handoff_assignments")
    op.drop_index("ix_handoffs_assignee_created_at", table_name="handoffs")
    op.drop_column("handoffs", "assignee_username")
    op.drop_column("advisors", "time_zone")
    op.drop_column("advisors", "role")
