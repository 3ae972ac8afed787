"""The trigram indexes behind the inbox search (issue 14), which the ORM metadata
cannot declare: `install_search_index` runs after `handoffs` is created (by
create_all, through the event in bot/handoff/models.py) and migration 0005
runs the same statements on migrated databases.

The search is a substring match ("720 555", "ria@gm"), which no B-tree index
serves. Each backend's own trigram index does:
* SQLite: an FTS5 table with the trigram tokenizer (SQLite >= 3.34) holding
  its own copy of `handoffs.search_text` / `search_phone`, kept in step by
  triggers, so every writer (bulk loads too) updates it and a deleted handoff
  (retention) leaves nothing behind. A copy rather than external content: the
  match is re-checked on the narrow copy, not on the wide `handoffs` row, 2-6x
  faster at 100,000 handoffs.
* PostgreSQL: pg_trgm GIN indexes on the two columns. pg_trgm is a trusted
  extension (PostgreSQL 13+): the database owner may create it without being a
  superuser. Its operator class is named with the schema it lives in, because
  an extension exists once per database and the search_path may not hold it.

Queries of one or two characters cannot use a trigram index; both backends then
scan (still correct, and rare in an inbox). Imports only SQLAlchemy.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

FTS_TABLE = "handoff_search"
# What FTS5 makes for FTS_TABLE; the schema comparisons leave them alone.
FTS_TABLES = frozenset(
    {FTS_TABLE, *(f"{FTS_TABLE}_{part}" for part in ("data", "idx", "content", "docsize", "config"))}
)
TRIGRAM_INDEXES = frozenset({"ix_handoffs_search_text_trgm", "ix_handoffs_search_phone_trgm"})

SQLITE_STATEMENTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_text, search_phone, tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS handoffs_search_insert AFTER INSERT ON handoffs BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text, search_phone) VALUES (new.id, new.search_text, new.search_phone); "
    "END",
    f"CREATE TRIGGER IF NOT EXISTS handoffs_search_delete AFTER DELETE ON handoffs BEGIN "
    f"DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END",
    f"CREATE TRIGGER IF NOT EXISTS handoffs_search_update AFTER UPDATE OF search_text, search_phone ON handoffs BEGIN "
    f"UPDATE {FTS_TABLE} SET search_text = new.search_text, search_phone = new.search_phone "
    "WHERE rowid = new.id; "
    "END",
    # Index the rows already there (none after create_all; all of them in a migration).
    f"INSERT INTO {FTS_TABLE}(rowid, search_text, search_phone) SELECT id, search_text, search_phone FROM handoffs",
)


def install_search_index(connection: Connection) -> None:
    """Create the search index of the connection's backend (idempotent)."""
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_STATEMENTS:
            connection.execute(text(statement))
    elif connection.dialect.name == "postgresql":
        # In public when it is not there yet: a schema dropped later (a test's,
        # say) must not take the extension, and every other schema's index, with it.
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public"))
        schema = connection.execute(
            text("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
        ).scalar_one()
        for column in ("search_text", "search_phone"):
            connection.execute(
                text(
                    f"CREATE INDEX IF NOT EXISTS ix_handoffs_{column}_trgm ON handoffs USING gin ({column} {schema}.gin_trgm_ops)"
                )
            )


def drop_search_index(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        for trigger in ("handoffs_search_insert", "handoffs_search_delete", "handoffs_search_update"):
            connection.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
        connection.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
    elif connection.dialect.name == "postgresql":
        for name in sorted(TRIGRAM_INDEXES):
            connection.execute(text(f"DROP INDEX IF EXISTS {name}"))


def after_create(_table: Any, connection: Connection, **_kw: Any) -> None:
    install_search_index(connection)


def before_drop(_table: Any, connection: Connection, **_kw: Any) -> None:
    drop_search_index(connection)


def is_search_object(type_: str, name: str | None) -> bool:
    """True for the objects above, which no model declares: a schema comparison
    (autogenerate, the migration tests) must neither report nor drop them."""
    return (type_ == "table" and name in FTS_TABLES) or (type_ == "index" and name in TRIGRAM_INDEXES)
