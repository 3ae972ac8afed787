"""Databases made before migrations: SQLAlchemy's `create_all` made the tables
and there is no `alembic_version`. Such a database is stamped at the initial
revision only when its tables and columns are exactly those below (the schema
of revision 0001, frozen: never edit it for a later model change)."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.engine import Connection

LEGACY_TABLES: dict[str, frozenset[str]] = {
    name: frozenset(columns)
    for name, columns in {
        "service_codes": {"id", "code", "category", "label", "short_label"},
        "programs": {
            "id",
            "source",
            "source_id",
            "name",
            "name2",
            "street1",
            "street2",
            "city",
            "state",
            "zip",
            "latitude",
            "longitude",
            "geocode_precision",
            "phone",
            "intake_phone",
            "website",
            "content_hash",
            "updated_at",
        },
        "program_service_codes": {"program_id", "code_id"},
        "handoffs": {
            "id",
            "reference",
            "conversation_id",
            "created_at",
            "updated_at",
            "revision",
            "reason",
            "summary",
            "contact",
            "consent_at",
            "status",
        },
        "handoff_messages": {"id", "handoff_id", "position", "at", "sender", "text", "buttons"},
        "handoff_outbox": {
            "id",
            "handoff_id",
            "revision",
            "status",
            "next_attempt_at",
            "consecutive_failures",
            "attempt_count",
            "lease_owner",
            "lease_until",
            "last_attempt_at",
            "last_error",
            "delivered_at",
            "delivered_revision",
        },
        "handoff_delivery_attempts": {
            "id",
            "handoff_id",
            "revision",
            "started_at",
            "duration_ms",
            "http_status",
            "error",
            "worker",
        },
        "handoff_inbox_receipts": {
            "id",
            "handoff_id",
            "revision",
            "first_received_at",
            "last_received_at",
            "times_received",
            "body_sha256",
        },
        "handoff_status_changes": {"id", "handoff_id", "at", "status", "advisor_username", "note"},
        "advisors": {
            "id",
            "username",
            "password_hash",
            "active",
            "created_at",
            "updated_at",
            "last_login_at",
        },
        "advisor_sessions": {"id", "token_sha256", "advisor_id", "created_at", "last_seen_at"},
    }.items()
}


class LegacySchemaMismatch(RuntimeError):
    """The database has some of the project's tables, no alembic_version, and
    not the schema create_all made: migrating it could lose data."""


def has_project_tables(conn: Connection) -> bool:
    """Any of the project's tables present (other tables, such as Rasa's tracker
    store in a shared database, do not count)."""
    return bool(LEGACY_TABLES.keys() & set(inspect(conn).get_table_names()))


def legacy_differences(conn: Connection) -> list[str]:
    inspector = inspect(conn)
    present = set(inspector.get_table_names())
    problems: list[str] = []
    for table, expected in LEGACY_TABLES.items():
        if table not in present:
            problems.append(f"table {table} is missing")
            continue
        columns = {column["name"] for column in inspector.get_columns(table)}
        for name in sorted(expected - columns):
            problems.append(f"column {table}.{name} is missing")
        for name in sorted(columns - expected):
            problems.append(f"column {table}.{name} is not in the initial schema")
    return problems


def check_legacy_schema(conn: Connection) -> None:
    problems = legacy_differences(conn)
    if problems:
        raise LegacySchemaMismatch(
            "the database has tables but no alembic_version, and they differ from the "
            "schema the migrations start from, so it was not stamped: " + "; ".join(problems)
        )
