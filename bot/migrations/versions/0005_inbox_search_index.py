"""inbox search index: search columns and trigram indexes (issue 14)

Also an index on (status, assignee_username, created_at) for the two filters
together ("new and mine"), and one on (created_at, id), the list's order.

Handoffs get `search_text` (reference, first name and email, lower-cased, one a
line) and `search_phone` (the phone's digits), filled here for the rows already
there, and a trigram index over them: an FTS5 table kept by triggers on SQLite,
pg_trgm GIN indexes on PostgreSQL (the extension is created in `public` when
missing; pg_trgm is trusted, so the database owner may create it). The same
statements as bot/handoff/search_index.py, written out so this revision never
changes with the code.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 12:00:00
"""

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS handoff_search USING fts5(search_text, search_phone, tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS handoffs_search_insert AFTER INSERT ON handoffs BEGIN "
    "INSERT INTO handoff_search(rowid, search_text, search_phone) VALUES (new.id, new.search_text, new.search_phone); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS handoffs_search_delete AFTER DELETE ON handoffs BEGIN "
    "DELETE FROM handoff_search WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS handoffs_search_update AFTER UPDATE OF search_text, search_phone ON handoffs BEGIN "
    "UPDATE handoff_search SET search_text = new.search_text, search_phone = new.search_phone "
    "WHERE rowid = new.id; "
    "END",
    "INSERT INTO handoff_search(rowid, search_text, search_phone) SELECT id, search_text, search_phone FROM handoffs",
)


def _folded(value: str | None) -> str:
    return " ".join((value or "").split()).lower()


def _backfill(conn: Connection) -> None:
    """bot.handoff.search.search_columns for every existing row."""
    handoffs = sa.table("handoffs", sa.column("id"), sa.column("reference"), sa.column("contact"))
    update = sa.text("UPDATE handoffs SET search_text = :text, search_phone = :phone WHERE id = :id")
    rows = conn.execute(sa.select(handoffs.c.id, handoffs.c.reference, handoffs.c.contact)).all()
    params = []
    for row in rows:
        contact = row.contact if isinstance(row.contact, dict) else json.loads(row.contact or "{}")
        fields = (row.reference, contact.get("first_name"), contact.get("email"))
        params.append(
            {
                "id": row.id,
                "text": "\n".join(_folded(field) for field in fields),
                "phone": "".join(ch for ch in contact.get("phone") or "" if ch.isdigit()),
            }
        )
    for start in range(0, len(params), 1000):
        conn.execute(update, params[start : start + 1000])


def upgrade() -> None:
    op.add_column("handoffs", sa.Column("search_text", sa.String(length=400), server_default="", nullable=False))
    op.add_column("handoffs", sa.Column("search_phone", sa.String(length=20), server_default="", nullable=False))
    op.create_index("ix_handoffs_status_assignee_created_at", "handoffs", ["status", "assignee_username", "created_at"])
    op.create_index("ix_handoffs_created_at_id", "handoffs", ["created_at", "id"])
    conn = op.get_bind()
    _backfill(conn)
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_UP:
            conn.execute(sa.text(statement))
    elif conn.dialect.name == "postgresql":
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public"))
        schema = conn.execute(
            sa.text("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
        ).scalar_one()
        for column in ("search_text", "search_phone"):
            conn.execute(
                sa.text(
                    f"CREATE INDEX IF NOT EXISTS ix_handoffs_{column}_trgm ON handoffs USING gin ({column} {schema}.gin_trgm_ops)"
                )
            )


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for trigger in ("handoffs_search_insert", "handoffs_search_delete", "handoffs_search_update"):
            conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {trigger}"))
        conn.execute(sa.text("DROP TABLE IF EXISTS handoff_search"))
    elif conn.dialect.name == "postgresql":
        for column in ("search_text", "search_phone"):
            conn.execute(sa.text(f"DROP INDEX IF EXISTS ix_handoffs_{column}_trgm"))
    op.drop_index("ix_handoffs_created_at_id", table_name="handoffs")
    op.drop_index("ix_handoffs_status_assignee_created_at", table_name="handoffs")
    op.drop_column("handoffs", "search_phone")
    op.drop_column("handoffs", "search_text")
