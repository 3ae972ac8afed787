"""The inbox search on the real PostgreSQL (pg_trgm indexes; never skipped):
the same cases as on SQLite (tests/web/search_cases.py)."""

from __future__ import annotations

import pytest

from tests.web import search_cases
from tests.web.inbox_helpers import database_with_accounts


@pytest.fixture
def db(postgres_url):
    yield from database_with_accounts(postgres_url, sam={})


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
def test_search_on_postgresql(db, case):
    getattr(search_cases, case)(db)


def test_the_name_search_reads_the_pg_trgm_index(db):
    assert search_cases.uses_trigram_index(db)
