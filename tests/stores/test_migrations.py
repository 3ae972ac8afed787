"""Alembic migrations (bot/migrations): on SQLite and PostgreSQL, an empty
database upgraded to head has exactly the models' schema, the revisions go down
and up again, a database made earlier by `create_all` is adopted with its rows
kept, and `python -m bot migrate` / `init-db` apply them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, Table, inspect, select, text
from sqlalchemy.sql.expression import TableClause
from sqlalchemy.sql.expression import column as sql_column
from sqlalchemy.sql.expression import table as sql_table

import bot.models  # noqa: F401  (registers every table on Base.metadata)
from bot.db import Base, Database
from bot.handoff.search_index import FTS_TABLES, is_search_object
from bot.migrations import (
    LegacySchemaMismatch,
    alembic_config,
    current_revision,
    downgrade,
    migrate,
)

ROOT = Path(__file__).resolve().parents[2]
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
# The indexes a create_all database made before commit 69192a7 lacks.
INBOX_LIST_INDEXES = ("ix_handoffs_status_created_at", "ix_handoffs_reason_created_at")
# Tables created by revisions after 0001: a create_all database from before
# migrations has none of them.


@pytest.fixture
def database(db_url):
    db = Database(db_url)
    yield db
    db.dispose()


def create_all_before_migrations(db: Database) -> None:
    """The database an earlier release made: create_all's DDL of the commit
    before migrations, frozen in tests/data (today's models may differ)."""
    path = ROOT / "tests" / "data" / f"legacy_create_all.{db.engine.dialect.name}.sql"
    sql = re.sub(r"^--.*$", "", path.read_text(), flags=re.M)
    with db.engine.begin() as conn:
        for statement in filter(None, (part.strip() for part in sql.split(";"))):
            conn.exec_driver_sql(statement)


def schema_differences(db: Database) -> list:
    """What autogenerate would change, leaving out the search index's objects,
    which no model declares (bot.handoff.search_index; env.py skips them too)."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        return compare_metadata(context, Base.metadata)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not is_search_object(type_, name)


def table_names(db: Database) -> set:
    """The tables, the search index's FTS5 tables left out (compared on their own)."""
    return set(inspect(db.engine).get_table_names()) - FTS_TABLES


def legacy_tables(db: Database) -> MetaData:
    """The frozen schema's tables as the database holds them (today's models
    have more tables and columns)."""
    metadata = MetaData()
    metadata.reflect(bind=db.engine)
    return metadata


def fill(db: Database) -> dict:
    """One row in every table of the frozen schema; returns {table: rows as
    tuples} to compare later."""
    rows = {
        "service_codes": [
            {
                "id": 1,
                "code": "IOT",
                "category": "level_of_care",
                "label": "Intensive outpatient treatment",
                "short_label": "IOP",
            }
        ],
        "programs": [
            {
                "id": 1,
                "source": "sample",
                "source_id": "s1",
                "name": "Sample Clinic",
                "state": "CO",
                "city": "Denver",
                "zip": "80202",
                "latitude": 39.75,
                "longitude": -104.99,
                "content_hash": "0" * 40,
                "updated_at": NOW,
            }
        ],
        "program_service_codes": [{"program_id": 1, "code_id": 1}],
        "handoffs": [
            {
                "id": 1,
                "reference": "H-0001",
                "conversation_id": "conv-1",
                "created_at": NOW,
                "updated_at": NOW,
                "revision": 1,
                "reason": "visitor_request",
                "summary": {"k": "v"},
                "contact": {"first_name": "A"},
                "consent_at": NOW,
                "status": "new",
            }
        ],
        "handoff_messages": [
            {"id": 1, "handoff_id": 1, "position": 0, "at": NOW, "sender": "visitor", "text": "hello", "buttons": []}
        ],
        "handoff_outbox": [
            {
                "id": 1,
                "handoff_id": 1,
                "revision": 1,
                "status": "pending",
                "next_attempt_at": NOW,
                "consecutive_failures": 0,
                "attempt_count": 0,
            }
        ],
        "handoff_delivery_attempts": [
            {
                "id": 1,
                "handoff_id": 1,
                "revision": 1,
                "started_at": NOW,
                "duration_ms": 12.5,
                "http_status": 500,
                "worker": "w1",
            }
        ],
        "handoff_inbox_receipts": [
            {
                "id": 1,
                "handoff_id": 1,
                "revision": 1,
                "first_received_at": NOW,
                "last_received_at": NOW,
                "times_received": 1,
                "body_sha256": "a" * 64,
            }
        ],
        "handoff_status_changes": [{"id": 1, "handoff_id": 1, "at": NOW, "status": "contacted", "note": "called"}],
        "advisors": [
            {"id": 1, "username": "ada", "password_hash": "x", "active": True, "created_at": NOW, "updated_at": NOW}
        ],
        "advisor_sessions": [
            {"id": 1, "token_sha256": "b" * 64, "advisor_id": 1, "created_at": NOW, "last_seen_at": NOW}
        ],
    }
    frozen = legacy_tables(db)
    assert set(rows) == set(frozen.tables), "fill() must cover every table"
    with db.engine.begin() as conn:
        for table in frozen.sorted_tables:
            conn.execute(frozen_columns(table).insert(), rows[table.name])
    return dump(db, frozen)


def frozen_columns(table: Table) -> TableClause:
    """`table` with only the columns it has in the database, typed as the models
    type them (UTCDateTime, JSON) and without the models' defaults."""
    model = Base.metadata.tables[table.name]
    return sql_table(table.name, *(sql_column(c.name, model.c[c.name].type) for c in table.columns))


def dump(db: Database, tables: MetaData | None = None) -> dict:
    """Every row of `tables` (default: the models'), only the columns `tables` has."""
    tables = tables or Base.metadata
    with db.engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.execute(
                    select(frozen_columns(table)).order_by(*(sql_column(c.name) for c in table.primary_key))
                )
            ]
            for table in tables.sorted_tables
        }


