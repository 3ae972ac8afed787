"""`python -m bot web`: the web app (Flask, served by waitress on WEB_HOST:WEB_PORT).

Serves the advisor inbox (`bot.web.inbox`, under /inbox, and the admins'
account page `bot.web.accounts`, under /inbox/accounts), the trainers' review
queue (`bot.web.review`, under /inbox/review), the demo page and
the chat widget's assets (`bot.web.site`, at / and /widget/), /healthz
(liveness: the database answers), /readyz (readiness: the database, the tracker
and lock stores, the delivery worker's heartbeat, the oldest pending handoff) and
/metrics (Prometheus,
`bot.metrics`).
Views reach the settings and the database through
`current_app.config["SETTINGS"]` and `current_app.config["DATABASE"]`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Flask, Response, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import func, select, text
from werkzeug.exceptions import HTTPException

from bot import logs
from bot.db import Database
from bot.handoff.advisor_sessions import SessionLimits
from bot.handoff.heartbeat import read_heartbeat
from bot.handoff.local_secrets import session_secret, webhook_secret
from bot.handoff.models import DELIVERY_PENDING, Handoff, HandoffOutbox
from bot.handoff.timeutil import utc_now
from bot.metrics import web_metrics_page
from bot.migrations.check import SchemaNotCurrent, require_current_schema
from bot.production import UnsafeProductionConfig, refuse_unsafe
from bot.settings import Settings
from bot.web.auth import csrf
from bot.web.store_checks import lock_store_check, tracker_store_check

log = logging.getLogger("bot.web.app")

# Inbox pages load nothing but their own stylesheet and script (inbox.js, which
# polls /inbox/queue.json): no inline script, no third-party origins, no framing.
INBOX_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def _is_inbox(path: str) -> bool:
    return path == "/inbox" or path.startswith("/inbox/") or path in ("/healthz", "/readyz")


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    if _is_inbox(request.path):
        headers["X-Frame-Options"] = "DENY"
        headers["Content-Security-Policy"] = INBOX_CSP
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        # Handoff pages hold personal data: never keep them in a cache.
        headers["Cache-Control"] = "no-store"
    return response


def _start_request_id() -> None:
    """An id for this request's log lines: the proxy's X-Request-ID if safe, else new."""
    g.request_id = logs.choose_request_id(request.headers.get("X-Request-ID"))
    g.request_id_token = logs.request_id.set(g.request_id)


def _echo_request_id(response: Response) -> Response:
    if g.get("request_id"):
        response.headers["X-Request-ID"] = g.request_id
    return response


def _end_request_id(_error: BaseException | None) -> None:
    # waitress reuses its threads: the next request must not inherit this id
    token = g.pop("request_id_token", None)
    if token is not None:
        logs.request_id.reset(token)


def readiness(db: Database, settings: Settings, now: datetime) -> tuple[bool, dict[str, Any]]:
    """Each readiness check's result, and whether all passed (for /readyz)."""
    checks: dict[str, dict[str, Any]] = {}
    try:
        with db.session() as session:
            session.execute(text("SELECT 1"))
            count, oldest = session.execute(
                select(func.count(HandoffOutbox.id), func.min(Handoff.updated_at))
                .join(Handoff, Handoff.id == HandoffOutbox.handoff_id)
                .where(HandoffOutbox.status == DELIVERY_PENDING)
            ).one()
    except Exception as exc:  # noqa: BLE001 - report, do not crash
        log.error("readiness: database unavailable (%s)", type(exc).__name__)
        checks["database"] = {"ok": False, "error": "unavailable"}
        checks_pending: dict[str, Any] = {"ok": False, "error": "database unavailable"}
    else:
        checks["database"] = {"ok": True}
        age = max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0
        checks_pending = {
            "ok": age <= settings.ready_max_pending_age_s,
            "count": int(count or 0),
            "oldest_age_s": round(age, 1),
            "max_age_s": settings.ready_max_pending_age_s,
        }
    checks["tracker_store"] = tracker_store_check(settings.tracker_store_url)
    checks["lock_store"] = lock_store_check(settings.redis_url)
    beat = read_heartbeat(settings.worker_heartbeat_file)
    if beat is None:
        checks["worker_heartbeat"] = {"ok": False, "error": "no heartbeat"}
    else:
        beat_age = max(0.0, (now - beat.at).total_seconds())
        checks["worker_heartbeat"] = {
            "ok": beat_age <= settings.ready_heartbeat_max_age_s,
            "age_s": round(beat_age, 1),
            "max_age_s": settings.ready_heartbeat_max_age_s,
        }
    checks["pending_handoffs"] = checks_pending
    return all(check["ok"] for check in checks.values()), checks


def _register_site(app: Flask) -> None:
    """The demo page and widget assets; tolerated missing while being written."""
    try:
        from bot.web.site import bp as site_bp
    except ModuleNotFoundError as exc:
        if exc.name != "bot.web.site":
            raise
        log.warning("bot.web.site is missing: the demo page and the widget are not served")
        return
    app.register_blueprint(site_bp)


