"""Readiness checks for the Rasa server's stores, as seen from the web app.

`tracker_store_check`: a `SELECT 1` on TRACKER_STORE_URL (for SQLite, first that
the file's directory exists). `lock_store_check`: a Redis PING on REDIS_URL, or
"in-memory" (passing) when it is empty. Each returns a /readyz check dict; the
body names the backend only, never a URL, host or password (/readyz needs no
login), and failures are logged by error type alone.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

log = logging.getLogger("bot.web.store_checks")

CONNECT_TIMEOUT_S = 2  # libpq's smallest useful connect_timeout
REDIS_TIMEOUT_S = 1.0


@lru_cache(maxsize=4)
def _probe_engine(url: str) -> Engine:
    """A small engine per tracker-store URL, kept between probes."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"future": True, "pool_pre_ping": True, "hide_parameters": True}
    if parsed.get_backend_name() != "sqlite":
        # a few probes at once at most; a busy pool is not worth a long wait
        kwargs.update(pool_size=1, max_overflow=2, pool_timeout=CONNECT_TIMEOUT_S)
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_S}
    engine: Engine = create_engine(parsed, **kwargs)
    return engine


def tracker_store_check(url: str) -> dict[str, Any]:
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - a bad setting is a failed check
        log.error("readiness: TRACKER_STORE_URL is not a database URL")
        return {"ok": False, "error": "invalid url"}
    backend = parsed.get_backend_name()
    # connecting would fail anyway; say why, and never create the directory
    if (
        backend == "sqlite"
        and parsed.database
        and parsed.database != ":memory:"
        and not Path(parsed.database).parent.is_dir()
    ):
        log.error("readiness: the tracker store's directory is missing")
        return {"ok": False, "backend": backend, "error": "directory missing"}
    try:
        with _probe_engine(url).connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - report, do not crash
        log.error("readiness: tracker store unavailable (%s)", type(exc).__name__)
        return {"ok": False, "backend": backend, "error": "unavailable"}
    return {"ok": True, "backend": backend}


def lock_store_check(url: str) -> dict[str, Any]:
    if not url:
        return {"ok": True, "backend": "in-memory"}
    try:
        client = redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_S, socket_connect_timeout=REDIS_TIMEOUT_S)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # noqa: BLE001 - report, do not crash
        log.error("readiness: lock store unavailable (%s)", type(exc).__name__)
        return {"ok": False, "backend": "redis", "error": "unavailable"}
    return {"ok": True, "backend": "redis"}
