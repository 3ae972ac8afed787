"""Reading handoffs: plain dataclasses for the delivery worker and the inbox."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db import Database
from bot.handoff.models import (
    ADVISOR_STATUSES,
    DeliveryAttempt,
    Handoff,
    HandoffMessage,
    HandoffOutbox,
    InboxReceipt,
    StatusChange,
)
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
    summary: Dict[str, Any]
    contact: Dict[str, Optional[str]]
    consent_at: datetime
    status: str
    transcript: Tuple[TranscriptEntry, ...]


@dataclass(frozen=True)
class HandoffListItem:
    reference: str
    created_at: datetime
    updated_at: datetime
    reason: str
    status: str
    delivery_status: Optional[str]
    first_name: Optional[str]


@dataclass(frozen=True)
class AttemptView:
    started_at: datetime
    revision: int
    duration_ms: float
    http_status: Optional[int]
    error: Optional[str]


@dataclass(frozen=True)
class DeliveryView:
    status: str
    revision: int
    attempt_count: int
    next_attempt_at: datetime
    last_error: Optional[str]
    delivered_at: Optional[datetime]
    delivered_revision: Optional[int]
    attempts: Tuple[AttemptView, ...]


@dataclass(frozen=True)
class ReceiptView:
    revision: int
    first_received_at: datetime
    times_received: int


@dataclass(frozen=True)
class StatusChangeView:
    at: datetime
    status: str
    advisor_username: Optional[str]
    note: str


@dataclass(frozen=True)
class HandoffDetail:
    record: HandoffRecord
    delivery: Optional[DeliveryView]
    receipts: Tuple[ReceiptView, ...]
    status_changes: Tuple[StatusChangeView, ...]


def load_record(session: Session, handoff_id: int) -> HandoffRecord:
    """One handoff with its transcript, read in the caller's transaction."""
    handoff = session.execute(select(Handoff).where(Handoff.id == handoff_id)).scalar_one()
    messages = session.execute(
        select(HandoffMessage)
        .where(HandoffMessage.handoff_id == handoff_id)
        .order_by(HandoffMessage.position)
    ).scalars()
    transcript = tuple(
        TranscriptEntry(at=m.at, sender=m.sender, text=m.text, buttons=tuple(m.buttons or ()))
        for m in messages
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


def find_handoff_id(session: Session, reference: str) -> Optional[int]:
    return session.execute(
        select(Handoff.id).where(Handoff.reference == reference)
    ).scalar_one_or_none()


def count_handoffs(db: Database, *, status: Optional[str] = None) -> int:
    query = select(func.count(Handoff.id))
    if status:
        query = query.where(Handoff.status == status)
    with db.session() as session:
        return int(session.execute(query).scalar_one())


def list_handoffs(
    db: Database, *, status: Optional[str] = None, limit: int = 50, offset: int = 0
) -> List[HandoffListItem]:
    """Handoffs newest first, optionally only those with an advisor status."""
    if status is not None and status not in ADVISOR_STATUSES:
        raise ValueError(f"unknown status {status!r}")
    query = (
        select(Handoff, HandoffOutbox.status)
        .outerjoin(HandoffOutbox, HandoffOutbox.handoff_id == Handoff.id)
        .order_by(Handoff.created_at.desc(), Handoff.id.desc())
        .limit(limit)
        .offset(offset)
    )
    if status:
        query = query.where(Handoff.status == status)
    with db.session() as session:
        return [
            HandoffListItem(
                reference=handoff.reference,
                created_at=handoff.created_at,
                updated_at=handoff.updated_at,
                reason=handoff.reason,
                status=handoff.status,
                delivery_status=delivery_status,
                first_name=(handoff.contact or {}).get("first_name"),
            )
            for handoff, delivery_status in session.execute(query)
        ]


def get_handoff_detail(db: Database, reference: str) -> Optional[HandoffDetail]:
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
                select(InboxReceipt)
                .where(InboxReceipt.handoff_id == handoff_id)
                .order_by(InboxReceipt.revision)
            ).scalars()
        )
        changes = tuple(
            StatusChangeView(
                at=c.at, status=c.status, advisor_username=c.advisor_username, note=c.note
            )
            for c in session.execute(
                select(StatusChange)
                .where(StatusChange.handoff_id == handoff_id)
                .order_by(StatusChange.at, StatusChange.id)
            ).scalars()
        )
        return HandoffDetail(
            record=record, delivery=delivery, receipts=receipts, status_changes=changes
        )
