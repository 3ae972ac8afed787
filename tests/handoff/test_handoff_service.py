"""Handoff storage (SQLite and PostgreSQL): create, update instead of duplicate,
validation, reference codes, advisor status, the webhook payload."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.handoff import service
from bot.handoff.models import Handoff, HandoffMessage, HandoffOutbox, StatusChange
from bot.handoff.payload import build_payload, encode_payload
from bot.handoff.records import get_handoff_detail, list_handoffs, load_record
from bot.handoff.service import save_handoff, set_advisor_status
from bot.handoff.summary import build_summary
from bot.handoff.transcript import TranscriptEntry

NOW = datetime(2025, 3, 4, 15, 30, 0, tzinfo=timezone.utc)
CONTACT = {"first_name": "Maria", "phone": "(312) 555-0142", "email": None, "contact_time": "mornings"}


def transcript(n_visitor_lines: int = 2, start: datetime = NOW) -> list:
    entries = []
    for i in range(n_visitor_lines):
        at = start + timedelta(seconds=10 * i)
        entries.append(TranscriptEntry(at=at, sender="visitor", text=f"visitor line {i}"))
        entries.append(
            TranscriptEntry(
                at=at + timedelta(seconds=1), sender="assistant", text=f"assistant line {i}", buttons=("Yes", "No")
            )
        )
    return entries


def save(db, conversation_id="conv-1", **overrides):
    fields = {
        "conversation_id": conversation_id,
        "reason": "detox",
        "summary": build_summary({"for_whom": "self", "cage_aid_score": 2}),
        "contact": CONTACT,
        "consent_at": NOW - timedelta(minutes=1),
        "transcript": transcript(),
        "now": NOW,
    }
    fields.update(overrides)
    return save_handoff(db, **fields)


def test_creates_record_transcript_and_outbox_in_one_go(db):
    saved = save(db)
    assert saved.created is True
    assert re.fullmatch(r"[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}", saved.reference)
    with db.session() as session:
        handoff = session.execute(select(Handoff)).scalar_one()
        assert handoff.reference == saved.reference
        assert handoff.created_at == NOW and handoff.created_at.tzinfo is not None
        assert handoff.consent_at == NOW - timedelta(minutes=1)
        assert handoff.reason == "detox" and handoff.status == "new" and handoff.revision == 1
        assert handoff.contact == CONTACT
        assert handoff.summary["assessment"]["cage_aid_score"] == 2
        outbox = session.execute(select(HandoffOutbox)).scalar_one()
        assert (outbox.status, outbox.revision, outbox.next_attempt_at) == ("pending", 1, NOW)
        record = load_record(session, handoff.id)
    assert list(record.transcript) == transcript()


def test_second_request_in_the_same_conversation_updates_instead_of_duplicating(db):
    first = save(db)
    with db.session() as session:  # as if delivered and closed by an advisor meanwhile
        outbox = session.execute(select(HandoffOutbox)).scalar_one()
        outbox.status, outbox.delivered_revision = "delivered", 1
    assert set_advisor_status(db, first.reference, status="closed", note="done", advisor_username="sam")
    later = NOW + timedelta(minutes=5)
    new_contact = {**CONTACT, "phone": None, "email": "maria@example.com"}
    second = save(db, reason="visitor_request", contact=new_contact, transcript=transcript(3), now=later)
    assert second.reference == first.reference and second.created is False
    with db.session() as session:
        assert session.execute(select(func.count(Handoff.id))).scalar_one() == 1
        handoff = session.execute(select(Handoff)).scalar_one()
        # The visitor's update keeps the advisor's status: only an advisor moves it.
        assert (handoff.revision, handoff.reason, handoff.status) == (2, "visitor_request", "closed")
        assert handoff.created_at == NOW and handoff.updated_at == later
        assert handoff.contact["email"] == "maria@example.com"
        assert session.execute(select(func.count(HandoffMessage.id))).scalar_one() == 6
        outbox = session.execute(select(HandoffOutbox)).scalar_one()
        assert (outbox.status, outbox.revision, outbox.next_attempt_at) == ("pending", 2, later)
        history = session.execute(select(StatusChange).order_by(StatusChange.id)).scalars().all()
        assert [(c.status, c.advisor_username) for c in history] == [("closed", "sam"), ("closed", None)]
        assert history[1].at == later and "visitor updated the request" in history[1].note


def test_every_update_is_in_the_history_even_while_the_status_is_new(db):
    first = save(db)
    later = NOW + timedelta(minutes=2)
    save(db, reason="visitor_request", transcript=transcript(3), now=later)
    save(db, reason="visitor_request", transcript=transcript(4), now=later + timedelta(minutes=1))
    detail = get_handoff_detail(db, first.reference)
    assert detail.record.status == "new"
    assert [(c.status, c.advisor_username) for c in detail.status_changes] == [("new", None)] * 2
    assert all("visitor updated the request" in c.note for c in detail.status_changes)


def test_the_confirmation_naming_the_reference_ends_the_stored_transcript(db):
    def confirmation(reference, created):
        verb = "is" if created else "is still"
        return TranscriptEntry(at=NOW, sender="assistant", text=f"Your reference {verb} {reference}.")

    first = save(db, confirmation=confirmation)
    second = save(db, confirmation=confirmation, now=NOW + timedelta(minutes=1))
    assert second.reference == first.reference
    with db.session() as session:
        handoff = session.execute(select(Handoff)).scalar_one()
        record = load_record(session, handoff.id)
    assert list(record.transcript)[:-1] == transcript()
    assert record.transcript[-1].text == f"Your reference is still {first.reference}."


def test_other_conversations_get_their_own_reference(db):
    references = {save(db, conversation_id=f"conv-{i}").reference for i in range(20)}
    assert len(references) == 20


def test_reference_collision_is_retried(db, monkeypatch):
    taken = save(db, conversation_id="a").reference
    codes = iter([taken, taken, "ZZZZZ9"])
    monkeypatch.setattr(service, "new_reference", lambda: next(codes))
    assert save(db, conversation_id="b").reference == "ZZZZZ9"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"reason": "bored"}, "unknown handoff reason"),
        ({"contact": {"first_name": "Maria"}}, "phone number or an email"),
        ({"contact": {**CONTACT, "address": "1 Main St"}}, "unknown contact fields"),
        ({"consent_at": datetime(2025, 3, 4, 15, 0)}, "timezone-aware"),  # noqa: DTZ001 - naive on purpose
        ({"conversation_id": ""}, "conversation_id"),
    ],
)
def test_invalid_input_is_refused_and_nothing_is_stored(db, overrides, message):
    with pytest.raises(ValueError, match=message):
        save(db, **overrides)
    with db.session() as session:
        assert session.execute(select(func.count(Handoff.id))).scalar_one() == 0


def test_advisor_status_needs_a_known_status_and_reference(db):
    saved = save(db)
    with pytest.raises(ValueError):
        set_advisor_status(db, saved.reference, status="new", note="", advisor_username="sam")
    assert set_advisor_status(db, "NOPE22", status="closed", note="", advisor_username="sam") is False
    assert set_advisor_status(db, saved.reference, status="contacted", note="Left a voicemail", advisor_username="sam")
    detail = get_handoff_detail(db, saved.reference)
    assert detail.record.status == "contacted"
    assert [(c.status, c.note) for c in detail.status_changes] == [("contacted", "Left a voicemail")]


def test_list_is_newest_first_and_filters_by_status(db):
    for i in range(3):
        save(db, conversation_id=f"c{i}", now=NOW + timedelta(minutes=i))
    items = list_handoffs(db)
    assert [i.created_at for i in items] == [NOW + timedelta(minutes=m) for m in (2, 1, 0)]
    set_advisor_status(db, items[1].reference, status="closed", note="", advisor_username="sam")
    assert [i.reference for i in list_handoffs(db, status="closed")] == [items[1].reference]
    assert items[0].delivery_status == "pending" and items[0].first_name == "Maria"


def test_payload_has_the_documented_fields(db):
    saved = save(db)
    with db.session() as session:
        handoff_id = session.execute(select(Handoff.id)).scalar_one()
        record = load_record(session, handoff_id)
    payload = build_payload(record)
    assert set(payload) == {
        "schema_version",
        "reference",
        "revision",
        "created_at",
        "updated_at",
        "reason",
        "reason_label",
        "summary",
        "summary_text",
        "contact",
        "transcript",
        "transcript_text",
    }
    assert payload["reference"] == saved.reference
    assert payload["created_at"] == "2025-03-04T15:30:00.000+00:00"
    assert payload["contact"] == {**CONTACT, "consent_at": "2025-03-04T15:29:00.000+00:00"}
    assert payload["transcript"][0] == {
        "at": "2025-03-04T15:30:00.000+00:00",
        "from": "visitor",
        "text": "visitor line 0",
        "buttons": [],
    }
    assert [t["from"] for t in payload["transcript"]] == ["visitor", "assistant"] * 2
    assert "Assistant: assistant line 0" in payload["transcript_text"]
    assert "[Yes] [No]" in payload["transcript_text"]
    assert "CAGE-AID score:" in payload["summary_text"]
    body = encode_payload(payload)
    assert json.loads(body) == payload
    assert encode_payload(build_payload(record)) == body  # same revision, same bytes
