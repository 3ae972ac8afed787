"""The engine factory: SQLite pooling works across threads, errors hide parameters."""

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.db import Database


def test_a_sqlite_file_database_is_usable_from_several_threads(sqlite_url):
    db = Database(sqlite_url)
    errors = []

    def work():
        try:
            for _ in range(20):
                with db.session() as session:
                    assert session.execute(text("SELECT 1")).scalar_one() == 1
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.dispose()
    assert errors == []


def test_database_errors_do_not_quote_parameters(sqlite_url):
    db = Database(sqlite_url)
    with pytest.raises(OperationalError) as info, db.session() as session:
        session.execute(text("SELECT * FROM no_such_table WHERE x = :secret"), {"secret": "555-0142"})
    db.dispose()
    assert "555-0142" not in str(info.value)
