"""The inbox search on SQLite: every field, phone formats, filters together,
pages, the FTS5 index kept in step, the list page and the migration's backfill.
The same cases on PostgreSQL: tests/stores/test_inbox_search_postgres.py."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.db import Database
from bot.handoff.search import HandoffFilter, search_page
from bot.migrations.runner import migrate
from tests.conftest import fresh_database
from tests.web import search_cases
from tests.web.inbox_helpers import database_with_accounts, log_in, save_test_handoff


@pytest.fixture
def db(sqlite_url):
    yield from database_with_accounts(sqlite_url, sam={})


@pytest.fixture
def db_url(sqlite_url):
    return sqlite_url


@pytest.mark.parametrize(
    "case",
    [
        "check_each_field",
        "check_phone_formats",
        "check_filters_combine",
        "check_pages_and_count",
        "check_bounded_count",
        "check_index_follows_changes",
    ],
)
def test_search_on_sqlite(db, case):
    getattr(search_cases, case)(db)


def test_the_name_search_reads_the_fts5_trigram_index(db):
    assert search_cases.uses_trigram_index(db)


def test_the_list_page_searches_by_phone_however_typed(app, db):
    ref = save_test_handoff(db, "c-page", first_name="Dana", phone="(312) 555-0142")
    save_test_handoff(db, "c-other", first_name="Lee", phone="(720) 555-0199")
    client = log_in(app)
    for typed in ("312.555.0142", "+1 (312) 555 0142", "dana"):
        page = client.get("/inbox/", query_string={"q": typed}).get_data(as_text=True)
        assert ref in page and "Lee" not in page, typed


def test_the_list_page_shows_a_bounded_count_and_pages_past_it(app, db, monkeypatch):
    monkeypatch.setattr("bot.handoff.search.COUNT_LIMIT", 3)
    monkeypatch.setattr("bot.web.inbox_list.PAGE_SIZE", 2)
    for n in range(5):
        save_test_handoff(db, f"c-cap{n}", first_name=f"Kim{n}", phone=None, email=f"k{n}@y.org")
    client = log_in(app)
    first = client.get("/inbox/", query_string={"q": "kim"}).get_data(as_text=True)
    assert "Page 1 · 3+ handoffs" in first and "Older" in first
    last = client.get("/inbox/", query_string={"q": "kim", "page": 3}).get_data(as_text=True)
    assert "Page 3 · 3+ handoffs" in last and "Older" not in last and "Kim0" in last
    state = client.get("/inbox/queue.json", query_string={"q": "kim"}).get_json()
    assert state["total"] == 3
    assert "Page 1 · 1 handoff<" in client.get("/inbox/", query_string={"q": "kim1"}).get_data(as_text=True)


def test_a_page_before_the_first_is_refused(db):
    with pytest.raises(ValueError):
        search_page(db, HandoffFilter(), page=0)


def test_migration_0005_fills_the_search_of_existing_handoffs(sqlite_url):
    """A database at 0004 with handoffs: after the upgrade they are found by each field."""
    with fresh_database(sqlite_url) as db:
        ref = save_test_handoff(db, "c-old", first_name="Quinn", phone="(312) 555-0123", email="q@old.example")
    db = Database(sqlite_url)
    try:
        from bot.migrations.runner import downgrade

        downgrade(db.engine, "0004")
        with db.engine.connect() as conn:
            assert "search_text" not in {row[1] for row in conn.execute(text("PRAGMA table_info(handoffs)"))}
        migrate(db.engine)
        for typed in ("quinn", "555-0123", "q@old", ref.lower()):
            assert {i.reference for i in search_page(db, HandoffFilter(q=typed), page=1).items} == {ref}, typed
    finally:
        db.dispose()
