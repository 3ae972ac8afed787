"""Set-up the inbox tests share: accounts with one password, logging in
through the login form with its CSRF token, and saving a handoff to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from bot.db import Database
from bot.handoff.advisors import create_advisor
from bot.handoff.service import save_handoff
from bot.handoff.summary import build_summary
from bot.handoff.transcript import TranscriptEntry
from tests.conftest import fresh_database

PASSWORD = "correct horse battery staple"
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)


def database_with_accounts(db_url: str, **accounts: dict) -> Iterator[Database]:
    """A fresh database with these accounts (username=create_advisor options), all with PASSWORD.
    A generator, for a fixture to `yield from`."""
    with fresh_database(db_url) as database:
        for username, options in accounts.items():
            create_advisor(database, username, PASSWORD, **options)
        yield database


def csrf_token(client, path: str = "/inbox/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def post_login(client, username: str, password: str = PASSWORD, **form: str):
    """The login form posted with the login page's token; the response."""
    data = {"csrf_token": csrf_token(client), "username": username, "password": password, **form}
    return client.post("/inbox/login", data=data)


def log_in(app, username: str = "sam"):
    """A new client logged in as `username` (the login must succeed)."""
    client = app.test_client()
    assert post_login(client, username).status_code == 302
    return client


def save_test_handoff(
    db: Database,
    conversation_id: str,
    *,
    at: datetime = NOW,
    reason: str = "visitor_request",
    first_name: str = "Maria",
    phone: str = "(312) 555-0142",
    email: str | None = None,
    contact_time: str | None = "mornings",
    summary: dict | None = None,
    text: str = "hi",
    said_after: timedelta = timedelta(0),
) -> str:
    """A handoff saved at `at` whose transcript is one visitor line `said_after` later; its reference."""
    return save_handoff(
        db,
        conversation_id=conversation_id,
        reason=reason,
        summary=summary if summary is not None else build_summary({"for_whom": "self"}),
        contact={"first_name": first_name, "phone": phone, "email": email, "contact_time": contact_time},
        consent_at=at,
        transcript=[TranscriptEntry(at=at + said_after, sender="visitor", text=text)],
        now=at,
    ).reference
