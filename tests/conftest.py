"""Shared pytest fixtures: databases (SQLite and the machine's real PostgreSQL)
and paths to the shared reference data.

PostgreSQL tests are never skipped: if the server at TEST_POSTGRES_URL cannot be
reached, they fail with a clear message (CI must run them for real).
"""

from __future__ import annotations

import os

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED = (ROOT / ".." / "shared").resolve()
SAMHSA_DIR = SHARED / "data" / "samhsa-directory"
REFERENCE_ARTICLE = SHARED / "reference" / "iop-article.txt"

TEST_POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def samhsa_dir() -> Path:
    assert (SAMHSA_DIR / "facilities.csv.gz").exists(), (
        f"the SAMHSA extract is missing at {SAMHSA_DIR}; tests read it from ../shared"
    )
    return SAMHSA_DIR


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


def _postgres_schema_url(schema: str) -> str:
    sep = "&" if "?" in TEST_POSTGRES_URL else "?"
    return f"{TEST_POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty schema in the test PostgreSQL database; dropped afterwards."""
    from sqlalchemy import create_engine, text

    admin = create_engine(TEST_POSTGRES_URL, future=True)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 # pragma: no cover - environment failure
        admin.dispose()
        pytest.fail(f"PostgreSQL is required for this test and is not reachable at {TEST_POSTGRES_URL}: {exc}")
    try:
        yield _postgres_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request) -> str:
    """Runs the test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@contextmanager
def fresh_database(url: str):
    """The project database at `url` with its schema; disposed afterwards.

    create_all then stamped at the newest revision (Alembic's recipe for a
    database built from scratch; tests/stores/test_migrations.py keeps the models and
    the revisions equal), so processes started on it accept it."""
    from alembic import command

    from bot.db import Database
    from bot.migrations import alembic_config

    database = Database(url)
    database.create_schema()
    with database.engine.connect() as conn:  # as bot/migrations/runner.py: env.py commits
        command.stamp(alembic_config(conn), "head")
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def db(db_url):
    """An empty project database, on SQLite and on PostgreSQL."""
    with fresh_database(db_url) as database:
        yield database
