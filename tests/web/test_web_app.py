"""The web app: health check, security headers, blueprints, secrets, the `web`
command, and the whole local path (save -> worker -> the app's own receiver ->
inbox page) over real HTTP."""

from __future__ import annotations

import logging
import os
import re
import stat
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import requests
from sqlalchemy import select
from werkzeug.serving import make_server

from bot.db import Database
from bot.handoff import local_secrets
from bot.handoff.advisors import set_advisor_password
from bot.handoff.delivery import DeliveryWorker
from bot.handoff.delivery_config import DeliveryConfig
from bot.handoff.models import InboxReceipt
from bot.handoff.service import save_handoff
from bot.handoff.summary import build_summary
from bot.handoff.transcript import TranscriptEntry
from bot.settings import Settings
from bot.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]


def settings_for(db_url: str, **overrides) -> Settings:
    values = {"database_url": db_url, "secret_key": "s" * 64, "handoff_webhook_secret": "w" * 40}
    values.update(overrides)
    return Settings(**values)


def test_healthz_checks_the_database(db, db_url):
    client = create_app(settings_for(db_url), db).test_client()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    db.dispose()
    # Nothing listens on port 1: the database is unreachable.
    broken = Database("postgresql+psycopg2://postgres@127.0.0.1:1/test?connect_timeout=2")
    response = create_app(settings_for(db_url), broken).test_client().get("/healthz")
    assert response.status_code == 503


def test_security_headers(db, db_url):
    client = create_app(settings_for(db_url), db).test_client()
    inbox = client.get("/inbox/login")
    assert inbox.headers["X-Content-Type-Options"] == "nosniff"
    assert inbox.headers["Referrer-Policy"] == "no-referrer"
    assert inbox.headers["X-Frame-Options"] == "DENY"
    assert inbox.headers["Cache-Control"] == "no-store"
    csp = inbox.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp and "*" not in csp and "unsafe" not in csp
    css = client.get("/inbox/static/inbox.css")
    assert css.status_code == 200 and css.headers["X-Content-Type-Options"] == "nosniff"
    assert "url(" not in css.get_data(as_text=True)  # no external fonts or images
    # Pages of the site get the generic headers (their CSP is the site's business).
    other = client.get("/no-such-page")
    assert other.headers["X-Content-Type-Options"] == "nosniff"
    assert other.headers["Referrer-Policy"] == "no-referrer"


def test_inbox_pages_load_nothing_from_elsewhere(db, db_url):
    client = create_app(settings_for(db_url), db).test_client()
    page = client.get("/inbox/login").get_data(as_text=True)
    assert "<script" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_both_blueprints_are_registered(db, db_url):
    app = create_app(settings_for(db_url), db)
    assert {"inbox", "site"} <= set(app.blueprints)
    assert app.url_map.bind("localhost").match("/inbox/", method="GET")[0] == "inbox.index"


def test_a_missing_site_blueprint_is_tolerated_with_a_log_line(db, db_url, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "bot.web.site", None)  # as if not written yet
    with caplog.at_level(logging.WARNING, logger="bot.web.app"):
        app = create_app(settings_for(db_url), db)
    assert "site" not in app.blueprints and "inbox" in app.blueprints
    assert "bot.web.site is missing" in caplog.text


def test_secrets_are_generated_once_into_var_when_not_configured(db, db_url, tmp_path, monkeypatch):
    monkeypatch.setattr(local_secrets, "SESSION_SECRET_FILE", tmp_path / "web_secret_key")
    monkeypatch.setattr(local_secrets, "WEBHOOK_SECRET_FILE", tmp_path / "handoff_webhook_secret")
    settings = settings_for(db_url, secret_key="", handoff_webhook_secret="")
    app = create_app(settings, db)
    again = create_app(settings, db)
    assert app.secret_key == again.secret_key == (tmp_path / "web_secret_key").read_text().strip()
    assert app.config["WEBHOOK_SECRET"] == DeliveryConfig.from_settings(settings).secret
    for name in ("web_secret_key", "handoff_webhook_secret"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600


class ServedApp:
    """The app served over real HTTP on a free port, in a thread (waitress itself
    is exercised by test_web_command_serves_the_app)."""

    def __init__(self, app) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_local_default_delivers_to_the_apps_own_inbox(db, db_url):
    set_advisor_password(db, "sam", "correct horse battery staple")
    served = ServedApp(create_app(settings_for(db_url), db))
    try:
        now = datetime.now(timezone.utc)
        reference = save_handoff(
            db,
            conversation_id="c1",
            reason="crisis",
            summary=build_summary({}),
            contact={"first_name": "Jo", "email": "jo@example.org"},
            consent_at=now,
            transcript=[TranscriptEntry(at=now, sender="visitor", text="I need to talk")],
        ).reference
        # No HANDOFF_WEBHOOK_URL: the worker targets WEB_HOST:WEB_PORT/inbox/api/handoffs.
        config = DeliveryConfig.from_settings(settings_for(db_url, web_port=served.port))
        assert config.url == f"http://127.0.0.1:{served.port}/inbox/api/handoffs"
        results = DeliveryWorker(db, config).run_once()
        assert [(r.reference, r.http_status) for r in results] == [(reference, 200)]
        with db.session() as session:
            receipt = session.execute(select(InboxReceipt)).scalar_one()
            assert (receipt.revision, receipt.times_received) == (1, 1)

        base = f"http://127.0.0.1:{served.port}"
        browser = requests.Session()
        login_page = browser.get(f"{base}/inbox/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
        response = browser.post(
            f"{base}/inbox/login",
            allow_redirects=False,
            data={"csrf_token": token, "username": "sam", "password": "correct horse battery staple"},
        )
        assert response.status_code == 302
        page = browser.get(f"{base}/inbox/handoffs/{reference}").text
        assert "Delivered" in page and "Received by this inbox" in page
        assert "I need to talk" in page
    finally:
        served.close()


def test_web_command_serves_the_app(db_url, tmp_path):
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        DATABASE_URL=db_url,
        SECRET_KEY="s" * 64,
        HANDOFF_WEBHOOK_SECRET="w" * 40,
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
    )
    # the web app refuses a database that is not migrated (tests/stores/test_schema_check.py)
    subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    log_path = tmp_path / "web.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "web", "--host", "127.0.0.1", "--port", "0"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        port = None
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline and process.poll() is None:
            match = re.search(r"Serving on http://127\.0\.0\.1:(\d+)", log_path.read_text())
            port = int(match.group(1)) if match else None
            time.sleep(0.1)
        assert port and port != 8080, log_path.read_text()  # --port 0: a free port
        response = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
        assert response.status_code == 200 and response.json()["status"] == "ok"
        inbox = requests.get(f"http://127.0.0.1:{port}/inbox/", allow_redirects=False, timeout=10)
        assert inbox.status_code == 302
    finally:
        process.terminate()
        process.wait(15)
