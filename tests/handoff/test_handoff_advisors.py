"""Advisor accounts: argon2 hashes, password updates, the add-advisor command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.handoff.advisors import authenticate, normalize_username, set_advisor_password
from bot.handoff.models import Advisor

ROOT = Path(__file__).resolve().parents[2]


def test_password_is_stored_as_an_argon2id_hash(db):
    assert set_advisor_password(db, "Sam", "correct horse battery") is True
    with db.session() as session:
        advisor = session.execute(select(Advisor)).scalar_one()
    assert advisor.username == "sam"
    assert advisor.password_hash.startswith("$argon2id$")
    assert "correct horse battery" not in advisor.password_hash


def test_authenticate_accepts_only_the_right_password(db):
    set_advisor_password(db, "sam", "correct horse battery")
    identity = authenticate(db, "SAM ", "correct horse battery")
    assert identity is not None and identity.username == "sam"
    assert authenticate(db, "sam", "correct horse batterx") is None
    assert authenticate(db, "sam", "") is None
    assert authenticate(db, "nobody", "correct horse battery") is None
    assert authenticate(db, "", "correct horse battery") is None


def test_updating_a_password_replaces_the_old_one(db):
    set_advisor_password(db, "sam", "correct horse battery")
    old = authenticate(db, "sam", "correct horse battery")
    assert set_advisor_password(db, "sam", "a different passphrase") is False
    assert authenticate(db, "sam", "correct horse battery") is None
    new = authenticate(db, "sam", "a different passphrase")
    assert new is not None and new.password_fingerprint != old.password_fingerprint


def test_short_passwords_and_odd_usernames_are_refused(db):
    with pytest.raises(ValueError, match="at least 12"):
        set_advisor_password(db, "sam", "short pass")
    for name in ("", "a", "has space", "x" * 65, "émile"):
        with pytest.raises(ValueError):
            normalize_username(name)


def run_cli(db_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), DATABASE_URL=db_url, SQLALCHEMY_SILENCE_UBER_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=60
    )


def test_add_advisor_command_creates_then_updates(db, db_url):
    created = run_cli(db_url, "add-advisor", "maria.l", "--password-stdin", stdin="a long enough password\n")
    assert created.returncode == 0, created.stderr
    assert "created" in created.stdout and "a long enough password" not in created.stdout
    assert authenticate(db, "maria.l", "a long enough password") is not None
    updated = run_cli(db_url, "add-advisor", "maria.l", "--password-stdin", stdin="another long password\n")
    assert updated.returncode == 0 and "updated" in updated.stdout
    assert authenticate(db, "maria.l", "another long password") is not None
    too_short = run_cli(db_url, "add-advisor", "maria.l", "--password-stdin", stdin="short\n")
    assert too_short.returncode == 2 and "at least 12" in too_short.stderr
    assert authenticate(db, "maria.l", "another long password") is not None
