"""Production mode: which settings are unsafe when APP_ENV=production.

`production_problems` is pure (settings and environment in, one line per
problem out); every process calls it where it starts and refuses to go on:
`python -m bot run` and the delivery worker print the lines and exit 2, the web
app's factory and Rasa's tracker store raise `UnsafeProductionConfig`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.settings import Settings

_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


class UnsafeProductionConfig(RuntimeError):
    """Raised at start-up in production mode; its text is one line per problem.

    A RuntimeError on purpose: Rasa falls back to an in-memory tracker store on
    an ImportError or AttributeError from a custom store, never on this."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: Sequence[str]) -> str:
    """The lines printed on refusal (each one names a setting and what to do)."""
    return "\n".join(f"refusing to start (APP_ENV=production): {line}" for line in problems)


def _is_sqlite(url: str) -> bool:
    try:
        return make_url(url).get_backend_name() == "sqlite"
    except ArgumentError:
        return False  # not for this check to judge; the engine reports it


def _is_local_origin(origin: str) -> bool:
    host = (urlsplit(origin).hostname or "").lower()
    return host in _LOCAL_HOSTS or host.endswith(".localhost")


def production_problems(settings: Settings, env: Mapping[str, str]) -> list[str]:
    """Why this configuration must not run in production; [] when it may (or
    when APP_ENV is not production). `env` supplies what Rasa itself reads
    (SANIC_WORKERS)."""
    if settings.app_env != "production":
        return []
    problems: list[str] = []
    for name, value in (
        ("HANDOFF_WEBHOOK_SECRET", settings.handoff_webhook_secret),
        ("SECRET_KEY", settings.secret_key),
    ):
        if not value.strip():
            problems.append(
                f"{name} is not set: each instance would generate its own into var/; "
                "set the same random value on every host"
            )
    for name, url in (
        ("DATABASE_URL", settings.database_url),
        ("TRACKER_STORE_URL", settings.tracker_store_url),
    ):
        if _is_sqlite(url):
            problems.append(f"{name} uses SQLite, a file on one host; use PostgreSQL")
    raw_workers = env.get("SANIC_WORKERS", "").strip() or "1"
    try:
        workers = int(raw_workers)
    except ValueError:
        problems.append(f"SANIC_WORKERS must be a whole number, got {raw_workers!r}")
    else:
        if workers > 1 and not settings.redis_url:
            problems.append(
                f"SANIC_WORKERS is {workers} but REDIS_URL is not set: in-memory locks "
                "let two workers handle one conversation at once; set REDIS_URL"
            )
    if all(_is_local_origin(origin) for origin in settings.allowed_origins):
        problems.append(
            "ALLOWED_ORIGINS names only localhost (or nothing): list the https origins "
            "of the sites that embed the widget"
        )
    if settings.rasa_api_token and len(settings.rasa_api_token) < 32:
        # it opens Rasa's HTTP API: model loading and every conversation's tracker
        problems.append("RASA_API_TOKEN is shorter than 32 characters: use a long random value")
    if not settings.rest_token:
        problems.append("REST_TOKEN is not set: anyone could use the REST channel; set a token")
    if not settings.handoff_webhook_url and urlsplit(settings.public_web_url).scheme != "https":
        # No webhook: the built-in inbox receives the handoffs, and advisors log
        # in to it, so it must be reached over HTTPS (and its cookie is Secure).
        problems.append(
            "HANDOFF_WEBHOOK_URL is not set, so advisors read handoffs in the built-in "
            f"inbox, but PUBLIC_WEB_URL ({settings.public_web_url}) is not https; serve the "
            "inbox over https or set HANDOFF_WEBHOOK_URL"
        )
    return problems


def refuse_unsafe(settings: Settings, env: Mapping[str, str]) -> None:
    """Raise `UnsafeProductionConfig` if `production_problems` finds any."""
    problems = production_problems(settings, env)
    if problems:
        raise UnsafeProductionConfig(problems)