def test_upgrade_from_empty_gives_exactly_the_models_schema(database):
    migrate(database.engine)

    assert current_revision(database.engine) == HEAD
    assert schema_differences(database) == []
    assert table_names(database) == set(Base.metadata.tables) | {"alembic_version"}


def test_downgrade_to_base_and_upgrade_again(database):
    migrate(database.engine)
    downgrade(database.engine, "base")

    assert table_names(database) == {"alembic_version"}
    assert current_revision(database.engine) is None

    migrate(database.engine)
    assert current_revision(database.engine) == HEAD
    assert schema_differences(database) == []


@pytest.mark.parametrize("made_before_inbox_indexes", [False, True])
def test_a_create_all_database_is_stamped_then_upgraded_and_keeps_its_rows(database, made_before_inbox_indexes):
    # The schema of the commit before migrations, no alembic_version (and, for
    # a database first made before 69192a7, without the inbox indexes).
    create_all_before_migrations(database)
    if made_before_inbox_indexes:
        with database.engine.begin() as conn:
            for name in INBOX_LIST_INDEXES:
                conn.execute(text(f"DROP INDEX {name}"))
    frozen = legacy_tables(database)
    before = fill(database)

    result = migrate(database.engine)

    assert result.adopted is True
    assert current_revision(database.engine) == HEAD
    assert schema_differences(database) == []
    assert dump(database, frozen) == before
    # 0003: an existing account becomes an advisor in UTC (nobody turns admin
    # silently) and an existing handoff is unassigned.
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT role, time_zone FROM advisors")).all() == [("advisor", "UTC")]
        assert conn.execute(text("SELECT assignee_username FROM handoffs")).all() == [(None,)]


def test_a_database_that_does_not_match_the_old_schema_is_refused_untouched(database):
    create_all_before_migrations(database)
    with database.engine.begin() as conn:
        conn.execute(text("DROP TABLE advisor_sessions"))

    with pytest.raises(LegacySchemaMismatch, match="advisor_sessions"):
        migrate(database.engine)
    assert "alembic_version" not in table_names(database)


def test_other_tables_in_a_shared_database_are_left_alone(database):
    # TRACKER_STORE_URL may be the same database: Rasa's tables are not ours.
    with database.engine.begin() as conn:
        conn.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255))"))
        conn.execute(text("INSERT INTO events (id, sender_id) VALUES (1, 'x')"))

    result = migrate(database.engine)

    assert result.adopted is False
    assert current_revision(database.engine) == HEAD
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events")).scalar_one() == 1


def run_bot(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_python_m_bot_migrate_twice_is_a_no_op_the_second_time(db_url):
    first = run_bot("migrate", "--database-url", db_url)
    assert first.returncode == 0, first.stderr
    assert f"-> {HEAD}" in first.stdout

    db = Database(db_url)
    try:
        before = dump(db)
        second = run_bot("migrate", "--database-url", db_url)
        assert second.returncode == 0, second.stderr
        assert f"already at {HEAD}" in second.stdout
        assert "->" not in second.stdout
        assert current_revision(db.engine) == HEAD
        assert dump(db) == before
        assert schema_differences(db) == []
    finally:
        db.dispose()


def test_init_db_migrates_a_fresh_and_an_existing_database_alike(sqlite_url, tmp_path):
    from bot.setup_db import cli as init_db

    fresh = sqlite_url
    existing = f"sqlite:///{tmp_path / 'existing.db'}"
    old = Database(existing)
    create_all_before_migrations(old)
    old.dispose()

    for url in (fresh, existing):
        assert init_db(["--database-url", url]) == 0
        db = Database(url)
        try:
            assert current_revision(db.engine) == HEAD
            assert schema_differences(db) == []
        finally:
            db.dispose()


def test_migrate_is_a_registered_command():
    from bot.cli import COMMANDS

    assert COMMANDS["migrate"][:2] == ("bot.migrations.command", "cli")
