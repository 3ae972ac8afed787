"""Tracker and lock stores configured from the environment (see endpoints.yml).

* `EnvSQLTrackerStore`: Rasa's SQL tracker store at TRACKER_STORE_URL, a
  SQLAlchemy URL (default: a SQLite file under var/; in production the same
  PostgreSQL as DATABASE_URL, e.g. postgresql://user:pass@host:5432/iop), with
  the event cache and connection pool of `cached_tracker_store`.
* `EnvLockStore`: a Redis lock store when REDIS_URL is set (required as soon as
  several Rasa workers serve the same conversations), otherwise in-memory.
* `AtomicRedisLockStore`: that Redis lock store, with its ticket bookkeeping
  made atomic across processes.
* `StoreUnavailable`: what every tracker-store failure becomes, so the channel
  answers that one request with a 503 and the server goes on serving. Rasa's
  own `session_scope` turns any ValueError (a string the database cannot
  encode, for one) into `print_error_and_exit`, which stops the whole server,
  and its `FailSafeTrackerStore` answers a failed read with an empty
  conversation and keeps the write in memory: the visitor's place and message
  were silently lost. Both are replaced here.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote

import redis.exceptions
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, LockStore, RedisLockStore
from rasa.core.tracker_store import FailSafeTrackerStore, ensure_schema_exists
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import make_url

from bot.production import refuse_unsafe
from bot.settings import get_settings
from rasa_plugins.cached_tracker_store import CachedSQLTrackerStore

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


class StoreUnavailable(Exception):
    """A tracker-store call failed; the request should be answered with a 503.

    Carries only the error's type name: SQLAlchemy's messages include the SQL
    parameters, which are visitors' messages.
    """


def _refuse_fallback(original):
    def on_error(self: FailSafeTrackerStore, error: Exception) -> None:
        if isinstance(error, StoreUnavailable):
            raise error  # no empty tracker, no in-memory copy: the caller answers 503
        original(self, error)

    return on_error


FailSafeTrackerStore.on_tracker_store_error = _refuse_fallback(FailSafeTrackerStore.on_tracker_store_error)
FailSafeTrackerStore.on_tracker_store_retrieve_error = _refuse_fallback(
    FailSafeTrackerStore.on_tracker_store_retrieve_error
)


class EnvSQLTrackerStore(CachedSQLTrackerStore):
    """SQLTrackerStore whose database comes from TRACKER_STORE_URL."""

    def __init__(self, domain: Domain | None = None, event_broker: Any = None, **_: Any) -> None:
        settings = get_settings()
        # Rasa loads this store as it starts: refuse an unsafe production setup here
        refuse_unsafe(settings, os.environ)
        url = settings.tracker_store_url
        kwargs = sql_tracker_store_kwargs(url)
        if kwargs["dialect"].startswith("sqlite") and kwargs.get("db"):
            from pathlib import Path

            Path(kwargs["db"]).parent.mkdir(parents=True, exist_ok=True)
        logger.info("tracker store: %s", make_url(url).render_as_string(hide_password=True))
        super().__init__(domain=domain, event_broker=event_broker, **kwargs)
        if self.engine.dialect.name == "sqlite":
            _use_sqlite_wal(self.engine)

    @contextmanager
    def session_scope(self) -> Iterator[Any]:
        """Rasa's session scope, with every failure a `StoreUnavailable`."""
        session = self.sessionmaker()
        try:
            ensure_schema_exists(session)
            yield session
        except StoreUnavailable:
            raise
        except Exception as error:  # noqa: BLE001 - logged and re-raised as StoreUnavailable
            logger.error("tracker store: %s", type(error).__name__)
            raise StoreUnavailable(type(error).__name__) from None  # no chained SQL parameters
        finally:
            try:
                session.close()
            except Exception as error:  # noqa: BLE001 - a dead connection may fail to close, too
                logger.warning("tracker store: closing a session failed (%s)", type(error).__name__)


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


def redis_lock_store_kwargs(url: str) -> dict[str, Any]:
    parsed = make_url(url.replace("rediss://", "redis://", 1))
    database = parsed.database or "0"
    return {
        "host": parsed.host or "localhost",
        "port": parsed.port or 6379,
        "db": int(database) if database.isdigit() else 0,
        "username": unquote(parsed.username) if parsed.username else None,
        "password": unquote(str(parsed.password)) if parsed.password else None,
        "use_ssl": url.startswith("rediss://"),
        "key_prefix": "iop",
    }


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's RedisLockStore, safe for several worker processes.

    Rasa keeps a conversation's TicketLock as one Redis value and changes it by
    reading it, changing it in Python and writing it back: issuing a ticket,
    dropping expired tickets while waiting, and finishing a ticket (then
    deleting the lock if no one waits). Nothing makes those steps atomic, so two
    workers that receive messages of one conversation at the same moment can
    read the same lock, take the same ticket number, handle both messages at
    once, and the tracker store keeps only one of them (seen in
    tests/processes/test_production_config.py: 3 of 6 concurrent messages recorded).

    Here each of those steps holds a short per-conversation mutex, redis-py's
    Lock (SET NX with an expiry, released only by its holder), so the read and
    the write of one worker never interleave with another's. The mutex guards
    a few milliseconds of bookkeeping, never the handling of a message.
    """

    MUTEX_TIMEOUT = 5.0  # seconds: a crashed holder stops blocking the others after this
    MUTEX_WAIT = 10.0  # seconds to wait for the mutex before giving up with a LockError

    @contextmanager
    def _mutex(self, conversation_id: str) -> Iterator[None]:
        # key_prefix ends in "lock:"; "lock-mutex:" can never be a conversation's key
        name = self.key_prefix[:-1] + "-mutex:" + conversation_id
        mutex = self.red.lock(name, timeout=self.MUTEX_TIMEOUT, sleep=0.005, blocking_timeout=self.MUTEX_WAIT)
        try:
            acquired = mutex.acquire()
        except redis.exceptions.RedisError as error:
            raise LockError(f"Could not reach the lock store: {error}") from error
        if not acquired:
            raise LockError(f"Timed out waiting for the lock of conversation '{conversation_id}'.")
        try:
            yield
        finally:
            try:
                mutex.release()
            except redis.exceptions.LockError:
                logger.warning("lock store mutex expired before it was released (held over %ss)", self.MUTEX_TIMEOUT)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Rasa's cleanup is finish_serving followed by the check-and-delete; both
        # run under one hold of the mutex (it is not re-entrant, so
        # finish_serving itself is not wrapped: Rasa calls it only from here).
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)


class EnvLockStore(LockStore):
    """Factory: an AtomicRedisLockStore when REDIS_URL is set, else an InMemoryLockStore."""

    def __new__(cls, endpoint_config: Any = None, **_: Any) -> LockStore:
        url = get_settings().redis_url
        if url:
            kwargs = redis_lock_store_kwargs(url)
            logger.info("lock store: redis at %s:%s/%s", kwargs["host"], kwargs["port"], kwargs["db"])
            return AtomicRedisLockStore(**kwargs)
        logger.info("lock store: in-memory (set REDIS_URL when running several workers)")
        return InMemoryLockStore()
