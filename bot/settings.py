"""Settings, read from environment variables with working local defaults.

Every variable is documented in README.md ("Settings"). Read them through
`Settings.from_env()` so tests can build their own `Settings` without touching
the process environment.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional, Tuple

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'iop.db'}"
DEFAULT_TRACKER_STORE_URL = f"sqlite:///{VAR_DIR / 'tracker.db'}"
DEFAULT_WORKER_HEARTBEAT_FILE = str(VAR_DIR / "worker_heartbeat.json")
APP_ENVS = ("development", "production")


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


def _csv(env: Mapping[str, str], name: str, default: str) -> Tuple[str, ...]:
    raw = env.get(name, default)
    return tuple(part.strip() for part in raw.split(",") if part.strip())


LOG_FORMATS = ("plain", "json")


def _log_format(env: Mapping[str, str]) -> str:
    raw = env.get("LOG_FORMAT", "").strip().lower() or "plain"
    if raw not in LOG_FORMATS:
        raise ValueError(
            f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}; got {env.get('LOG_FORMAT')!r}"
        )
    return raw


@dataclass(frozen=True)
class Settings:
    """All runtime settings of the assistant's Python side."""

    database_url: str = DEFAULT_DATABASE_URL
    tracker_store_url: str = DEFAULT_TRACKER_STORE_URL
    redis_url: str = ""
    handoff_webhook_url: str = ""
    handoff_webhook_secret: str = ""
    handoff_webhook_timeout_s: float = 5.0
    # Delivery worker: first retry delay, its cap (exponential backoff), how
    # often it looks for due handoffs, and how long a claimed handoff stays
    # reserved for one worker (must exceed the timeout).
    handoff_retry_base_s: float = 1.0
    handoff_retry_max_s: float = 30.0
    handoff_poll_interval_s: float = 1.0
    handoff_lease_s: float = 30.0
    web_host: str = "127.0.0.1"
    web_port: int = 8080
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_host: str = "127.0.0.1"
    action_port: int = 5055
    public_rasa_url: str = "http://localhost:5005"
    public_web_url: str = "http://localhost:8080"
    allowed_origins: Tuple[str, ...] = field(default_factory=tuple)
    secret_key: str = ""
    # Advisor inbox sessions end after this long without a request, and this
    # long after login whatever the activity (seconds; enforced server-side).
    inbox_session_idle_s: float = 7200.0
    inbox_session_lifetime_s: float = 28800.0
    # The inbox highlights new, unassigned handoffs older than this (seconds).
    inbox_highlight_after_s: float = 600.0
    max_message_chars: int = 1000
    # Chat channels: the largest request body, and the bearer token the REST
    # channel requires (empty: the REST channel is open, for local use).
    max_request_bytes: int = 16384
    rest_token: str = ""
    # How many reverse proxies in front of the web app set X-Forwarded-For /
    # -Proto (0: none, the header is ignored so a client cannot forge it).
    trusted_proxies: int = 0
    # The delivery worker's Prometheus endpoint (it has no other HTTP server);
    # port 0 turns it off. Local only by default, like the action server.
    worker_metrics_host: str = "127.0.0.1"
    worker_metrics_port: int = 9105
    # "production" makes every process refuse unsafe settings (bot.production).
    app_env: str = "development"
    # Readiness (/readyz): the delivery worker's heartbeat file, how old it may
    # be, and how long the oldest handoff may wait for delivery (seconds).
    worker_heartbeat_file: str = DEFAULT_WORKER_HEARTBEAT_FILE
    ready_heartbeat_max_age_s: float = 30.0
    ready_max_pending_age_s: float = 900.0
    # "plain" (today's lines) or "json" (one object per line; bot.logs).
    log_format: str = "plain"

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if env is None else env
        web_port = _int(env, "WEB_PORT", 8080)
        rasa_port = _int(env, "RASA_PORT", 5005)
        public_web = env.get("PUBLIC_WEB_URL", "").strip() or f"http://localhost:{web_port}"
        public_rasa = env.get("PUBLIC_RASA_URL", "").strip() or f"http://localhost:{rasa_port}"
        database_url = env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
        app_env = env.get("APP_ENV", "").strip().lower() or "development"
        if app_env not in APP_ENVS:
            # a typo such as "prod" must not quietly skip the production checks
            raise ValueError(f"APP_ENV must be one of {', '.join(APP_ENVS)}, got {app_env!r}")
        return cls(
            database_url=database_url,
            tracker_store_url=env.get("TRACKER_STORE_URL", "").strip()
            or DEFAULT_TRACKER_STORE_URL,
            redis_url=env.get("REDIS_URL", "").strip(),
            handoff_webhook_url=env.get("HANDOFF_WEBHOOK_URL", "").strip(),
            handoff_webhook_secret=env.get("HANDOFF_WEBHOOK_SECRET", ""),
            handoff_webhook_timeout_s=float(env.get("HANDOFF_WEBHOOK_TIMEOUT", "5") or 5),
            handoff_retry_base_s=_float(env, "HANDOFF_RETRY_BASE", 1.0),
            handoff_retry_max_s=_float(env, "HANDOFF_RETRY_MAX", 30.0),
            handoff_poll_interval_s=_float(env, "HANDOFF_POLL_INTERVAL", 1.0),
            handoff_lease_s=_float(env, "HANDOFF_LEASE", 30.0),
            web_host=env.get("WEB_HOST", "127.0.0.1").strip() or "127.0.0.1",
            web_port=web_port,
            rasa_host=env.get("RASA_HOST", "").strip() or "127.0.0.1",
            rasa_port=rasa_port,
            action_host=env.get("ACTION_HOST", "").strip() or "127.0.0.1",
            action_port=_int(env, "ACTION_PORT", 5055),
            public_rasa_url=public_rasa.rstrip("/"),
            public_web_url=public_web.rstrip("/"),
            allowed_origins=_csv(
                env,
                "ALLOWED_ORIGINS",
                f"http://localhost:{web_port},http://127.0.0.1:{web_port}",
            ),
            secret_key=env.get("SECRET_KEY", ""),
            inbox_session_idle_s=_float(env, "INBOX_SESSION_IDLE", 7200.0),
            inbox_session_lifetime_s=_float(env, "INBOX_SESSION_LIFETIME", 28800.0),
            inbox_highlight_after_s=_float(env, "INBOX_HIGHLIGHT_AFTER", 600.0),
            max_message_chars=_int(env, "MAX_MESSAGE_CHARS", 1000),
            max_request_bytes=_int(env, "MAX_REQUEST_BYTES", 16384),
            rest_token=env.get("REST_TOKEN", "").strip(),
            trusted_proxies=_int(env, "TRUSTED_PROXIES", 0),
            worker_metrics_host=env.get("WORKER_METRICS_HOST", "").strip() or "127.0.0.1",
            worker_metrics_port=_int(env, "WORKER_METRICS_PORT", 9105),
            app_env=app_env,
            worker_heartbeat_file=env.get("WORKER_HEARTBEAT_FILE", "").strip()
            or DEFAULT_WORKER_HEARTBEAT_FILE,
            ready_heartbeat_max_age_s=_float(env, "READY_HEARTBEAT_MAX_AGE", 30.0),
            ready_max_pending_age_s=_float(env, "READY_MAX_PENDING_AGE", 900.0),
            log_format=_log_format(env),
        )


def get_settings() -> Settings:
    """Settings of the current process (read fresh; cheap)."""
    return Settings.from_env()
