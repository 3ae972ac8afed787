"""Tracker and lock stores configured from the environment (see endpoints.yml).

* `EnvSQLTrackerStore`: Rasa's SQL tracker store at TRACKER_STORE_URL, a
  SQLAlchemy URL (default: a SQLite file under var/; in production the same
  PostgreSQL as DATABASE_URL, e.g. postgresql://user:pass@host:5432/iop).
* `EnvLockStore`: a Redis lock store when REDIS_URL is set (required as soon as
  several Rasa workers serve the same conversations), otherwise in-memory.
"""
from __future__ import annotations

import logging
from typing import Any, Optional
from urllib.parse import unquote

from sqlalchemy.engine import make_url

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain

from bot.settings import get_settings

logger = logging.getLogger(__name__)


def sql_tracker_store_kwargs(url: str) -> dict:
    """Translate a SQLAlchemy URL into SQLTrackerStore's keyword arguments."""
    parsed = make_url(url)
    kwargs: dict = {"dialect": parsed.drivername, "db": parsed.database}
    if parsed.get_backend_name() != "sqlite":
        kwargs.update(
            host=parsed.host,
            port=parsed.port,
            username=parsed.username,
            password=parsed.password,
            query=dict(parsed.query) or None,
        )
    return kwargs


class EnvSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose database comes from TRACKER_STORE_URL."""

    def __init__(
        self, domain: Optional[Domain] = None, event_broker: Any = None, **_: Any
    ) -> None:
        url = get_settings().tracker_store_url
        kwargs = sql_tracker_store_kwargs(url)
        if kwargs["dialect"].startswith("sqlite") and kwargs.get("db"):
            from pathlib import Path

            Path(kwargs["db"]).parent.mkdir(parents=True, exist_ok=True)
        logger.info("tracker store: %s", make_url(url).render_as_string(hide_password=True))
        super().__init__(domain=domain, event_broker=event_broker, **kwargs)
        if self.engine.dialect.name == "sqlite":
            _use_sqlite_wal(self.engine)


def _use_sqlite_wal(engine: Any) -> None:
    """WAL with synchronous=NORMAL: a commit no longer waits for a full fsync (it
    was 10% of the server's time per message), and a crash can at most lose the
    last transactions, never corrupt the file. Production uses PostgreSQL."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    engine.dispose()  # connections opened during set-up predate the listener


def redis_lock_store_kwargs(url: str) -> dict:
    parsed = make_url(url.replace("rediss://", "redis://", 1))
    database = parsed.database or "0"
    return {
        "host": parsed.host or "localhost",
        "port": parsed.port or 6379,
        "db": int(database) if database.isdigit() else 0,
        "username": unquote(parsed.username) if parsed.username else None,
        "password": unquote(parsed.password) if parsed.password else None,
        "use_ssl": url.startswith("rediss://"),
        "key_prefix": "iop",
    }


class EnvLockStore(LockStore):
    """Factory: a RedisLockStore when REDIS_URL is set, else an InMemoryLockStore."""

    def __new__(cls, endpoint_config: Any = None, **_: Any) -> LockStore:  # type: ignore[misc]
        url = get_settings().redis_url
        if url:
            kwargs = redis_lock_store_kwargs(url)
            logger.info("lock store: redis at %s:%s/%s", kwargs["host"], kwargs["port"], kwargs["db"])
            return RedisLockStore(**kwargs)
        logger.info("lock store: in-memory (set REDIS_URL when running several workers)")
        return InMemoryLockStore()
