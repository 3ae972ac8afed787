"""Advisor accounts for the inbox: `python -m bot add-advisor USERNAME` and
`python -m bot advisors list|create|disable|enable|reset-password|set-role|set-time-zone`.

Passwords are stored as argon2id hashes (argon2-cffi's recommended parameters)
and re-hashed on login when those parameters change. Changing a password or
disabling an account deletes every inbox session of it
(`bot.handoff.advisor_sessions`). Each account has a role (`ROLES`: checked
here, the only writer) and a time zone, an IANA name that zoneinfo knows.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import getpass
import re
import sys
import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.db import Database
from bot.handoff.models import HANDOFF_ROLES, ROLE_ADVISOR, ROLES, Advisor, AdvisorSession
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
    role: str = ROLE_ADVISOR
    time_zone: str = "UTC"


@dataclass(frozen=True)
class AccountView:
    """One account as the admin page and `advisors list` show it."""

    username: str
    role: str
    active: bool
    time_zone: str
    created_at: datetime
    last_login_at: datetime | None


class AccountError(ValueError):
    """A request about accounts that cannot be done (message for a person)."""


def validate_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"a role is one of {', '.join(ROLES)}")
    return role


@functools.lru_cache(maxsize=1)
def known_time_zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def validate_time_zone(name: str) -> str:
    """An IANA zone name zoneinfo knows ("America/Chicago"), else AccountError."""
    zone = (name or "").strip()
    # Only names from the list: ZoneInfo() alone would also try odd keys as paths.
    if zone not in known_time_zones():
        raise AccountError(f"{zone or 'an empty name'!r} is not a time zone name such as America/Chicago")
    return zone


def normalize_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not USERNAME_PATTERN.match(name):
        raise ValueError("a username has 2-64 characters: lower-case letters, digits, '.', '_', '-', '@'")
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
        role=advisor.role,
        time_zone=advisor.time_zone,
    )


def _end_sessions(session: Session, advisor_id: int) -> None:
    session.execute(
        delete(AdvisorSession)
        .where(AdvisorSession.advisor_id == advisor_id)
        .execution_options(synchronize_session=False)
    )


def _account(session: Session, username: str) -> Advisor:
    advisor: Advisor | None = session.execute(
        select(Advisor).where(Advisor.username == normalize_username(username))
    ).scalar_one_or_none()
    if advisor is None:
        raise AccountError(f"no account {username!r}")
    return advisor


def create_advisor(
    db: Database,
    username: str,
    password: str,
    *,
    role: str = ROLE_ADVISOR,
    time_zone: str = "UTC",
    now: datetime | None = None,
) -> None:
    """A new active account; AccountError when the username is taken or a value is bad."""
    name = normalize_username(username)
    check_password_policy(password)
    validate_role(role)
    zone = validate_time_zone(time_zone)
    moment = now or utc_now()
    with db.session() as session:
        if session.execute(select(Advisor.id).where(Advisor.username == name)).first():
            raise AccountError(f"the username {name!r} is taken")
        session.add(
            Advisor(
                username=name,
                password_hash=_hasher.hash(password),
                active=True,
                role=role,
                time_zone=zone,
                created_at=moment,
                updated_at=moment,
            )
        )


def list_advisors(db: Database) -> list[AccountView]:
    with db.session() as session:
        return [
            AccountView(
                username=a.username,
                role=a.role,
                active=a.active,
                time_zone=a.time_zone,
                created_at=a.created_at,
                last_login_at=a.last_login_at,
            )
            for a in session.execute(select(Advisor).order_by(Advisor.username)).scalars()
        ]


def assignable_usernames(db: Database) -> list[str]:
    """Active accounts that may work handoffs (the "Assign to..." choices)."""
    with db.session() as session:
        return list(
            session.execute(
                select(Advisor.username)
                .where(Advisor.active.is_(True), Advisor.role.in_(HANDOFF_ROLES))
                .order_by(Advisor.username)
            ).scalars()
        )


def set_active(db: Database, username: str, active: bool) -> None:
    """Enable or disable an account; disabling ends all its sessions at once."""
    with db.session() as session:
        advisor = _account(session, username)
        advisor.active = active
        advisor.updated_at = utc_now()
        if not active:
            _end_sessions(session, advisor.id)


def reset_password(db: Database, username: str, password: str) -> None:
    """A new password for an existing account (it stays enabled or disabled as
    it was); every session of the account ends."""
    check_password_policy(password)
    with db.session() as session:
        advisor = _account(session, username)
        advisor.password_hash = _hasher.hash(password)
        advisor.updated_at = utc_now()
        _end_sessions(session, advisor.id)


def set_role(db: Database, username: str, role: str) -> None:
    validate_role(role)
    with db.session() as session:
        advisor = _account(session, username)
        advisor.role = role
        advisor.updated_at = utc_now()


def set_time_zone(db: Database, username: str, time_zone: str) -> None:
    zone = validate_time_zone(time_zone)
    with db.session() as session:
        advisor = _account(session, username)
        advisor.time_zone = zone
        advisor.updated_at = utc_now()


def set_advisor_password(db: Database, username: str, password: str, *, now: datetime | None = None) -> bool:
    """Create the advisor or change their password; True when the account is new."""
    name = normalize_username(username)
    check_password_policy(password)
    password_hash = _hasher.hash(password)
    moment = now or utc_now()
    with db.session() as session:
        advisor = session.execute(select(Advisor).where(Advisor.username == name)).scalar_one_or_none()
        if advisor is not None:
            advisor.password_hash = password_hash
            advisor.updated_at = moment
            advisor.active = True
            # Whoever knew the old password may hold a session: end them all.
            _end_sessions(session, advisor.id)
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
            session.execute(select(Advisor).where(Advisor.username == name)).scalar_one_or_none() if name else None
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


def accounts_cli(argv: list[str] | None = None) -> int:
    """`python -m bot advisors ...`: list and manage inbox accounts."""
    parser = argparse.ArgumentParser(prog="python -m bot advisors", description="List and manage inbox accounts.")
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="every account with its role, state and time zone")
    create = commands.add_parser("create", help="a new account (asks for its password)")
    create.add_argument("username")
    create.add_argument("--role", default=ROLE_ADVISOR, choices=ROLES)
    create.add_argument("--time-zone", default="UTC", help="IANA name, e.g. America/Chicago")
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of standard input"
    )
    for name, text in (("disable", "disable an account and end its sessions"), ("enable", "enable a disabled account")):
        commands.add_parser(name, help=text).add_argument("username")
    reset = commands.add_parser("reset-password", help="a new password; ends the sessions")
    reset.add_argument("username")
    reset.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of standard input"
    )
    role = commands.add_parser("set-role", help="change an account's role")
    role.add_argument("username")
    role.add_argument("role", choices=ROLES)
    zone = commands.add_parser("set-time-zone", help="change an account's time zone")
    zone.add_argument("username")
    zone.add_argument("time_zone", help="IANA name, e.g. America/Chicago")
    args = parser.parse_args(argv)

    db = Database(args.database_url, hide_parameters=True)
    try:
        db.create_schema()
        return _run_accounts_command(db, args)
    except ValueError as exc:  # AccountError and the password/username rules
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()


def _run_accounts_command(db: Database, args: argparse.Namespace) -> int:
    command = args.command
    if command == "list":
        for account in list_advisors(db):
            state = "active" if account.active else "disabled"
            print(f"{account.username}\t{account.role}\t{state}\t{account.time_zone}")
        return 0
    if command == "create":
        name = normalize_username(args.username)
        password = _read_password(args.password_stdin)
        create_advisor(db, name, password, role=args.role, time_zone=args.time_zone)
        print(f"{args.role} {name!r} created")
    elif command in ("disable", "enable"):
        set_active(db, args.username, command == "enable")
        print(f"{args.username!r} {command}d")
    elif command == "reset-password":
        normalize_username(args.username)
        reset_password(db, args.username, _read_password(args.password_stdin))
        print(f"{args.username!r}: new password set, sessions ended")
    elif command == "set-role":
        set_role(db, args.username, args.role)
        print(f"{args.username!r} is now {args.role}")
    elif command == "set-time-zone":
        set_time_zone(db, args.username, args.time_zone)
        print(f"{args.username!r} now sees times in {args.time_zone.strip()}")
    return 0
