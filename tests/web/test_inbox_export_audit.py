"""The CSV export is for admins only and every export is recorded (issue 14):
who exported which filters, when, and how many rows, shown to admins on the
accounts page; the search text itself is never stored. SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from html import unescape

import pytest

from bot.handoff.advisors import create_advisor
from bot.handoff.exports import recent_exports, record_export
from bot.handoff.service import save_handoff
from bot.handoff.summary import build_summary
from bot.handoff.transcript import TranscriptEntry
from bot.settings import Settings
from bot.web.app import create_app
from tests.conftest import fresh_database

PASSWORD = "correct horse battery staple"
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def db(db_url):
    with fresh_database(db_url) as database:
        create_advisor(database, "ada", PASSWORD, role="admin")
        create_advisor(database, "sam", PASSWORD)
        yield database


@pytest.fixture
def app(db, db_url):
    settings = Settings(database_url=db_url, secret_key="k" * 64, handoff_webhook_secret="x")
    app = create_app(settings, db)
    app.testing = True
    return app


def make(db, conversation_id: str, reason: str, phone: str) -> str:
    return save_handoff(
        db,
        conversation_id=conversation_id,
        reason=reason,
        summary=build_summary({"for_whom": "self"}),
        contact={"first_name": "Maria", "phone": phone, "email": None, "contact_time": None},
        consent_at=NOW,
        transcript=[TranscriptEntry(at=NOW, sender="visitor", text="hi")],
        now=NOW,
    ).reference


def log_in(app, username):
    client = app.test_client()
    page = client.get("/inbox/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert (
        client.post("/inbox/login", data={"csrf_token": token, "username": username, "password": PASSWORD}).status_code
        == 302
    )
    return client


def test_an_advisor_cannot_export_and_sees_no_download_link(app, db):
    make(db, "c1", "detox", "(312) 555-0142")
    sam = log_in(app, "sam")
    assert "Download CSV" not in sam.get("/inbox/").get_data(as_text=True)
    assert sam.get("/inbox/export.csv").status_code == 403
    assert recent_exports(db) == []


def test_an_admin_export_is_recorded_with_filters_and_row_count_but_not_the_search(app, db):
    make(db, "c1", "detox", "(312) 555-0142")
    make(db, "c2", "detox", "(720) 555-0143")
    make(db, "c3", "crisis", "(312) 555-0144")
    ada = log_in(app, "ada")
    assert "Download CSV" in ada.get("/inbox/").get_data(as_text=True)
    response = ada.get("/inbox/export.csv?reason=detox&q=312+555")
    assert response.status_code == 200
    assert len(response.get_data(as_text=True).splitlines()) == 2  # header + 1 row
    ada.get("/inbox/export.csv?status=new")

    latest, first = recent_exports(db)
    assert (first.advisor_username, first.filters, first.searched, first.row_count) == (
        "ada",
        {"reason": "detox"},
        True,
        1,
    )
    assert (latest.filters, latest.searched, latest.row_count) == ({"status": "new"}, False, 3)
    page = unescape(ada.get("/inbox/accounts/").get_data(as_text=True))
    assert "<title>Accounts · IOP intake</title>" in page  # the exports table is in the body only
    exports = page[page.index("<h2>CSV exports</h2>") :]
    assert "reason=detox, search" in exports and "status=new" in exports
    assert "312" not in exports  # the search text is never stored or shown


def test_the_audit_refuses_the_search_text():
    with pytest.raises(ValueError, match="search text"):
        record_export(None, advisor_username="ada", filters={"q": "maria"}, searched=True, row_count=1)
