"""Settings, read from environment variables with working local defaults.

Owns every default of the assistant's configuration: the settings (each field
of `Settings` names its variable, documented in README.md, "Settings") and the
process environment every service needs besides them (`process_environment`:
the interpreter's, Rasa's and its libraries' variables). `python -m bot env`
prints the latter as export lines for the Makefile and scripts/test.sh;
bot.stack, tests/live.py and bench/ apply it with `with_process_environment`.
Read settings through `Settings.from_env()` so tests can build their own
`Settings` without touching the process environment.

Imports only the standard library: the Makefile runs `python -m bot env`
before the virtual environment exists.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'iop.db'}"
DEFAULT_TRACKER_STORE_URL = f"sqlite:///{VAR_DIR / 'tracker.db'}"
DEFAULT_WORKER_HEARTBEAT_FILE = str(VAR_DIR / "worker_heartbeat.json")
APP_ENVS = ("development", "production")
LOG_FORMATS = ("plain", "json")

# (variable name, its value) -> the setting; errors name the variable
Parse = Callable[[str, str], Any]


def _text(_name: str, raw: str) -> str:
    return raw


def _integer(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


def _number(name: str, raw: str) -> float:
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


def _url(_name: str, raw: str) -> str:
    return raw.rstrip("/")


def _comma_list(_name: str, raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _one_of(*choices: str) -> Parse:
    # a typo such as APP_ENV=prod must not quietly fall back to a default
    def parse(name: str, raw: str) -> str:
        if raw.lower() not in choices:
            raise ValueError(f"{name} must be one of {', '.join(choices)}; got {raw!r}")
        return raw.lower()

    return parse


def variable(name: str, default: Any, parse: Parse = _text, *, strip: bool = True, empty_is_unset: bool = True) -> Any:
    """A field read from the environment variable `name` by `Settings.from_env`.

    Surrounding blanks are dropped unless `strip` is off (secrets are taken as
    given); an empty value counts as unset unless `empty_is_unset` is off.
    """
    return field(
        default=default,
        metadata={"env": name, "parse": parse, "strip": strip, "empty_is_unset": empty_is_unset},
    )


@dataclass(frozen=True)
class Settings:
    """All runtime settings of the assistant's Python side."""

    database_url: str = variable("DATABASE_URL", DEFAULT_DATABASE_URL)
    tracker_store_url: str = variable("TRACKER_STORE_URL", DEFAULT_TRACKER_STORE_URL)
    redis_url: str = variable("REDIS_URL", "")
    handoff_webhook_url: str = variable("HANDOFF_WEBHOOK_URL", "")
    handoff_webhook_secret: str = variable("HANDOFF_WEBHOOK_SECRET", "", strip=False)
    handoff_webhook_timeout_s: float = variable("HANDOFF_WEBHOOK_TIMEOUT", 5.0, _number)
    # Delivery worker: first retry delay, its cap (exponential backoff), how
    # often it looks for due handoffs, and how long a claimed handoff stays
    # reserved for one worker (must exceed the timeout).
    handoff_retry_base_s: float = variable("HANDOFF_RETRY_BASE", 1.0, _number)
    handoff_retry_max_s: float = variable("HANDOFF_RETRY_MAX", 30.0, _number)
    handoff_poll_interval_s: float = variable("HANDOFF_POLL_INTERVAL", 1.0, _number)
    handoff_lease_s: float = variable("HANDOFF_LEASE", 30.0, _number)
    web_host: str = variable("WEB_HOST", "127.0.0.1")
    web_port: int = variable("WEB_PORT", 8080, _integer)
    rasa_host: str = variable("RASA_HOST", "127.0.0.1")
    rasa_port: int = variable("RASA_PORT", 5005, _integer)
    action_host: str = variable("ACTION_HOST", "127.0.0.1")
    action_port: int = variable("ACTION_PORT", 5055, _integer)
    # from_env derives these three from the ports when unset
    public_rasa_url: str = variable("PUBLIC_RASA_URL", "http://localhost:5005", _url)
    public_web_url: str = variable("PUBLIC_WEB_URL", "http://localhost:8080", _url)
    # set but empty: no origin may use the chat channels
    allowed_origins: tuple[str, ...] = variable("ALLOWED_ORIGINS", (), _comma_list, empty_is_unset=False)
    secret_key: str = variable("SECRET_KEY", "", strip=False)
    # Advisor inbox sessions end after this long without a request, and this
    # long after login whatever the activity (seconds; enforced server-side).
    inbox_session_idle_s: float = variable("INBOX_SESSION_IDLE", 7200.0, _number)
    inbox_session_lifetime_s: float = variable("INBOX_SESSION_LIFETIME", 28800.0, _number)
    # The inbox highlights new, unassigned handoffs older than this (seconds).
    inbox_highlight_after_s: float = variable("INBOX_HIGHLIGHT_AFTER", 600.0, _number)
    max_message_chars: int = variable("MAX_MESSAGE_CHARS", 1000, _integer)
    # Chat channels: the largest request body, and the bearer token the REST
    # channel requires (empty: the REST channel is open, for local use).
    max_request_bytes: int = variable("MAX_REQUEST_BYTES", 16384, _integer)
    rest_token: str = variable("REST_TOKEN", "")
    # How many reverse proxies in front of the web app set X-Forwarded-For /
    # -Proto (0: none, the header is ignored so a client cannot forge it).
    trusted_proxies: int = variable("TRUSTED_PROXIES", 0, _integer)
    # The delivery worker's Prometheus endpoint (it has no other HTTP server);
    # port 0 turns it off. Local only by default, like the action server.
    worker_metrics_host: str = variable("WORKER_METRICS_HOST", "127.0.0.1")
    worker_metrics_port: int = variable("WORKER_METRICS_PORT", 9105, _integer)
    # "production" makes every process refuse unsafe settings (bot.production).
    app_env: str = variable("APP_ENV", "development", _one_of(*APP_ENVS))
    # Readiness (/readyz): the delivery worker's heartbeat file, how old it may
    # be, and how long the oldest handoff may wait for delivery (seconds).
    worker_heartbeat_file: str = variable("WORKER_HEARTBEAT_FILE", DEFAULT_WORKER_HEARTBEAT_FILE)
    ready_heartbeat_max_age_s: float = variable("READY_HEARTBEAT_MAX_AGE", 30.0, _number)
    ready_max_pending_age_s: float = variable("READY_MAX_PENDING_AGE", 900.0, _number)
    # "plain" (today's lines) or "json" (one object per line; bot.logs).
    log_format: str = variable("LOG_FORMAT", "plain", _one_of(*LOG_FORMATS))
    # Trainers' review queue (bot/review): a visitor message whose top intent
    # confidence is under the threshold is queued; queue items are deleted by
    # `python -m bot purge` this many days after they were collected.
    review_confidence_threshold: float = variable("REVIEW_CONFIDENCE_THRESHOLD", 0.5, _number)
    review_retention_days: float = variable("REVIEW_RETENTION_DAYS", 30.0, _number)
    # Where labelling (the review page and `python -m bot review label/import`)
    # writes training examples; tests point it at a copy. Relative to the project.
    review_nlu_dir: str = variable("REVIEW_NLU_DIR", "data/nlu")
    # Rasa's HTTP API (`PUT /model`: `python -m bot retrain` reloads the model
    # without a restart). Set: the server starts with --enable-api and this
    # --auth-token; empty: no API at all, never an API without a token.
    rasa_api_token: str = variable("RASA_API_TOKEN", "", strip=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for setting in fields(cls):
            name, spec = setting.metadata["env"], setting.metadata
            raw = env.get(name)
            if raw is None:
                continue
            if spec["strip"]:
                raw = raw.strip()
            if raw or not spec["empty_is_unset"]:
                values[setting.name] = spec["parse"](name, raw)
        # defaults that follow the ports the environment chose
        web_port = values.get("web_port", cls.web_port)
        values.setdefault("public_web_url", f"http://localhost:{web_port}")
        values.setdefault("public_rasa_url", f"http://localhost:{values.get('rasa_port', cls.rasa_port)}")
        values.setdefault("allowed_origins", (f"http://localhost:{web_port}", f"http://127.0.0.1:{web_port}"))
        return cls(**values)

    @property
    def review_nlu_path(self) -> Path:
        """REVIEW_NLU_DIR as a path (a relative one is under the project root)."""
        return PROJECT_ROOT / self.review_nlu_dir


# Every variable Settings reads, in field order (README's table lists them all).
SETTINGS_VARIABLES: tuple[str, ...] = tuple(f.metadata["env"] for f in fields(Settings))


def get_settings() -> Settings:
    """Settings of the current process (read fresh; cheap)."""
    return Settings.from_env()


def process_environment(settings: Settings) -> dict[str, str]:
    """What every service's process needs besides the settings, with its default."""
    return {
        # rasa loads rasa_plugins/ and the action server actions/ from the project
        "PYTHONPATH": str(PROJECT_ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        # the code is SQLAlchemy 2.0 style already; 1.4 would warn on every start
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",  # TensorFlow's C++ info lines
        # Rasa's own settings for TensorFlow's thread pools (rasa/__main__.py):
        # the sentence encoder of a message costs about 10 ms of CPU on one
        # thread and 16 ms spread over two (docs/performance.md); the server
        # serves many conversations, so one thread each is the cheaper way
        "TF_INTRA_OP_PARALLELISM_THREADS": "1",
        "TF_INTER_OP_PARALLELISM_THREADS": "1",
        "PYTHONUNBUFFERED": "1",  # log lines reach the log file at once
        # endpoints.yml: where the Rasa server finds the action server
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{settings.action_port}/webhook",
        # rasa_sdk's action server binds to SANIC_HOST; keep it off public interfaces
        "SANIC_HOST": settings.action_host,
    }


def with_process_environment(base: Mapping[str, str], settings: Settings) -> dict[str, str]:
    """`base` plus `process_environment`'s defaults; a variable `base` sets
    (to something not empty, as for the settings) wins."""
    env = dict(base)
    for name, value in process_environment(settings).items():
        if not env.get(name):
            env[name] = value
    return env


def export_lines(env: Mapping[str, str], settings: Settings, make: bool = False) -> list[str]:
    """The process environment of `env` as shell `export` lines, or as the
    Makefile's `NAME:=value` words (make splits words on blanks, so a value
    with one is refused)."""
    full = with_process_environment(env, settings)
    lines = []
    for name in process_environment(settings):
        value = full[name]
        if not make:
            lines.append(f"export {name}={shlex.quote(value)}")
        elif value.split() != [value]:  # never empty: see with_process_environment
            raise ValueError(f"{name} must not contain blanks for make, got {value!r}")
        else:
            lines.append(f"{name}:=" + value.replace("$", "$$").replace("#", r"\#"))
    return lines


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot env",
        description="Print the environment every service needs besides the settings "
        "(a variable already set keeps its value), as shell export lines.",
    )
    parser.add_argument("--make", action="store_true", help="NAME:=value words for the Makefile")
    args = parser.parse_args(argv)
    try:
        lines = export_lines(os.environ, Settings.from_env(), make=args.make)
    except ValueError as exc:  # e.g. ACTION_PORT=x: one line, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0
