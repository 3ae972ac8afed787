"""Advisor accounts for the inbox: `python -m bot add-advisor USERNAME`.

Passwords are stored as argon2id hashes (argon2-cffi's recommended parameters)
and re-hashed on login when those parameters change. Changing a password
deletes every inbox session of that advisor (`bot.handoff.advisor_sessions`).
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import getpass
import re
import sys
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from bot.db import Database
from bot.handoff.models import Advisor, AdvisorSession
from bot.handoff.timeutil import utc_now
from bot.migrations.check import SchemaNotCurrent, require_current_schema

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")

_hasher = PasswordHasher()


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the username does not exist, so a login attempt
    takes the same time whether or not the account exists."""
    return _hasher.hash("not a real password, only for timing")


@dataclass(frozen=True)
class AdvisorIdentity:
    """Who is logged in. `password_fingerprint` changes when the password does
    (a password change also deletes the advisor's sessions)."""

    id: int
    username: str
    password_fingerprint: str


def normalize_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not USERNAME_PATTERN.match(name):
        raise ValueError(
            "a username has 2-64 characters: lower-case letters, digits, '.', '_', '-', '@'"
        )
    return name


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValueError(f"a password has at most {MAX_PASSWORD_LENGTH} characters")


def _fingerprint(password_hash: str) -> str:
    # The hash's last characters (part of the digest): never the whole hash.
    return password_hash[-16:]


def identity_of(advisor: Advisor) -> AdvisorIdentity:
    return AdvisorIdentity(
        id=advisor.id,
        username=advisor.username,
        password_fingerprint=_fingerprint(advisor.password_hash),
    )


def set_advisor_password(
    db: Database, username: str, password: str, *, now: datetime | None = None
) -> bool:
    """Create the advisor or change their password; True when the account is new."""
    name = normalize_username(username)
    check_password_policy(password)
    password_hash = _hasher.hash(password)
    moment = now or utc_now()
    with db.session() as session:
        advisor = session.execute(
            select(Advisor).where(Advisor.username == name)
        ).scalar_one_or_none()
        if advisor is not None:
            advisor.password_hash = password_hash
            advisor.updated_at = moment
            advisor.active = True
            # Whoever knew the old password may hold a session: end them all.
            session.execute(
                delete(AdvisorSession)
                .where(AdvisorSession.advisor_id == advisor.id)
                .execution_options(synchronize_session=False)
            )
            return False
        session.add(
            Advisor(
                username=name,
                password_hash=password_hash,
                active=True,
                created_at=moment,
                updated_at=moment,
            )
        )
    return True


def authenticate(db: Database, username: str, password: str) -> AdvisorIdentity | None:
    """The advisor when username and password match an active account, else None."""
    try:
        name = normalize_username(username)
    except ValueError:
        name = None
    if not password or len(password) > MAX_PASSWORD_LENGTH:
        return None
    with db.session() as session:
        advisor = (
            session.execute(select(Advisor).where(Advisor.username == name)).scalar_one_or_none()
            if name
            else None
        )
        if advisor is None or not advisor.active:
            with contextlib.suppress(VerificationError):
                _hasher.verify(_dummy_hash(), password)
            return None
        try:
            _hasher.verify(advisor.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if _hasher.check_needs_rehash(advisor.password_hash):
            advisor.password_hash = _hasher.hash(password)
        advisor.last_login_at = utc_now()
        return identity_of(advisor)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password (at least {MIN_PASSWORD_LENGTH} characters): ")
    second = getpass.getpass("Repeat the password: ")
    if first != second:
        raise ValueError("the two passwords differ")
    return first


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot add-advisor",
        description="Create an advisor account for the inbox, or change its password.",
    )
    parser.add_argument("username")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input instead of prompting",
    )
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    args = parser.parse_args(argv)
    try:
        username = normalize_username(args.username)
        password = _read_password(args.password_stdin)
        check_password_policy(password)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    db = Database(args.database_url, hide_parameters=True)
    try:
        require_current_schema(db.engine)  # the schema is migrate's to make
        created = set_advisor_password(db, username, password)
    except SchemaNotCurrent as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    print(f"advisor {username!r} {'created' if created else 'updated (new password)'}")
    return 0