def create_app(
    settings: Settings | None = None,
    db: Database | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Flask:
    """The Flask app; `settings` and `db` default to the environment's, `clock`
    (aware UTC now, for session expiry) to the real one."""
    settings = settings or Settings.from_env()
    refuse_unsafe(settings, os.environ)  # before secrets are generated into var/
    db = db or Database(settings.database_url, hide_parameters=True)
    limits = SessionLimits.from_seconds(settings.inbox_session_idle_s, settings.inbox_session_lifetime_s)
    app = Flask(__name__)
    app.config.update(
        SETTINGS=settings,
        DATABASE=db,
        CLOCK=clock or utc_now,
        INBOX_SESSION_LIMITS=limits,
        WEBHOOK_SECRET=webhook_secret(settings),
        SECRET_KEY=session_secret(settings),
        SESSION_COOKIE_NAME="iop_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_web_url.startswith("https://"),
        # The cookie's own expiry; the session table enforces both limits.
        PERMANENT_SESSION_LIFETIME=limits.lifetime,
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        # CSRF tokens last as long as the session. The HTTPS Referer check is
        # off because every page sends Referrer-Policy: no-referrer; the token
        # (bound to the session) and SameSite do the protecting.
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=False,
    )
    if settings.trusted_proxies < 0:
        raise ValueError("TRUSTED_PROXIES must be 0 or more")
    if settings.trusted_proxies:
        # The login throttle counts by client address: behind a proxy that is
        # the X-Forwarded-For entry the nearest trusted proxy added (Werkzeug's
        # ProxyFix), never a value the client wrote itself.
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = settings.trusted_proxies
        # Flask documents wrapping wsgi_app as the way to add WSGI middleware.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=n, x_proto=n, x_host=0, x_port=0, x_prefix=0
        )
    csrf.init_app(app)

    from bot.web.accounts import bp as accounts_bp
    from bot.web.inbox import bp as inbox_bp
    from bot.web.review import bp as review_bp

    app.register_blueprint(inbox_bp, url_prefix="/inbox")
    app.register_blueprint(accounts_bp, url_prefix="/inbox/accounts")
    app.register_blueprint(review_bp, url_prefix="/inbox/review")
    _register_site(app)
    app.after_request(_security_headers)
    app.before_request(_start_request_id)
    app.after_request(_echo_request_id)
    app.teardown_request(_end_request_id)

    @app.get("/healthz")
    def healthz() -> ResponseReturnValue:
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:  # noqa: BLE001 - report, do not crash
            log.error("health check: database unavailable (%s)", type(exc).__name__)
            return jsonify(status="error", database="unavailable"), 503
        return jsonify(status="ok", database="ok")

    @app.get("/readyz")
    def readyz() -> ResponseReturnValue:
        ready, checks = readiness(db, settings, app.config["CLOCK"]())
        failed = [name for name, check in checks.items() if not check["ok"]]
        body = jsonify(status="ok" if ready else "unready", failed=failed, checks=checks)
        return body, 200 if ready else 503

    @app.get("/metrics")
    def prometheus_metrics() -> ResponseReturnValue:
        return Response(web_metrics_page(db), headers={"Content-Type": CONTENT_TYPE_LATEST})

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> ResponseReturnValue:
        return (
            render_template(
                "inbox/error.html",
                title="Form expired",
                message="This form was not sent from the inbox or has expired. Go back, reload the page and try again.",
            ),
            400,
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        if (
            error.code is None
            or error.code < 400  # routing redirects, e.g. /inbox -> /inbox/
            or not _is_inbox(request.path)
            or request.path.startswith("/inbox/api/")
        ):
            return error
        return (
            render_template("inbox/error.html", title=f"{error.code} {error.name}", message=error.description),
            error.code or 500,
        )

    return app


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot web",
        description="Serve the advisor inbox, the chat widget and the demo page (waitress).",
    )
    parser.add_argument("--host", help="overrides WEB_HOST")
    parser.add_argument("--port", type=int, help="overrides WEB_PORT")
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    logs.configure_logging(settings, "web")
    try:
        refuse_unsafe(settings, os.environ)
    except UnsafeProductionConfig as refused:
        print(refused, file=sys.stderr)
        return 2
    db = Database(args.database_url or settings.database_url, hide_parameters=True)
    try:  # the schema is migrate's to make (bot/migrations/check.py)
        require_current_schema(db.engine)
    except SchemaNotCurrent as refused:
        print(f"error: {refused}", file=sys.stderr)
        db.dispose()
        return 2
    app = create_app(settings, db)
    host = args.host or settings.web_host
    port = settings.web_port if args.port is None else args.port  # 0: any free port

    import waitress

    log.info("web app starting (advisor inbox under /inbox/)")
    try:
        waitress.serve(app, host=host, port=port, threads=8, ident="iop-intake")
    finally:
        db.dispose()
    return 0
