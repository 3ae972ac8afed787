"""Times in the advisor's zone (issue 14): each account has an IANA time zone,
every time on the inbox pages shows in it with the zone named, and the list's
date filters are days in that zone. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from html import unescape

import pytest

from bot.handoff.advisors import authenticate
from bot.handoff.records import HandoffFilter
from tests.web.inbox_helpers import PASSWORD, database_with_accounts, log_in, save_test_handoff

# 03:30 UTC on 21 November is 21:30 on 20 November in Chicago (CST, UTC-6).
LATE = datetime(2026, 11, 21, 3, 30, tzinfo=timezone.utc)


@pytest.fixture
def db(db_url):
    yield from database_with_accounts(db_url, sam={"time_zone": "America/Chicago"}, ada={"role": "admin"})  # ada: UTC


def make(db, conversation_id: str, at: datetime) -> str:
    return save_test_handoff(db, conversation_id, at=at, said_after=timedelta(seconds=7))


def text_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return unescape(response.get_data(as_text=True))


def test_every_time_shows_in_the_accounts_zone_with_the_zone_named(app, db):
    reference = make(db, "c1", LATE)
    sam, ada = log_in(app, "sam"), log_in(app, "ada")
    chicago = text_of(sam, f"/inbox/handoffs/{reference}")
    assert "created 2026-11-20 21:30 CST" in chicago
    assert "2026-11-20 21:30:07 CST" in chicago  # the transcript line
    assert "UTC" not in chicago.replace("(UTC)", "")
    assert "Times in America/Chicago" in chicago
    utc = text_of(ada, f"/inbox/handoffs/{reference}")
    assert "created 2026-11-21 03:30 UTC" in utc
    assert 'title="2026-11-20 21:30 CST"' in text_of(sam, "/inbox/")


def test_date_filters_are_days_in_the_accounts_zone(app, db):
    reference = make(db, "c1", LATE)
    sam, ada = log_in(app, "sam"), log_in(app, "ada")
    day = "/inbox/?from=2026-11-20&to=2026-11-20"
    assert reference in text_of(sam, day)  # 20 November in Chicago
    assert reference not in text_of(ada, day)  # 21 November in UTC
    assert reference in text_of(ada, "/inbox/?from=2026-11-21&to=2026-11-21")
    with pytest.raises(ValueError, match="unknown time zone"):
        HandoffFilter(time_zone="Nowhere/Town")


def test_an_account_changes_its_own_time_zone(app, db):
    sam = log_in(app, "sam")
    page = text_of(sam, "/inbox/accounts/me")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert 'value="America/Chicago"' in page
    changed = sam.post("/inbox/accounts/me", data={"csrf_token": token, "time_zone": "Europe/Berlin"})
    assert changed.status_code == 302
    assert authenticate(db, "sam", PASSWORD).time_zone == "Europe/Berlin"
    bad = sam.post("/inbox/accounts/me", data={"csrf_token": token, "time_zone": "Berlin"})
    assert bad.status_code == 400
    assert "not a time zone name" in unescape(bad.get_data(as_text=True))
    assert authenticate(db, "sam", PASSWORD).time_zone == "Europe/Berlin"
    assert sam.post("/inbox/accounts/me", data={"time_zone": "UTC"}).status_code == 400  # no CSRF
    assert authenticate(db, "sam", PASSWORD).time_zone == "Europe/Berlin"
