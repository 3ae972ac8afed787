"""Database engine, session factory and table creation (SQLAlchemy 1.4, 2.0 style).

`DATABASE_URL` selects the database: a SQLite file under `var/` by default,
PostgreSQL in production. Every table is declared on `bot.base.Base`; this
module never imports the model modules (they sit above it), so
`create_schema()` creates the tables of the model modules the process has
imported, and `bot.models.create_schema()` every table of the project.
Imports only bot.base and bot.settings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from bot.base import Base
from bot.settings import get_settings


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:  # pragma: no cover - trivial
    cursor = dbapi_connection.cursor()
    # WAL lets the action server, the delivery worker and the web app read
    # while one of them writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _enable_sqlite_pragmas(engine: Engine) -> None:
    # event.listen rather than the listens_for decorator, which the stubs leave untyped
    event.listen(engine, "connect", _set_sqlite_pragmas)


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """Create an engine for `url` (default: the configured DATABASE_URL).

    Errors never quote bound parameters (`hide_parameters`): they may hold a
    visitor's contact details or words.
    """
    url = url or get_settings().database_url
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            # keep connections (and their pragmas) instead of 1.4's NullPool
            # default for SQLite files: a search is about twice as fast
            kwargs.setdefault("poolclass", QueuePool)
            # pooled connections move between threads (web app, action server);
            # the pool hands each one to a single thread at a time
            connect_args = dict(kwargs.pop("connect_args", {}))
            connect_args.setdefault("check_same_thread", False)
            kwargs["connect_args"] = connect_args
        engine: Engine = create_engine(url, future=True, **kwargs)
        _enable_sqlite_pragmas(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    pooled: Engine = create_engine(url, future=True, **kwargs)
    return pooled


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A transaction: commits on success, rolls back on error."""
    session: Session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def create_schema(engine: Engine) -> None:
    """Create the tables registered on `Base` that do not exist yet (idempotent):
    those of the model modules imported so far, which are the ones the caller
    uses (a handoff command imports bot/handoff/models.py). For every table of
    the project, use `bot.models.create_schema()`.

    It never alters an existing table: the schema of a real database is owned by
    the migrations (`python -m bot migrate`, bot/migrations), which adopt a
    database this made. Tests (tests/conftest.py stamps it at the newest revision)
    and the action server call it; the other processes refuse a database that is
    not migrated (bot/migrations/check.py).
    """
    Base.metadata.create_all(engine)


class Database:
    """An engine plus its session factory; what the actions and the CLI hold on to."""

    def __init__(self, url: str | None = None, **engine_kwargs: Any) -> None:
        self.engine = make_engine(url, **engine_kwargs)
        self.sessions = make_session_factory(self.engine)

    def session(self) -> AbstractContextManager[Session]:
        return session_scope(self.sessions)

    def create_schema(self) -> None:
        create_schema(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()
