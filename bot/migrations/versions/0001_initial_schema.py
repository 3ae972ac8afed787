"""initial schema: the tables as SQLAlchemy's create_all made them before migrations

The inbox list indexes of commit 69192a7 are in 0002: create_all never added
them to databases made before that commit. Column types are frozen here (the
models' UTCDateTime is a plain DATETIME in the database), so this file does not
change when the models do.

Revision ID: 0001
Revises:
Create Date: 2026-12-02 14:20:29.464637
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "advisors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("contact", sa.JSON(), nullable=False),
        sa.Column("consent_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "reason IN ('higher_level_of_care', 'detox', 'dual_diagnosis', 'visitor_request', 'fallback', 'crisis', 'travel', 'no_program_found')",
            name="ck_handoffs_reason",
        ),
        sa.CheckConstraint("status IN ('new', 'contacted', 'closed')", name="ck_handoffs_status"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id"),
        sa.UniqueConstraint("reference"),
    )
    op.create_index("ix_handoffs_created_at", "handoffs", ["created_at"])
    op.create_index("ix_handoffs_updated_at", "handoffs", ["updated_at"])
    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("name2", sa.String(length=255), nullable=True),
        sa.Column("street1", sa.String(length=255), nullable=True),
        sa.Column("street2", sa.String(length=255), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("zip", sa.String(length=5), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("geocode_precision", sa.String(length=8), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("intake_phone", sa.String(length=40), nullable=True),
        sa.Column("website", sa.String(length=255), nullable=True),
        sa.Column("content_hash", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "source_id", name="uq_programs_source_source_id"),
    )
    op.create_index("ix_programs_lat_lon", "programs", ["latitude", "longitude"])
    op.create_index("ix_programs_state_city", "programs", ["state", "city"])
    op.create_table(
        "service_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("label", sa.String(length=255), nullable=False),
        sa.Column("short_label", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_index(op.f("ix_service_codes_category"), "service_codes", ["category"])
    op.create_table(
        "advisor_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("advisor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["advisor_id"], ["advisors.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_sha256"),
    )
    op.create_index(op.f("ix_advisor_sessions_advisor_id"), "advisor_sessions", ["advisor_id"])
    op.create_index("ix_advisor_sessions_last_seen_at", "advisor_sessions", ["last_seen_at"])
    op.create_table(
        "handoff_delivery_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("duration_ms", sa.Float(), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.Column("worker", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoffs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_handoff_delivery_attempts_handoff_id"), "handoff_delivery_attempts", ["handoff_id"])
    op.create_table(
        "handoff_inbox_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("first_received_at", sa.DateTime(), nullable=False),
        sa.Column("last_received_at", sa.DateTime(), nullable=False),
        sa.Column("times_received", sa.Integer(), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoffs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("handoff_id", "revision", name="uq_handoff_inbox_receipts_revision"),
    )
    op.create_index(op.f("ix_handoff_inbox_receipts_handoff_id"), "handoff_inbox_receipts", ["handoff_id"])
    op.create_table(
        "handoff_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("sender", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("buttons", sa.JSON(), nullable=False),
        sa.CheckConstraint("sender IN ('visitor', 'assistant')", name="ck_handoff_messages_sender"),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoffs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("handoff_id", "position", name="uq_handoff_messages_position"),
    )
    op.create_index(op.f("ix_handoff_messages_handoff_id"), "handoff_messages", ["handoff_id"])
    op.create_table(
        "handoff_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("attempt_count", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(length=128), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("delivered_revision", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'delivered')", name="ck_handoff_outbox_status"),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoffs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("handoff_id"),
    )
    op.create_index("ix_handoff_outbox_due", "handoff_outbox", ["status", "next_attempt_at"])
    op.create_table(
        "handoff_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("advisor_username", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("status IN ('new', 'contacted', 'closed')", name="ck_handoff_status_changes_status"),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoffs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_handoff_status_changes_handoff_id"), "handoff_status_changes", ["handoff_id"])
    op.create_table(
        "program_service_codes",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["code_id"], ["service_codes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("program_id", "code_id", name="pk_program_service_codes"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_program_service_codes_code_program", "program_service_codes", ["code_id", "program_id"])


def downgrade() -> None:
    op.drop_index("ix_program_service_codes_code_program", table_name="program_service_codes")
    op.drop_table("program_service_codes")
    op.drop_index(op.f("ix_handoff_status_changes_handoff_id"), table_name="handoff_status_changes")
    op.drop_table("handoff_status_changes")
    op.drop_index("ix_handoff_outbox_due", table_name="handoff_outbox")
    op.drop_table("handoff_outbox")
    op.drop_index(op.f("ix_handoff_messages_handoff_id"), table_name="handoff_messages")
    op.drop_table("handoff_messages")
    op.drop_index(op.f("ix_handoff_inbox_receipts_handoff_id"), table_name="handoff_inbox_receipts")
    op.drop_table("handoff_inbox_receipts")
    op.drop_index(op.f("ix_handoff_delivery_attempts_handoff_id"), table_name="handoff_delivery_attempts")
    op.drop_table("handoff_delivery_attempts")
    op.drop_index("ix_advisor_sessions_last_seen_at", table_name="advisor_sessions")
    op.drop_index(op.f("ix_advisor_sessions_advisor_id"), table_name="advisor_sessions")
    op.drop_table("advisor_sessions")
    op.drop_index(op.f("ix_service_codes_category"), table_name="service_codes")
    op.drop_table("service_codes")
    op.drop_index("ix_programs_state_city", table_name="programs")
    op.drop_index("ix_programs_lat_lon", table_name="programs")
    op.drop_table("programs")
    op.drop_index("ix_handoffs_updated_at", table_name="handoffs")
    op.drop_index("ix_handoffs_created_at", table_name="handoffs")
    op.drop_table("handoffs")
    op.drop_table("advisors")
