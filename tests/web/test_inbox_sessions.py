"""Advisor inbox sessions held server-side (issue 10, finding 7) and the login
throttle per address across usernames (finding 8e). Runs on SQLite and PostgreSQL.

Time is a controllable clock passed to `create_app`, never a sleep.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.handoff.advisors import set_advisor_password
from bot.handoff.models import Advisor, AdvisorSession
from bot.settings import Settings
from bot.web.app import create_app
from tests.conftest import fresh_database

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
ATTACKER = "203.0.113.66"
ADVISOR_ADDRESS = "198.51.100.7"
COOKIE = "iop_session"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def db(db_url):
    # conftest's database, with the advisor accounts these tests log in as
    with fresh_database(db_url) as database:
        set_advisor_password(database, "sam", PASSWORD)
        set_advisor_password(database, "kim", PASSWORD)
        yield database


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(db, db_url, clock):
    settings = Settings(database_url=db_url, secret_key="k" * 64, handoff_webhook_secret="w" * 40)
    app = create_app(settings, db, clock=clock)
    app.testing = True
    return app


def csrf_token(client, path="/inbox/login", address="127.0.0.1") -> str:
    page = client.get(path, environ_base={"REMOTE_ADDR": address})
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def log_in(client, username="sam", password=PASSWORD, address="127.0.0.1"):
    return client.post(
        "/inbox/login",
        data={
            "csrf_token": csrf_token(client, address=address),
            "username": username,
            "password": password,
            "next": "/inbox/",
        },
        environ_base={"REMOTE_ADDR": address},
    )


def replay(app, cookie_value: str):
    """A fresh browser presenting a cookie captured earlier."""
    other = app.test_client()
    other.set_cookie(COOKIE, cookie_value)
    return other.get("/inbox/")


def session_count(db, username=None) -> int:
    query = select(func.count()).select_from(AdvisorSession)
    if username:
        query = query.join(Advisor, Advisor.id == AdvisorSession.advisor_id).where(Advisor.username == username)
    with db.session() as session:
        return session.execute(query).scalar_one()


# --- finding 7: sessions end server-side -----------------------------------------------


def test_the_cookie_captured_before_logout_opens_nothing_afterwards(app, db):
    client = app.test_client()
    assert log_in(client).status_code == 302
    captured = client.get_cookie(COOKIE).value
    assert replay(app, captured).status_code == 200
    token = csrf_token(client, "/inbox/")
    assert client.post("/inbox/logout", data={"csrf_token": token}).status_code == 302
    response = replay(app, captured)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inbox/login")
    assert session_count(db) == 0


def test_the_cookie_carries_only_a_token_whose_hash_is_stored(app, db):
    client = app.test_client()
    log_in(client)
    data = app.session_interface.get_signing_serializer(app).loads(client.get_cookie(COOKIE).value)
    assert "advisor_id" not in data and "advisor_pw" not in data
    token = data["sid"]
    assert len(token) >= 43  # secrets.token_urlsafe(32)
    with db.session() as session:
        row = session.execute(select(AdvisorSession)).scalar_one()
    assert row.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(getattr(row, column.key)) for column in AdvisorSession.__table__.columns]
    assert not any(token in value for value in stored)  # never the token itself


def test_a_password_change_deletes_all_that_advisors_sessions(app, db):
    laptop, phone, colleague = app.test_client(), app.test_client(), app.test_client()
    log_in(laptop)
    log_in(phone)
    log_in(colleague, username="kim")
    captured = [laptop.get_cookie(COOKIE).value, phone.get_cookie(COOKIE).value]
    assert session_count(db, "sam") == 2
    set_advisor_password(db, "sam", "a brand new password")
    assert session_count(db, "sam") == 0
    for cookie in captured:
        assert replay(app, cookie).status_code == 302
    assert colleague.get("/inbox/").status_code == 200  # kim's session is untouched
    assert session_count(db, "kim") == 1


def test_an_idle_session_expires_after_two_hours(app, clock):
    client = app.test_client()
    log_in(client)
    clock.advance(hours=1, minutes=59)
    assert client.get("/inbox/").status_code == 200  # activity moves the idle deadline
    clock.advance(hours=1, minutes=59)
    assert client.get("/inbox/").status_code == 200
    clock.advance(hours=2, seconds=1)
    response = client.get("/inbox/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/inbox/login")


def test_a_session_ends_eight_hours_after_login_however_active(app, clock, db):
    client = app.test_client()
    log_in(client)
    for _ in range(7):
        clock.advance(hours=1)
        assert client.get("/inbox/").status_code == 200
    clock.advance(minutes=59)
    assert client.get("/inbox/").status_code == 200
    clock.advance(minutes=1, seconds=1)
    assert client.get("/inbox/").status_code == 302
    assert session_count(db) == 0  # the expired row is deleted when it is presented


def test_expired_sessions_are_purged_on_login(app, clock, db):
    for _ in range(3):
        log_in(app.test_client())
    assert session_count(db) == 3
    clock.advance(hours=2, seconds=1)
    log_in(app.test_client(), username="kim")
    assert session_count(db) == 1 and session_count(db, "kim") == 1


def test_session_limits_come_from_the_settings(db, db_url, clock):
    settings = Settings(
        database_url=db_url,
        secret_key="k" * 64,
        handoff_webhook_secret="w" * 40,
        inbox_session_idle_s=600,
        inbox_session_lifetime_s=1800,
    )
    app = create_app(settings, db, clock=clock)
    client = app.test_client()
    log_in(client)
    clock.advance(minutes=9)
    assert client.get("/inbox/").status_code == 200
    clock.advance(minutes=10, seconds=1)
    assert client.get("/inbox/").status_code == 302
    env = Settings.from_env({"INBOX_SESSION_IDLE": "900", "INBOX_SESSION_LIFETIME": "3600"})
    assert (env.inbox_session_idle_s, env.inbox_session_lifetime_s) == (900, 3600)
    defaults = Settings.from_env({})
    assert (defaults.inbox_session_idle_s, defaults.inbox_session_lifetime_s) == (7200, 28800)


# --- finding 8e: the login throttle ------------------------------------------------------


def test_an_attack_on_a_username_does_not_lock_out_its_advisor_elsewhere(app):
    attacker = app.test_client()
    for _ in range(10):
        assert log_in(attacker, password="wrong password 123", address=ATTACKER).status_code == 401
    assert log_in(attacker, address=ATTACKER).status_code == 429
    advisor = app.test_client()
    assert log_in(advisor, address=ADVISOR_ADDRESS).status_code == 302
    assert advisor.get("/inbox/", environ_base={"REMOTE_ADDR": ADVISOR_ADDRESS}).status_code == 200


def test_one_address_trying_many_usernames_is_throttled(app):
    limit = app.extensions["inbox_login_throttle"].max_failures_per_address
    assert 10 < limit <= 50
    attacker = app.test_client()
    for number in range(limit):
        response = log_in(attacker, username=f"guess{number}", password="wrong password 123", address=ATTACKER)
        assert response.status_code == 401  # one try per username: the pair limit never hits
    assert log_in(attacker, username="another", address=ATTACKER).status_code == 429
    assert log_in(attacker, username="sam", address=ATTACKER).status_code == 429
    # Other addresses are unaffected.
    assert log_in(app.test_client(), address=ADVISOR_ADDRESS).status_code == 302


def test_the_add_advisor_command_ends_the_advisors_sessions(app, db, db_url):
    client = app.test_client()
    log_in(client)
    captured = client.get_cookie(COOKIE).value
    env = dict(os.environ, PYTHONPATH=str(ROOT), DATABASE_URL=db_url, SQLALCHEMY_SILENCE_UBER_WARNING="1")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "add-advisor", "sam", "--password-stdin"],
        cwd=ROOT,
        env=env,
        input="a brand new password\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert replay(app, captured).status_code == 302
    assert session_count(db) == 0


def test_session_limits_must_be_positive(db, db_url):
    for idle, lifetime in ((0, 28800), (7200, -1)):
        settings = Settings(
            database_url=db_url,
            secret_key="k" * 64,
            handoff_webhook_secret="w" * 40,
            inbox_session_idle_s=idle,
            inbox_session_lifetime_s=lifetime,
        )
        with pytest.raises(ValueError, match="must be positive"):
            create_app(settings, db)


def test_a_success_does_not_reset_the_per_address_count(app):
    limit = app.extensions["inbox_login_throttle"].max_failures_per_address
    attacker = app.test_client()
    for number in range(limit - 1):
        log_in(attacker, username=f"guess{number}", password="wrong password 123", address=ATTACKER)
    assert log_in(attacker, username="kim", address=ATTACKER).status_code == 302  # own account
    assert (
        log_in(app.test_client(), username="last", password="wrong password 123", address=ATTACKER).status_code == 401
    )
    assert log_in(app.test_client(), username="other", address=ATTACKER).status_code == 429


# --- behind a reverse proxy ------------------------------------------------------------


def _proxied_app(db, db_url, clock, proxies: int):
    settings = Settings(
        database_url=db_url, secret_key="k" * 64, handoff_webhook_secret="w" * 40, trusted_proxies=proxies
    )
    app = create_app(settings, db, clock=clock)
    app.testing = True
    return app


def _log_in_via_proxy(client, forwarded_for: str, password: str):
    page = client.get(
        "/inbox/login", environ_base={"REMOTE_ADDR": "10.0.0.1"}, headers={"X-Forwarded-For": forwarded_for}
    )
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    return client.post(
        "/inbox/login",
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
        headers={"X-Forwarded-For": forwarded_for},
        data={"csrf_token": token, "username": "sam", "password": password, "next": "/inbox/"},
    )


def test_behind_a_trusted_proxy_the_throttle_counts_the_real_client(db, db_url, clock):
    app = _proxied_app(db, db_url, clock, proxies=1)
    attacker = app.test_client()
    for _ in range(10):
        assert _log_in_via_proxy(attacker, ATTACKER, "wrong password 123").status_code == 401
    assert _log_in_via_proxy(attacker, ATTACKER, PASSWORD).status_code == 429
    # the advisor comes through the same proxy (10.0.0.1) from their own address
    assert _log_in_via_proxy(app.test_client(), ADVISOR_ADDRESS, PASSWORD).status_code == 302


def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(db, db_url, clock):
    app = _proxied_app(db, db_url, clock, proxies=0)
    attacker = app.test_client()
    for number in range(10):  # a new forged address every try
        assert _log_in_via_proxy(attacker, f"203.0.113.{number}", "wrong password 123").status_code == 401
    assert _log_in_via_proxy(attacker, "203.0.113.99", PASSWORD).status_code == 429


def test_a_negative_proxy_count_is_refused(db, db_url, clock):
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        _proxied_app(db, db_url, clock, proxies=-1)


def test_the_throttle_keeps_its_memory_bounded_under_many_addresses(monkeypatch):
    from bot.web import auth

    clock = [1000.0]
    monkeypatch.setattr(auth.time, "monotonic", lambda: clock[0])
    throttle = auth.LoginThrottle(max_failures=10, window_s=900.0)
    throttle.max_keys = 50
    for number in range(200):  # each address tries once: 2 keys each
        clock[0] += 1
        throttle.failed(f"198.51.{number // 256}.{number % 256}", "sam")
    assert len(throttle) <= 50
    # the most recent attacker is still counted, so the limits still work
    for _ in range(10):
        throttle.failed("203.0.113.9", "sam")
    assert throttle.blocked("203.0.113.9", "sam")
    clock[0] += 901  # everything expires and is dropped at the next shrink
    throttle.failed("203.0.113.10", "sam")
    throttle._shrink(clock[0])
    assert len(throttle) == 2
