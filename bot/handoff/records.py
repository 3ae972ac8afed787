"""Reading handoffs: plain dataclasses for the delivery worker and the inbox's
page per handoff. The inbox list's search and filters are bot.handoff.search
(re-exported here for the callers that imported them from this module)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import Database
from bot.handoff.models import (
    DeliveryAttempt,
    Handoff,
    HandoffAssignment,
    HandoffMessage,
    HandoffOutbox,
    InboxReceipt,
    StatusChange,
)
from bot.handoff.search import UNASSIGNED as UNASSIGNED
from bot.handoff.search import HandoffFilter as HandoffFilter
from bot.handoff.search import HandoffListItem as HandoffListItem
from bot.handoff.search import count_handoffs as count_handoffs
from bot.handoff.search import iter_handoffs as iter_handoffs
from bot.handoff.search import list_handoffs as list_handoffs
from bot.handoff.transcript import TranscriptEntry


@dataclass(frozen=True)
class HandoffRecord:
    """Everything a handoff holds, as sent to the advisors' system."""

    id: int
    reference: str
    conversation_id: str
    revision: int
    created_at: datetime
    updated_at: datetime
    reason: str
    summary: dict[str, Any]
    contact: dict[str, str | None]
    consent_at: datetime
    status: str
    transcript: tuple[TranscriptEntry, ...]


@dataclass(frozen=True)
class AttemptView:
    started_at: datetime
    revision: int
    duration_ms: float
    http_status: int | None
    error: str | None


@dataclass(frozen=True)
class DeliveryView:
    status: str
    revision: int
    attempt_count: int
    next_attempt_at: datetime
    last_error: str | None
    delivered_at: datetime | None
    delivered_revision: int | None
    attempts: tuple[AttemptView, ...]


@dataclass(frozen=True)
class ReceiptView:
    revision: int
    first_received_at: datetime
    times_received: int


@dataclass(frozen=True)
class StatusChangeView:
    at: datetime
    status: str
    advisor_username: str | None
    note: str


@dataclass(frozen=True)
class AssignmentView:
    at: datetime
    by_username: str
    assignee_username: str | None
    previous_username: str | None


@dataclass(frozen=True)
class HandoffDetail:
    record: HandoffRecord
    delivery: DeliveryView | None
    receipts: tuple[ReceiptView, ...]
    status_changes: tuple[StatusChangeView, ...]
    assignee: str | None = None
    assignments: tuple[AssignmentView, ...] = ()

    @property
    def history(self) -> list[Any]:
        """Status changes and assignments together, oldest first."""
        return sorted((*self.status_changes, *self.assignments), key=lambda entry: entry.at)


def load_record(session: Session, handoff_id: int) -> HandoffRecord:
    """One handoff with its transcript, read in the caller's transaction."""
    handoff = session.execute(select(Handoff).where(Handoff.id == handoff_id)).scalar_one()
    messages = session.execute(
        select(HandoffMessage).where(HandoffMessage.handoff_id == handoff_id).order_by(HandoffMessage.position)
    ).scalars()
    transcript = tuple(
        TranscriptEntry(at=m.at, sender=m.sender, text=m.text, buttons=tuple(m.buttons or ())) for m in messages
    )
    return HandoffRecord(
        id=handoff.id,
        reference=handoff.reference,
        conversation_id=handoff.conversation_id,
        revision=handoff.revision,
        created_at=handoff.created_at,
        updated_at=handoff.updated_at,
        reason=handoff.reason,
        summary=dict(handoff.summary or {}),
        contact=dict(handoff.contact or {}),
        consent_at=handoff.consent_at,
        status=handoff.status,
        transcript=transcript,
    )


def find_handoff_id(session: Session, reference: str) -> int | None:
    return session.execute(select(Handoff.id).where(Handoff.reference == reference)).scalar_one_or_none()


def get_handoff_detail(db: Database, reference: str) -> HandoffDetail | None:
    """A handoff with its delivery, receipts and status history, or None."""
    with db.session() as session:
        handoff_id = find_handoff_id(session, reference)
        if handoff_id is None:
            return None
        record = load_record(session, handoff_id)
        outbox = session.execute(
            select(HandoffOutbox).where(HandoffOutbox.handoff_id == handoff_id)
        ).scalar_one_or_none()
        attempts = tuple(
            AttemptView(
                started_at=a.started_at,
                revision=a.revision,
                duration_ms=a.duration_ms,
                http_status=a.http_status,
                error=a.error,
            )
            for a in session.execute(
                select(DeliveryAttempt)
                .where(DeliveryAttempt.handoff_id == handoff_id)
                .order_by(DeliveryAttempt.started_at, DeliveryAttempt.id)
            ).scalars()
        )
        delivery = (
            DeliveryView(
                status=outbox.status,
                revision=outbox.revision,
                attempt_count=outbox.attempt_count,
                next_attempt_at=outbox.next_attempt_at,
                last_error=outbox.last_error,
                delivered_at=outbox.delivered_at,
                delivered_revision=outbox.delivered_revision,
                attempts=attempts,
            )
            if outbox is not None
            else None
        )
        receipts = tuple(
            ReceiptView(
                revision=r.revision,
                first_received_at=r.first_received_at,
                times_received=r.times_received,
            )
            for r in session.execute(
                select(InboxReceipt).where(InboxReceipt.handoff_id == handoff_id).order_by(InboxReceipt.revision)
            ).scalars()
        )
        changes = tuple(
            StatusChangeView(at=c.at, status=c.status, advisor_username=c.advisor_username, note=c.note)
            for c in session.execute(
                select(StatusChange)
                .where(StatusChange.handoff_id == handoff_id)
                .order_by(StatusChange.at, StatusChange.id)
            ).scalars()
        )
        assignments = tuple(
            AssignmentView(
                at=a.at,
                by_username=a.by_username,
                assignee_username=a.assignee_username,
                previous_username=a.previous_username,
            )
            for a in session.execute(
                select(HandoffAssignment)
                .where(HandoffAssignment.handoff_id == handoff_id)
                .order_by(HandoffAssignment.at, HandoffAssignment.id)
            ).scalars()
        )
        assignee = session.execute(select(Handoff.assignee_username).where(Handoff.id == handoff_id)).scalar_one()
        return HandoffDetail(
            record=record,
            delivery=delivery,
            receipts=receipts,
            status_changes=changes,
            assignee=assignee,
            assignments=assignments,
        )
