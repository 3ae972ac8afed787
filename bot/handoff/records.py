"""Reading handoffs: plain dataclasses for the delivery worker and the inbox,
and the inbox's search and filters (`HandoffFilter`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from bot.db import Database
from bot.handoff.models import (
    ADVISOR_STATUSES,
    REASON_LABELS,
    DeliveryAttempt,
    Handoff,
    HandoffAssignment,
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
    summary: dict[str, Any]
    contact: dict[str, str | None]
    consent_at: datetime
    status: str
    transcript: tuple[TranscriptEntry, ...]


@dataclass(frozen=True)
class HandoffListItem:
    reference: str
    created_at: datetime
    updated_at: datetime
    reason: str
    status: str
    delivery_status: str | None
    first_name: str | None
    phone: str | None = None
    email: str | None = None
    contact_time: str | None = None
    assignee: str | None = None


MAX_QUERY_CHARS = 200
# The assignee filter's value for "assigned to nobody" (no username starts with "-").
UNASSIGNED = "-"
# What a stored phone holds besides digits ("(312) 555-0142"; see bot.handoff.contact).
_PHONE_PUNCTUATION = "()- .+"
_LIKE_ESCAPE = "\\"


@dataclass(frozen=True)
class HandoffFilter:
    """What the inbox list shows. Every field is optional and they combine (AND).

    `q` matches reference, first name and email as a case-insensitive substring,
    and the phone by its digits ("720 555" finds "(720) 555-0143"). Dates are
    days in `time_zone` (the advisor's, an IANA name), both inclusive.
    `assignee` is a username, or `UNASSIGNED`.
    """

    q: str = ""
    status: str | None = None
    reason: str | None = None
    created_from: date | None = None
    created_to: date | None = None
    assignee: str | None = None
    time_zone: str = "UTC"

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.time_zone)
        except (ValueError, ZoneInfoNotFoundError) as exc:
            raise ValueError(f"unknown time zone {self.time_zone!r}") from exc
        if self.status is not None and self.status not in ADVISOR_STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        if self.reason is not None and self.reason not in REASON_LABELS:
            raise ValueError(f"unknown reason {self.reason!r}")
        if len(self.q) > MAX_QUERY_CHARS:
            raise ValueError("search text too long")
        if self.assignee is not None and not 0 < len(self.assignee) <= 64:
            raise ValueError("not an assignee")


def _like_pattern(text: str) -> str:
    """ "%text%" with LIKE's own wildcards escaped, so they match themselves."""
    escaped = (
        text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", _LIKE_ESCAPE + "%").replace("_", _LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"


def _digits_only(column: ColumnElement[Any]) -> ColumnElement[Any]:
    # Nested REPLACE works the same on SQLite and PostgreSQL (SQLite has no
    # regexp_replace); stored phones only ever hold these characters besides digits.
    for char in _PHONE_PUNCTUATION:
        column = func.replace(column, char, "")
    return column


def _phone_digits(text: str) -> str:
    """The digits of a search that looks like (part of) a phone number, else "".

    Only digits and phone punctuation, at least 3 digits: "K7QH3M" or "jo9" is
    not a phone search (its lone digit would match nearly every number)."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < 3 or any(not ch.isdigit() and ch not in _PHONE_PUNCTUATION for ch in text):
        return ""
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]  # "+1 720 555 0143"; stored numbers have no country code
    return digits


def _conditions(filters: HandoffFilter) -> list[ColumnElement[Any]]:
    conditions: list[ColumnElement[Any]] = []
    if filters.status:
        conditions.append(Handoff.status == filters.status)
    if filters.reason:
        conditions.append(Handoff.reason == filters.reason)
    if filters.assignee == UNASSIGNED:
        conditions.append(Handoff.assignee_username.is_(None))
    elif filters.assignee:
        conditions.append(Handoff.assignee_username == filters.assignee)
    zone = ZoneInfo(filters.time_zone)
    if filters.created_from:
        start = datetime.combine(filters.created_from, time.min, tzinfo=zone)
        conditions.append(Handoff.created_at >= start)
    if filters.created_to:
        end = datetime.combine(filters.created_to + timedelta(days=1), time.min, tzinfo=zone)
        conditions.append(Handoff.created_at < end)
    text = " ".join(filters.q.split())
    if text:
        pattern = _like_pattern(text)
        matches = [
            Handoff.reference.ilike(pattern, escape=_LIKE_ESCAPE),
            Handoff.contact["first_name"].as_string().ilike(pattern, escape=_LIKE_ESCAPE),
            Handoff.contact["email"].as_string().ilike(pattern, escape=_LIKE_ESCAPE),
        ]
        digits = _phone_digits(text)
        if digits:
            phone = _digits_only(Handoff.contact["phone"].as_string())
            matches.append(phone.like(f"%{digits}%"))
        conditions.append(or_(*matches))
    return conditions


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


def _filters(filters: HandoffFilter | None, status: str | None) -> HandoffFilter:
    if filters is None:
        return HandoffFilter(status=status)
    return filters


def count_handoffs(db: Database, filters: HandoffFilter | None = None, *, status: str | None = None) -> int:
    conditions = _conditions(_filters(filters, status))
    query = select(func.count(Handoff.id)).where(and_(true(), *conditions))
    with db.session() as session:
        return int(session.execute(query).scalar_one())


def _list_query(filters: HandoffFilter) -> Select:
    return (
        select(Handoff, HandoffOutbox.status)
        .outerjoin(HandoffOutbox, HandoffOutbox.handoff_id == Handoff.id)
        .where(and_(true(), *_conditions(filters)))
        .order_by(Handoff.created_at.desc(), Handoff.id.desc())
    )


def _list_item(handoff: Handoff, delivery_status: str | None) -> HandoffListItem:
    contact = handoff.contact or {}
    return HandoffListItem(
        reference=handoff.reference,
        created_at=handoff.created_at,
        updated_at=handoff.updated_at,
        reason=handoff.reason,
        status=handoff.status,
        delivery_status=delivery_status,
        first_name=contact.get("first_name"),
        phone=contact.get("phone"),
        email=contact.get("email"),
        contact_time=contact.get("contact_time"),
        assignee=handoff.assignee_username,
    )


def list_handoffs(
    db: Database,
    filters: HandoffFilter | None = None,
    *,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[HandoffListItem]:
    """Handoffs newest first, those matching `filters` (or only `status`)."""
    query = _list_query(_filters(filters, status)).limit(limit).offset(offset)
    with db.session() as session:
        return [_list_item(h, d) for h, d in session.execute(query)]


def iter_handoffs(db: Database, filters: HandoffFilter, batch: int = 500) -> Iterator[HandoffListItem]:
    """Every matching handoff newest first, read in one transaction in batches
    (for the CSV export: memory stays flat however long the list)."""
    query = _list_query(filters).execution_options(yield_per=batch)
    with db.session() as session:
        for handoff, delivery_status in session.execute(query):
            yield _list_item(handoff, delivery_status)


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
