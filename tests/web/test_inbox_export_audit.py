"""The CSV export is for admins only and every export is recorded (issue 14):
who exported which filters, when, and how many rows, shown to admins on the
accounts page; the search text itself is never stored. SQLite and PostgreSQL."""

from __future__ import annotations

from html import unescape

import pytest

from bot.handoff.exports import recent_exports, record_export
from tests.web.inbox_helpers import database_with_accounts, log_in, save_test_handoff


@pytest.fixture
def db(db_url):
    yield from database_with_accounts(db_url, ada={"role": "admin"}, sam={})


def make(db, conversation_id: str, reason: str, phone: str) -> str:
    return save_test_handoff(db, conversation_id, reason=reason, phone=phone, contact_time=None)


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
