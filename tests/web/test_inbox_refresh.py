"""New work is noticed (issue 14): the list polls /inbox/queue.json with its
own script and swaps in the new list when the version changes; new, unassigned
handoffs older than INBOX_HIGHLIGHT_AFTER are highlighted. SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot.handoff.assignment import assign_handoff
from bot.handoff.timeutil import utc_now
from bot.settings import Settings
from bot.web.app import create_app
from tests.web.inbox_helpers import database_with_accounts, log_in, save_test_handoff

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(db_url):
    yield from database_with_accounts(db_url, sam={}, tess={"role": "trainer"})


@pytest.fixture
def inbox_settings():
    return {"inbox_highlight_after_s": 600}


def make(db, conversation_id: str, minutes_ago: float) -> str:
    at = utc_now() - timedelta(minutes=minutes_ago)
    return save_test_handoff(db, conversation_id, at=at, email="m@example.org", contact_time=None)


def page_version(page: str) -> str:
    return re.search(r'id="queue"[^>]*data-version="([0-9a-f]+)"', page).group(1)


def test_the_version_changes_when_a_handoff_arrives_or_is_taken(app, db):
    first = make(db, "c1", 1)
    sam = log_in(app)
    page = sam.get("/inbox/?status=new").get_data(as_text=True)
    assert 'data-poll-url="/inbox/queue.json?status=new"' in page
    state = sam.get("/inbox/queue.json?status=new").get_json()
    assert state == {"version": page_version(page), "total": 1, "waiting": 0}
    assert sam.get("/inbox/queue.json?status=new").get_json() == state  # nothing changed

    make(db, "c2", 0)
    arrived = sam.get("/inbox/queue.json?status=new").get_json()
    assert arrived["total"] == 2 and arrived["version"] != state["version"]
    assign_handoff(db, first, assignee="sam", by="sam")
    taken = sam.get("/inbox/queue.json?status=new").get_json()
    assert taken["total"] == 2 and taken["version"] != arrived["version"]
    assert page_version(sam.get("/inbox/?status=new").get_data(as_text=True)) == taken["version"]


def test_the_poll_answer_holds_no_contact_details_and_needs_a_handoff_role(app, db):
    make(db, "c1", 1)
    body = log_in(app).get("/inbox/queue.json").get_data(as_text=True)
    assert "Maria" not in body and "555" not in body and "example.org" not in body
    assert log_in(app, "tess").get("/inbox/queue.json").status_code == 403
    anonymous = app.test_client().get("/inbox/queue.json")
    assert anonymous.status_code == 302  # inbox.js reloads, and the login page shows


def test_new_unassigned_handoffs_waiting_longer_than_the_setting_are_highlighted(app, db):
    waiting = make(db, "c1", 20)
    recent = make(db, "c2", 2)
    taken = make(db, "c3", 30)
    assign_handoff(db, taken, assignee="sam", by="sam")
    sam = log_in(app)
    page = sam.get("/inbox/").get_data(as_text=True)
    classes = {
        reference: cls for cls, reference in re.findall(r'<tr class="([^"]*)" data-reference="([A-Z0-9]+)"', page)
    }
    assert "waiting" in classes[waiting]
    assert "waiting" not in classes[recent] and "waiting" not in classes[taken]
    assert "1 handoff waiting" in page  # said in words, not only by colour
    assert sam.get("/inbox/queue.json").get_json()["waiting"] == 1


def test_the_page_runs_only_its_own_script_under_the_csp(app, db):
    sam = log_in(app)
    response = sam.get("/inbox/")
    page = response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert "unsafe" not in csp and "http" not in csp
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts == [(' src="/inbox/static/inbox.js" defer', "")]
    script = sam.get("/inbox/static/inbox.js")
    assert script.status_code == 200
    source = script.get_data(as_text=True)
    assert 'getAttribute("data-poll-url")' in source  # the page gives the URL (same filters)
    assert '"X-Inbox-Automatic": "1"' in source  # its requests are not activity
    assert "http" not in source and "eval(" not in source and "innerHTML" not in source


def test_polling_does_not_keep_an_unattended_session_alive(db, db_url):
    class Clock:
        now = utc_now()

        def __call__(self):
            return self.now

    clock = Clock()
    settings = Settings(database_url=db_url, secret_key="k" * 64, handoff_webhook_secret="x", inbox_session_idle_s=600)
    app = create_app(settings, db, clock=clock)
    app.testing = True
    sam = log_in(app)
    automatic = {"X-Inbox-Automatic": "1"}
    for _ in range(3):  # the list polls for 9 minutes while nobody is there
        clock.now += timedelta(minutes=3)
        assert sam.get("/inbox/queue.json", headers=automatic).status_code == 200
        assert sam.get("/inbox/", headers=automatic).status_code == 200
    clock.now += timedelta(minutes=2)  # 11 minutes after the last click
    assert sam.get("/inbox/queue.json", headers=automatic).status_code == 302
    # A request the advisor made does restart the idle clock.
    sam = log_in(app)
    clock.now += timedelta(minutes=9)
    assert sam.get("/inbox/").status_code == 200
    clock.now += timedelta(minutes=9)
    assert sam.get("/inbox/queue.json", headers=automatic).status_code == 200
