"""Assignment (issue 14): "Assign to me", "Assign to...", the "Mine" view and
the assignee filter, the history of who assigned whom and when, and the
confirm step before taking a handoff that is someone else's. Runs on SQLite
and PostgreSQL."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape

import pytest

from bot.handoff.advisors import create_advisor, set_active
from bot.handoff.assignment import AssignedElsewhere, AssignmentError, assign_handoff
from bot.handoff.records import HandoffFilter, get_handoff_detail, list_handoffs
from tests.web.inbox_helpers import NOW, PASSWORD, database_with_accounts, log_in, save_test_handoff


@pytest.fixture
def db(db_url):
    yield from database_with_accounts(db_url, sam={}, kim={}, tess={"role": "trainer"})


def make(db, conversation_id: str, at: datetime = NOW) -> str:
    return save_test_handoff(db, conversation_id, at=at)


def token(client) -> str:
    page = client.get("/inbox/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def listed(page: str) -> list:
    return re.findall(r'href="/inbox/handoffs/([A-Z0-9]+)"', page)


def test_assign_to_me_from_the_list_and_the_mine_view(app, db):
    mine, other = make(db, "c1"), make(db, "c2", NOW - timedelta(hours=1))
    sam = log_in(app, "sam")
    response = sam.post(
        f"/inbox/handoffs/{mine}/assignee",
        data={"csrf_token": token(sam), "assignee": "sam", "next": "/inbox/?status=new"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/inbox/?status=new"
    page = sam.get("/inbox/?assignee=sam").get_data(as_text=True)
    assert listed(page) == [mine]
    assert 'aria-current="page">Mine' in page
    assert listed(sam.get("/inbox/?assignee=-").get_data(as_text=True)) == [other]
    everything = sam.get("/inbox/").get_data(as_text=True)
    assert listed(everything) == [mine, other]
    assert "Assign to me: " + other in everything  # unassigned rows offer it
    assert "Assign to me: " + mine not in everything


def test_assign_to_someone_else_and_the_history_says_who_and_when(app, db):
    reference = make(db, "c1")
    sam = log_in(app, "sam")
    assert (
        sam.post(
            f"/inbox/handoffs/{reference}/assignee", data={"csrf_token": token(sam), "assignee": "kim"}
        ).status_code
        == 302
    )
    kim = log_in(app, "kim")
    assert listed(kim.get("/inbox/?assignee=kim").get_data(as_text=True)) == [reference]
    kim.post(
        f"/inbox/handoffs/{reference}/status",
        data={"csrf_token": token(kim), "status": "contacted", "note": "left a voicemail"},
    )
    detail = get_handoff_detail(db, reference)
    assert detail.assignee == "kim"
    assert [(a.by_username, a.assignee_username, a.previous_username) for a in detail.assignments] == [
        ("sam", "kim", None)
    ]
    page = unescape(kim.get(f"/inbox/handoffs/{reference}").get_data(as_text=True))
    history = page[page.index("<h3>History</h3>") :]
    assert re.search(r"assigned to kim</strong> by sam", history)
    assert re.search(r"contacted</strong> by kim", history)
    assert history.index("assigned to kim") < history.index("contacted</strong>")


def test_taking_someone_elses_handoff_asks_first(app, db):
    reference = make(db, "c1")
    kim = log_in(app, "kim")
    kim.post(f"/inbox/handoffs/{reference}/assignee", data={"csrf_token": token(kim), "assignee": "kim"})
    sam = log_in(app, "sam")
    csrf = token(sam)
    asked = sam.post(f"/inbox/handoffs/{reference}/assignee", data={"csrf_token": csrf, "assignee": "sam"})
    assert asked.status_code == 409
    text = unescape(asked.get_data(as_text=True))
    assert "assigned to <strong>kim</strong>" in text
    assert 'name="confirm_from" value="kim"' in text
    assert get_handoff_detail(db, reference).assignee == "kim"  # nothing changed yet
    # Unassigning someone else's handoff asks too.
    assert (
        sam.post(f"/inbox/handoffs/{reference}/assignee", data={"csrf_token": csrf, "assignee": ""}).status_code == 409
    )
    confirmed = sam.post(
        f"/inbox/handoffs/{reference}/assignee", data={"csrf_token": csrf, "assignee": "sam", "confirm_from": "kim"}
    )
    assert confirmed.status_code == 302
    detail = get_handoff_detail(db, reference)
    assert detail.assignee == "sam"
    assert detail.assignments[-1].previous_username == "kim"


def test_a_confirmation_given_for_someone_else_does_not_count(db):
    reference = make(db, "c1")
    assign_handoff(db, reference, assignee="kim", by="kim")
    # sam confirmed taking it from kim, but lee took it meanwhile.
    create_advisor(db, "lee", PASSWORD)
    assign_handoff(db, reference, assignee="lee", by="lee", confirm_from="kim")
    with pytest.raises(AssignedElsewhere) as asked:
        assign_handoff(db, reference, assignee="sam", by="sam", confirm_from="kim")
    assert asked.value.current == "lee"


def test_only_active_handoff_accounts_can_be_assigned(app, db):
    reference = make(db, "c1")
    for name in ("tess", "nobody"):
        with pytest.raises(AssignmentError):
            assign_handoff(db, reference, assignee=name, by="sam")
    set_active(db, "kim", False)
    sam = log_in(app, "sam")
    response = sam.post(f"/inbox/handoffs/{reference}/assignee", data={"csrf_token": token(sam), "assignee": "kim"})
    assert response.status_code == 400
    assert "not an active account" in unescape(response.get_data(as_text=True))
    assert get_handoff_detail(db, reference).assignments == ()
    assert assign_handoff(db, "NOSUCHREF", assignee="sam", by="sam") is None
    assert (
        sam.post("/inbox/handoffs/NOSUCHREF/assignee", data={"csrf_token": token(sam), "assignee": "sam"}).status_code
        == 404
    )


def test_the_assign_form_needs_the_csrf_token_and_a_handoff_role(app, db):
    reference = make(db, "c1")
    sam = log_in(app, "sam")
    assert sam.post(f"/inbox/handoffs/{reference}/assignee", data={"assignee": "sam"}).status_code == 400
    tess = log_in(app, "tess")
    page = tess.get("/inbox/").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert (
        tess.post(f"/inbox/handoffs/{reference}/assignee", data={"csrf_token": csrf, "assignee": "sam"}).status_code
        == 403
    )
    assert get_handoff_detail(db, reference).assignee is None


def test_assigning_to_the_current_assignee_records_nothing(db):
    reference = make(db, "c1")
    assert assign_handoff(db, reference, assignee="sam", by="sam").changed is True
    assert assign_handoff(db, reference, assignee="sam", by="kim").changed is False
    assert len(get_handoff_detail(db, reference).assignments) == 1
    assert [i.assignee for i in list_handoffs(db, HandoffFilter(assignee="sam"))] == ["sam"]
