"""Data retention: `purge --older-than DAYS` deletes old handoffs with everything they hold."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.handoff.models import (
    DeliveryAttempt,
    Handoff,
    HandoffMessage,
    HandoffOutbox,
    InboxReceipt,
    StatusChange,
)
from bot.handoff.receipts import record_receipt
from bot.handoff.retention import purge_handoffs
from bot.handoff.service import save_handoff, set_advisor_status
from bot.handoff.summary import build_summary
from bot.handoff.transcript import TranscriptEntry

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.now(timezone.utc)
TABLES = (Handoff, HandoffMessage, HandoffOutbox, DeliveryAttempt, InboxReceipt, StatusChange)


def make_delivered_handoff(db, conversation_id: str, age_days: float) -> str:
    at = NOW - timedelta(days=age_days)
    reference = save_handoff(
        db,
        conversation_id=conversation_id,
        reason="travel",
        summary=build_summary({}),
        contact={"first_name": "Jo", "phone": "(312) 555-0142"},
        consent_at=at,
        transcript=[
            TranscriptEntry(at=at, sender="visitor", text="hello"),
            TranscriptEntry(at=at, sender="assistant", text="hi"),
        ],
        now=at,
    ).reference
    with db.session() as session:
        handoff = session.execute(select(Handoff).where(Handoff.reference == reference)).scalar_one()
        handoff.outbox.status = "delivered"
        session.add(
            DeliveryAttempt(
                handoff_id=handoff.id, revision=1, started_at=at, duration_ms=3.0, http_status=200, worker="test"
            )
        )
    record_receipt(db, reference=reference, revision=1, body=b"{}", now=at)
    set_advisor_status(db, reference, status="closed", note="done", advisor_username="sam", now=at)
    return reference


def counts(db) -> dict:
    with db.session() as session:
        return {t.__tablename__: session.execute(select(func.count()).select_from(t)).scalar_one() for t in TABLES}


def test_purge_deletes_old_handoffs_with_their_transcripts_and_keeps_recent_ones(db):
    make_delivered_handoff(db, "old", age_days=40)
    recent = make_delivered_handoff(db, "recent", age_days=5)
    assert counts(db) == {
        "handoffs": 2,
        "handoff_messages": 4,
        "handoff_outbox": 2,
        "handoff_delivery_attempts": 2,
        "handoff_inbox_receipts": 2,
        "handoff_status_changes": 2,
    }

    dry = purge_handoffs(db, 30, dry_run=True)
    assert dry.deleted == 1 and counts(db)["handoffs"] == 2

    result = purge_handoffs(db, 30)
    assert (result.deleted, result.kept_undelivered) == (1, 0)
    assert counts(db) == {
        "handoffs": 1,
        "handoff_messages": 2,
        "handoff_outbox": 1,
        "handoff_delivery_attempts": 1,
        "handoff_inbox_receipts": 1,
        "handoff_status_changes": 1,
    }
    with db.session() as session:
        assert session.execute(select(Handoff.reference)).scalar_one() == recent


def test_purge_keeps_handoffs_not_delivered_yet(db):
    at = NOW - timedelta(days=90)
    save_handoff(
        db,
        conversation_id="stuck",
        reason="crisis",
        summary={},
        contact={"email": "jo@example.org"},
        consent_at=at,
        transcript=[],
        now=at,
    )
    result = purge_handoffs(db, 30)
    assert (result.deleted, result.kept_undelivered) == (0, 1)
    assert counts(db)["handoffs"] == 1


def test_purge_refuses_non_positive_days(db):
    with pytest.raises(ValueError):
        purge_handoffs(db, 0)


def test_purge_command(db, db_url):
    make_delivered_handoff(db, "old", age_days=400)
    make_delivered_handoff(db, "recent", age_days=1)
    env = dict(os.environ, PYTHONPATH=str(ROOT), DATABASE_URL=db_url, SQLALCHEMY_SILENCE_UBER_WARNING="1")

    def purge(*args):
        return subprocess.run(
            [sys.executable, "-m", "bot", "purge", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )

    refused = purge("--older-than", "0")
    assert refused.returncode == 2 and "at least 1" in refused.stderr
    done = purge("--older-than", "365")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("deleted 1 handoff(s) last updated before")
    assert counts(db)["handoffs"] == 1
