"""Only `python -m bot migrate` makes the schema: the web app, the delivery
worker, add-advisor and purge check the database is at the newest revision and
refuse with "run python -m bot migrate" when it is not (bot/migrations/check.py),
on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from bot.db import Database
from bot.migrations import alembic_config, downgrade, migrate
from bot.migrations.check import (
    SchemaNotCurrent,
    require_current_schema,
    schema_problem,
)

ROOT = Path(__file__).resolve().parents[2]
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()
FIX = "run python -m bot migrate"


@pytest.fixture
def database(db_url):
    db = Database(db_url)
    yield db
    db.dispose()


def run_bot(db_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": db_url,
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "WORKER_METRICS_PORT": "0",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_empty_database_is_refused_and_left_empty(database):
    with pytest.raises(SchemaNotCurrent, match="has no schema yet; run python -m bot migrate"):
        require_current_schema(database.engine)
    assert inspect(database.engine).get_table_names() == []


def test_a_database_at_the_newest_revision_is_accepted(database):
    migrate(database.engine)
    assert schema_problem(database.engine) is None
    require_current_schema(database.engine)


def test_an_older_revision_is_refused_naming_both(database):
    migrate(database.engine)
    downgrade(database.engine, "0001")
    assert HEAD != "0001"
    assert schema_problem(database.engine) == (f"the database is at revision 0001, this release needs {HEAD}; {FIX}")


def test_a_database_made_before_migrations_is_refused(database):
    database.create_schema()  # create_all, no alembic_version
    problem = schema_problem(database.engine)
    assert problem == f"the database was made before migrations (no alembic_version); {FIX}"


def test_a_newer_release_revision_is_accepted_for_rolling_upgrades(database, caplog):
    migrate(database.engine)
    with database.engine.connect() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    assert schema_problem(database.engine) is None
    assert "revision 9999, newer than this release's" in caplog.text


@pytest.mark.parametrize(
    "argv, stdin",
    [
        (("purge", "--older-than", "30"), ""),
        (("add-advisor", "maria.l", "--password-stdin"), "a long enough passphrase\n"),
        (("deliver-handoffs", "--once"), ""),
        (("web", "--port", "0"), ""),
    ],
    ids=["purge", "add-advisor", "deliver-handoffs", "web"],
)
def test_the_processes_refuse_an_unmigrated_database_and_create_nothing(tmp_path, argv, stdin):
    url = f"sqlite:///{tmp_path / 'iop.db'}"
    result = run_bot(url, *argv, stdin=stdin)
    assert result.returncode == 2, result.stderr
    assert f"error: the database has no schema yet; {FIX}" in result.stderr.splitlines()
    db = Database(url)
    try:
        assert inspect(db.engine).get_table_names() == []
    finally:
        db.dispose()


def test_after_migrate_the_same_command_runs(tmp_path):
    url = f"sqlite:///{tmp_path / 'iop.db'}"
    assert run_bot(url, "purge", "--older-than", "30").returncode == 2
    migrated = run_bot(url, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    result = run_bot(url, "purge", "--older-than", "30")
    assert result.returncode == 0, result.stderr
    assert "deleted 0 handoff(s)" in result.stdout


def test_the_test_databases_are_stamped_at_the_newest_revision(db):
    # tests/conftest.py's fresh_database: create_all, then stamped, so processes accept it
    require_current_schema(db.engine)
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    assert rows == [HEAD]


def test_the_action_server_refuses_an_unmigrated_database_and_creates_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'iop.db'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": url, "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "actions.server", "--port", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert f"error: the database has no schema yet; {FIX}" in result.stderr.splitlines()
    db = Database(url)
    try:
        assert inspect(db.engine).get_table_names() == []
    finally:
        db.dispose()


def test_an_action_on_an_unmigrated_database_fails_without_creating_tables(tmp_path, monkeypatch):
    import actions.common

    url = f"sqlite:///{tmp_path / 'iop.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(actions.common, "_db", None)
    with pytest.raises(SchemaNotCurrent):
        actions.common.database()
    db = Database(url)
    try:
        assert inspect(db.engine).get_table_names() == []
    finally:
        db.dispose()
