"""Advisor inbox: login, sessions, CSRF, escaping, status changes and the local
webhook receiver. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.handoff.advisors import set_advisor_password
from bot.handoff.models import Handoff, InboxReceipt
from bot.handoff.payload import build_payload, encode_payload
from bot.handoff.records import load_record
from bot.handoff.service import save_handoff
from bot.handoff.signing import sign_body
from bot.handoff.summary import build_summary
from bot.handoff.transcript import TranscriptEntry
from bot.settings import Settings
from bot.web.app import create_app
from tests.conftest import fresh_database

PASSWORD = "correct horse battery staple"
WEBHOOK_SECRET = "inbox-test-webhook-secret"
XSS = "<script>alert('pwned')</script><img src=x onerror=alert(1)>"


@pytest.fixture
def db(db_url):
    # conftest's database, with the advisor accounts these tests log in as
    with fresh_database(db_url) as database:
        set_advisor_password(database, "sam", PASSWORD)
        yield database


@pytest.fixture
def app(db, db_url):
    settings = Settings(database_url=db_url, secret_key="k" * 64, handoff_webhook_secret=WEBHOOK_SECRET)
    app = create_app(settings, db)
    app.testing = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client, path="/inbox/login") -> str:
    page = client.get(path)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def log_in(client, username="sam", password=PASSWORD):
    return client.post(
        "/inbox/login",
        data={"csrf_token": csrf_token(client), "username": username, "password": password, "next": "/inbox/"},
    )


def make_handoff(db, conversation_id="conv-1", visitor_text="hi", now=None, **contact):
    now = now or datetime.now(timezone.utc)
    return save_handoff(
        db,
        conversation_id=conversation_id,
        reason="dual_diagnosis",
        summary=build_summary({"for_whom": "self", "location": "Springfield", "cage_aid_score": 2}),
        contact={
            "first_name": "Maria",
            "phone": "(312) 555-0142",
            "email": None,
            "contact_time": "mornings",
            **contact,
        },
        consent_at=now,
        transcript=[
            TranscriptEntry(at=now, sender="visitor", text=visitor_text),
            TranscriptEntry(
                at=now,
                sender="assistant",
                text="What would you like to do?",
                buttons=("Find programs", "Talk to a person"),
            ),
        ],
        now=now,
    ).reference


# --- login and sessions ----------------------------------------------------------------


def test_nothing_is_visible_without_logging_in(client, db):
    reference = make_handoff(db)
    for path in ("/inbox/", f"/inbox/handoffs/{reference}", "/inbox/?status=new"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/inbox/login?next=")
        body = response.get_data(as_text=True)
        assert "Maria" not in body and "555-0142" not in body and "Co-occurring" not in body
    login_page = client.get("/inbox/login").get_data(as_text=True)
    assert reference not in login_page and "Maria" not in login_page


def test_login_then_the_list_is_shown(client, db):
    reference = make_handoff(db)
    response = log_in(client)
    assert response.status_code == 302 and response.headers["Location"] == "/inbox/"
    page = client.get("/inbox/").get_data(as_text=True)
    assert reference in page and "sam" in page


def test_wrong_password_is_refused(client, db):
    reference = make_handoff(db)
    response = log_in(client, password="not the password!")
    assert response.status_code == 401
    assert "Wrong username or password." in response.get_data(as_text=True)
    assert log_in(client, username="nobody").status_code == 401
    assert client.get("/inbox/").status_code == 302
    assert "555-0142" not in client.get(f"/inbox/handoffs/{reference}").get_data(as_text=True)


def test_repeated_failures_are_throttled(client):
    for _ in range(10):
        assert log_in(client, password="wrong password 123").status_code == 401
    assert log_in(client).status_code == 429  # even the right password, for a while


def test_unauthenticated_post_is_refused(client, db):
    reference = make_handoff(db)
    token = csrf_token(client)  # a valid token, but no login
    response = client.post(
        f"/inbox/handoffs/{reference}/status", data={"csrf_token": token, "status": "closed", "note": "x"}
    )
    assert response.status_code == 401
    with db.session() as session:
        assert session.execute(select(Handoff.status)).scalar_one() == "new"


def test_post_without_or_with_a_wrong_csrf_token_is_refused(client, db):
    reference = make_handoff(db)
    assert log_in(client).status_code == 302
    no_token = client.post(f"/inbox/handoffs/{reference}/status", data={"status": "closed", "note": "no token"})
    assert no_token.status_code == 400
    wrong = client.post(
        f"/inbox/handoffs/{reference}/status", data={"csrf_token": "forged", "status": "closed", "note": "forged"}
    )
    assert wrong.status_code == 400
    assert client.post("/inbox/logout").status_code == 400
    with db.session() as session:
        assert session.execute(select(Handoff.status)).scalar_one() == "new"
    # The login form is protected too.
    fresh = client.application.test_client()
    assert fresh.post("/inbox/login", data={"username": "sam", "password": PASSWORD}).status_code == 400


def test_session_cookie_is_httponly_and_samesite(client):
    response = log_in(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # http://localhost; Secure when PUBLIC_WEB_URL is https


def test_session_cookie_is_secure_behind_https(db, db_url):
    settings = Settings(
        database_url=db_url,
        secret_key="k" * 64,
        handoff_webhook_secret="x",
        public_web_url="https://intake.example.org",
    )
    client = create_app(settings, db).test_client()
    assert "Secure" in log_in(client).headers["Set-Cookie"]


def test_logout_and_password_change_end_the_session(client, db):
    log_in(client)
    assert client.get("/inbox/").status_code == 200
    token = csrf_token(client, "/inbox/")
    assert client.post("/inbox/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/inbox/").status_code == 302
    log_in(client)
    assert client.get("/inbox/").status_code == 200
    set_advisor_password(db, "sam", "a brand new password")
    assert client.get("/inbox/").status_code == 302


def test_login_never_redirects_to_another_site(app):
    for target in ("https://evil.example/", "//evil.example/inbox", "/\\evil.example"):
        client = app.test_client()
        token = csrf_token(client)
        response = client.post(
            "/inbox/login", data={"csrf_token": token, "username": "sam", "password": PASSWORD, "next": target}
        )
        assert response.headers["Location"] == "/inbox/"


# --- what advisors see and do -----------------------------------------------------------------


def test_list_is_newest_first_with_reason_age_and_status(client, db):
    now = datetime.now(timezone.utc)
    older = make_handoff(db, conversation_id="a", now=now - timedelta(hours=3))
    newer = make_handoff(db, conversation_id="b", now=now - timedelta(minutes=5))
    log_in(client)
    page = client.get("/inbox/").get_data(as_text=True)
    assert page.index(newer) < page.index(older)
    assert "Co-occurring mental health condition" in page
    assert ">5 min<" in page
    # New and unassigned for longer than INBOX_HIGHLIGHT_AFTER (10 min): highlighted.
    assert '>3 h <strong class="waiting-label">waiting</strong><' in page
    assert page.count('badge-new">new<') == 2


def test_handoff_page_shows_summary_contact_and_transcript(client, db):
    reference = make_handoff(db)
    log_in(client)
    page = client.get(f"/inbox/handoffs/{reference.lower()}").get_data(as_text=True)
    assert reference in page
    assert "(312) 555-0142" in page and "mornings" in page
    assert 'href="tel:+13125550142"' in page
    assert "CAGE-AID screen" in page and "2 of 4 questions true" in page and "Springfield" in page
    assert "What would you like to do?" in page and "Talk to a person" in page
    assert "Pending" in page  # not delivered yet
    assert client.get("/inbox/handoffs/ZZZZZZ").status_code == 404


def test_mark_contacted_then_closed_with_notes(client, db):
    reference = make_handoff(db)
    log_in(client)
    token = csrf_token(client, f"/inbox/handoffs/{reference}")
    response = client.post(
        f"/inbox/handoffs/{reference}/status",
        data={"csrf_token": token, "status": "contacted", "note": "Left a voicemail"},
    )
    assert response.status_code == 302
    client.post(
        f"/inbox/handoffs/{reference}/status",
        data={"csrf_token": token, "status": "closed", "note": "Booked an assessment"},
    )
    with db.session() as session:
        assert session.execute(select(Handoff.status)).scalar_one() == "closed"
    page = client.get(f"/inbox/handoffs/{reference}").get_data(as_text=True)
    assert "Left a voicemail" in page and "Booked an assessment" in page
    assert "by sam" in page
    bad = client.post(
        f"/inbox/handoffs/{reference}/status", data={"csrf_token": token, "status": "deleted", "note": ""}
    )
    assert bad.status_code == 400


def test_a_visitor_update_reads_as_an_update_not_as_a_status_change(client, db):
    reference = make_handoff(db)
    log_in(client)
    token = csrf_token(client, f"/inbox/handoffs/{reference}")
    client.post(
        f"/inbox/handoffs/{reference}/status",
        data={"csrf_token": token, "status": "closed", "note": "Booked an assessment"},
    )
    make_handoff(db, contact_time="evenings")  # the same conversation asks again
    page = client.get(f"/inbox/handoffs/{reference}").get_data(as_text=True)
    assert "updated by the visitor" in page
    assert "closed</strong> by the visitor" not in page
    assert "<strong>closed</strong> by sam" in page


def test_everything_a_visitor_typed_is_escaped(client, db):
    reference = make_handoff(db, visitor_text=XSS, contact_time=XSS)
    log_in(client)
    response = client.get(f"/inbox/handoffs/{reference}")
    page = response.get_data(as_text=True)
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    token = csrf_token(client, f"/inbox/handoffs/{reference}")
    client.post(f"/inbox/handoffs/{reference}/status", data={"csrf_token": token, "status": "contacted", "note": XSS})
    page = client.get(f"/inbox/handoffs/{reference}").get_data(as_text=True)
    assert "<script>" not in page
    # And injected scripts could not run anyway: the inbox runs only its own
    # file (inbox.js), never inline script.
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self';" in csp
    assert "unsafe-inline" not in csp


# --- the local webhook receiver -----------------------------------------------------------------


def signed_post(client, body: bytes, secret=WEBHOOK_SECRET, key=None):
    headers = {"Content-Type": "application/json", "X-Signature-256": sign_body(body, secret)}
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post("/inbox/api/handoffs", data=body, headers=headers)


def payload_body(db) -> tuple:
    reference = make_handoff(db)
    with db.session() as session:
        record = load_record(session, session.execute(select(Handoff.id)).scalar_one())
    return reference, encode_payload(build_payload(record))


def test_receiver_records_a_signed_delivery_once_per_revision(client, db):
    reference, body = payload_body(db)
    first = signed_post(client, body, key=reference)
    assert first.status_code == 200 and first.get_json()["status"] == "received"
    again = signed_post(client, body, key=reference)
    assert again.status_code == 200 and again.get_json()["status"] == "duplicate"
    with db.session() as session:
        receipt = session.execute(select(InboxReceipt)).scalar_one()
        assert (receipt.revision, receipt.times_received) == (1, 2)
    log_in(client)
    page = client.get(f"/inbox/handoffs/{reference}").get_data(as_text=True)
    assert "Received by this inbox" in page and "2 times" in page


def test_receiver_refuses_unsigned_forged_or_unknown_deliveries(client, db):
    reference, body = payload_body(db)
    unsigned = client.post(
        "/inbox/api/handoffs", data=body, headers={"Content-Type": "application/json", "Idempotency-Key": reference}
    )
    assert unsigned.status_code == 401
    assert signed_post(client, body, secret="not the secret", key=reference).status_code == 401
    tampered = body.replace(b"Maria", b"Mallory")
    tampered_response = client.post(
        "/inbox/api/handoffs",
        data=tampered,
        headers={"X-Signature-256": sign_body(body, WEBHOOK_SECRET), "Idempotency-Key": reference},
    )
    assert tampered_response.status_code == 401
    assert signed_post(client, body, key="OTHER1").status_code == 400
    unknown = json.dumps({"reference": "ZZZZZZ", "revision": 1}).encode()
    assert signed_post(client, unknown, key="ZZZZZZ").status_code == 404
    assert signed_post(client, b"not json", key=reference).status_code == 400
    with db.session() as session:
        assert session.execute(select(InboxReceipt)).first() is None
