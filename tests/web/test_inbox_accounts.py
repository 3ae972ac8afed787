"""Roles and account administration (issue 14): advisor, trainer and admin
accounts, disabling and enabling, password resets, on the admins' web page and
in `python -m bot advisors`. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.handoff.advisors import (
    AccountError,
    authenticate,
    list_advisors,
    set_active,
    validate_time_zone,
)
from tests.web.inbox_helpers import PASSWORD, csrf_token, database_with_accounts, post_login, save_test_handoff

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(db_url):
    yield from database_with_accounts(db_url, ada={"role": "admin"}, sam={"role": "advisor"}, tess={"role": "trainer"})


def log_in(app, username, password=PASSWORD):
    client = app.test_client()
    return client, post_login(client, username, password, next="/inbox/")


def make_handoff(db) -> str:
    return save_test_handoff(db, "c1")


def test_an_advisor_cannot_open_the_accounts_page(app):
    client, _ = log_in(app, "sam")
    assert client.get("/inbox/").status_code == 200
    assert client.get("/inbox/accounts/").status_code == 403
    response = client.post(
        "/inbox/accounts/",
        data={
            "csrf_token": csrf_token(client, "/inbox/"),
            "username": "eve",
            "password": PASSWORD,
            "role": "admin",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 403
    assert "eve" not in [a.username for a in list_advisors(app.config["DATABASE"])]


def test_a_trainer_gets_403_on_every_handoff_page(app, db):
    reference = make_handoff(db)
    client, response = log_in(app, "tess")
    assert response.status_code == 302
    for path in ("/inbox/", f"/inbox/handoffs/{reference}", "/inbox/export.csv", "/inbox/accounts/"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "Maria" not in response.get_data(as_text=True)
    response = client.post(
        f"/inbox/handoffs/{reference}/status",
        data={"csrf_token": csrf_token(client, "/inbox/"), "status": "closed", "note": ""},
    )
    assert response.status_code == 403


def test_an_admin_lists_creates_disables_and_resets(app, db):
    admin, _ = log_in(app, "ada")
    page = admin.get("/inbox/accounts/").get_data(as_text=True)
    for name in ("ada", "sam", "tess"):
        assert f">{name}<" in page
    token = csrf_token(admin, "/inbox/accounts/")

    created = admin.post(
        "/inbox/accounts/",
        data={
            "csrf_token": token,
            "username": "Kim",
            "password": PASSWORD,
            "role": "trainer",
            "time_zone": "America/Chicago",
        },
    )
    assert created.status_code == 302
    kim = authenticate(db, "kim", PASSWORD)
    assert kim is not None and (kim.role, kim.time_zone) == ("trainer", "America/Chicago")

    advisor, _ = log_in(app, "sam")
    assert advisor.get("/inbox/").status_code == 200
    disabled = admin.post("/inbox/accounts/sam/active", data={"csrf_token": token, "active": "no"})
    assert disabled.status_code == 302
    # The open session ends at once, and the password no longer logs in.
    assert advisor.get("/inbox/").status_code == 302
    _, again = log_in(app, "sam")
    assert again.status_code == 401
    assert "disabled" in admin.get("/inbox/accounts/").get_data(as_text=True)

    admin.post("/inbox/accounts/sam/active", data={"csrf_token": token, "active": "yes"})
    advisor, _ = log_in(app, "sam")
    assert advisor.get("/inbox/").status_code == 200
    reset = admin.post("/inbox/accounts/sam/password", data={"csrf_token": token, "password": "a brand new passphrase"})
    assert reset.status_code == 302
    assert advisor.get("/inbox/").status_code == 302  # the reset ended the session
    assert authenticate(db, "sam", PASSWORD) is None
    assert authenticate(db, "sam", "a brand new passphrase") is not None


@pytest.mark.parametrize(
    "form, message",
    [
        ({"username": "sam", "password": PASSWORD, "role": "advisor", "time_zone": "UTC"}, "is taken"),
        ({"username": "x y", "password": PASSWORD, "role": "advisor", "time_zone": "UTC"}, "a username has"),
        ({"username": "new", "password": "short", "role": "advisor", "time_zone": "UTC"}, "at least 12"),
        ({"username": "new", "password": PASSWORD, "role": "owner", "time_zone": "UTC"}, "a role is one of"),
        ({"username": "new", "password": PASSWORD, "role": "advisor", "time_zone": "Mars/Base"}, "not a time zone"),
    ],
)
def test_bad_account_forms_get_a_clear_error(app, form, message):
    admin, _ = log_in(app, "ada")
    response = admin.post("/inbox/accounts/", data={"csrf_token": csrf_token(admin, "/inbox/accounts/"), **form})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert "new" not in [a.username for a in list_advisors(app.config["DATABASE"])]


def test_account_forms_need_the_csrf_token_and_an_admin_cannot_disable_themself(app, db):
    admin, _ = log_in(app, "ada")
    assert admin.post("/inbox/accounts/sam/active", data={"active": "no"}).status_code == 400
    assert authenticate(db, "sam", PASSWORD) is not None
    token = csrf_token(admin, "/inbox/accounts/")
    for own in ("ada", "ADA"):
        response = admin.post(f"/inbox/accounts/{own}/active", data={"csrf_token": token, "active": "no"})
        assert response.status_code == 400 and "your own account" in response.get_data(as_text=True)
    assert authenticate(db, "ada", PASSWORD) is not None
    missing = admin.post("/inbox/accounts/nobody/active", data={"csrf_token": token, "active": "no"})
    assert missing.status_code == 404
    short = admin.post("/inbox/accounts/sam/password", data={"csrf_token": token, "password": "x"})
    assert short.status_code == 400 and "at least 12" in short.get_data(as_text=True)


def test_time_zones_are_validated_with_zoneinfo():
    assert validate_time_zone(" Europe/Berlin ") == "Europe/Berlin"
    for bad in ("", "Berlin", "../../etc/passwd", "America/Chicago/x"):
        with pytest.raises(AccountError):
            validate_time_zone(bad)


def test_disabling_is_a_function_too(db):
    set_active(db, "sam", False)
    assert authenticate(db, "sam", PASSWORD) is None
    with pytest.raises(AccountError, match="no account"):
        set_active(db, "nobody", False)


def run_cli(db_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), SQLALCHEMY_SILENCE_UBER_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "bot", "advisors", "--database-url", db_url, *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_advisors_command_lists_creates_disables_enables_and_resets(db, db_url):
    created = run_cli(
        db_url,
        "create",
        "lee",
        "--role",
        "admin",
        "--time-zone",
        "America/Denver",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert created.returncode == 0, created.stderr
    listing = run_cli(db_url, "list").stdout.splitlines()
    assert "lee\tadmin\tactive\tAmerica/Denver" in listing
    assert "sam\tadvisor\tactive\tUTC" in listing
    assert run_cli(db_url, "disable", "lee").returncode == 0
    assert "lee\tadmin\tdisabled\tAmerica/Denver" in run_cli(db_url, "list").stdout
    assert authenticate(db, "lee", PASSWORD) is None
    assert run_cli(db_url, "enable", "lee").returncode == 0
    reset = run_cli(db_url, "reset-password", "lee", "--password-stdin", stdin="another long passphrase\n")
    assert reset.returncode == 0 and "another" not in reset.stdout
    assert authenticate(db, "lee", "another long passphrase") is not None
    assert run_cli(db_url, "set-role", "lee", "trainer").returncode == 0
    assert run_cli(db_url, "set-time-zone", "lee", "Asia/Tokyo").returncode == 0
    identity = authenticate(db, "lee", "another long passphrase")
    assert (identity.role, identity.time_zone) == ("trainer", "Asia/Tokyo")
    bad_zone = run_cli(db_url, "set-time-zone", "lee", "Nowhere/Town")
    assert bad_zone.returncode == 2 and "not a time zone" in bad_zone.stderr
    taken = run_cli(db_url, "create", "lee", "--password-stdin", stdin=PASSWORD + "\n")
    assert taken.returncode == 2 and "taken" in taken.stderr
    missing = run_cli(db_url, "disable", "nobody")
    assert missing.returncode == 2 and "no account" in missing.stderr
