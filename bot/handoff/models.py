"""Tables of the advisor handoff: the record, its transcript, its outbox entry,
delivery attempts, inbox receipts, advisor status changes and assignments,
advisor accounts (with their role and time zone), their inbox sessions and the
audit of CSV exports.

Every timestamp is stored as UTC (`UTCDateTime`) and read back timezone-aware,
so SQLite and PostgreSQL behave the same. Child rows are deleted with their
handoff (ON DELETE CASCADE, and `bot.handoff.retention` deletes them explicitly
as well).

Columns are typed for mypy's SQLAlchemy plugin: `Mapped[T]` on NOT NULL
columns; nullable ones carry no annotation, because the plugin infers `T | None`
for them and (with mypy >= 1.14) rejects a written `Mapped[T | None]`
(sqlalchemy/sqlalchemy#12257).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, relationship
from sqlalchemy.types import TypeDecorator

from bot.base import Base
from bot.handoff import search_index
from bot.handoff.reasons import REASONS  # why a visitor was handed over (one list project-wide)

# How the inbox and the webhook payload describe each reason to a person.
REASON_LABELS = {
    "higher_level_of_care": "Needs a higher level of care than IOP",
    "detox": "Needs detox / withdrawal management",
    "dual_diagnosis": "Co-occurring mental health condition",
    "visitor_request": "Asked to talk to a person",
    "fallback": "The assistant could not help",
    "crisis": "Crisis",
    "travel": "Looking for treatment away from home",
    "no_program_found": "No matching program found",
}

# Where the advisors are with a handoff.
ADVISOR_STATUSES = ("new", "contacted", "closed")

# What an inbox account may do (bot.web.auth enforces it): advisors and admins
# work the handoffs; trainers only review training data, never handoffs;
# admins also manage accounts and export the list.
ROLE_ADVISOR = "advisor"
ROLE_TRAINER = "trainer"
ROLE_ADMIN = "admin"
ROLES = (ROLE_ADVISOR, ROLE_TRAINER, ROLE_ADMIN)
# Who may open handoffs and be assigned one: not trainers.
HANDOFF_ROLES = (ROLE_ADVISOR, ROLE_ADMIN)
# Who may open the trainers' review queue (bot.web.review): not advisors.
REVIEW_ROLES = (ROLE_TRAINER, ROLE_ADMIN)

# Where the delivery to the advisors' system is.
DELIVERY_PENDING = "pending"
DELIVERY_DELIVERED = "delivered"
DELIVERY_STATUSES = (DELIVERY_PENDING, DELIVERY_DELIVERED)

SENDERS = ("visitor", "assistant")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime, stored as naive UTC on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC datetimes")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


class Handoff(Base):
    """One visitor's request to reach a human advisor (one per conversation)."""

    __tablename__ = "handoffs"
    __table_args__ = (
        CheckConstraint(_in("reason", REASONS), name="ck_handoffs_reason"),
        CheckConstraint(_in("status", ADVISOR_STATUSES), name="ck_handoffs_status"),
        Index("ix_handoffs_created_at", "created_at"),
        Index("ix_handoffs_updated_at", "updated_at"),
        # The inbox list filtered by status or reason, newest first. create_all
        # adds them to new databases; migration 0002 to existing ones.
        Index("ix_handoffs_status_created_at", "status", "created_at"),
        Index("ix_handoffs_reason_created_at", "reason", "created_at"),
        # The "Mine" view and the assignee filter (migration 0003).
        Index("ix_handoffs_assignee_created_at", "assignee_username", "created_at"),
        # "New and mine", "new and nobody's": both filters at once (migration 0005).
        Index("ix_handoffs_status_assignee_created_at", "status", "assignee_username", "created_at"),
        # The list's order (newest first, id breaking ties) read from the index
        # alone, so a deep page skips index entries, not rows (migration 0005).
        Index("ix_handoffs_created_at_id", "created_at", "id"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    reference: Mapped[str] = Column(String(16), nullable=False, unique=True)
    conversation_id: Mapped[str] = Column(String(255), nullable=False, unique=True)
    created_at: Mapped[datetime] = Column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = Column(UTCDateTime, nullable=False)
    # Raised each time the visitor updates the request; sent in the payload.
    revision: Mapped[int] = Column(Integer, nullable=False, default=1)
    reason: Mapped[str] = Column(String(32), nullable=False)
    summary: Mapped[dict[str, Any]] = Column(JSON, nullable=False)
    # {"first_name", "phone", "email", "contact_time"}: personal data.
    contact: Mapped[dict[str, Any]] = Column(JSON, nullable=False)
    consent_at: Mapped[datetime] = Column(UTCDateTime, nullable=False)
    status: Mapped[str] = Column(String(16), nullable=False, default="new")
    # The advisor working on it (an `advisors.username`; usernames never change
    # and accounts are disabled, never deleted), None when nobody is.
    assignee_username = Column(String(64), nullable=True)
    # What the inbox search matches (bot.handoff.search.search_columns, written
    # with the contact): reference, first name and email lower-cased, one a
    # line; the phone's digits. Trigram-indexed (bot.handoff.search_index).
    search_text: Mapped[str] = Column(String(400), nullable=False, server_default="")
    search_phone: Mapped[str] = Column(String(20), nullable=False, server_default="")

    messages: Mapped[list[HandoffMessage]] = relationship(
        "HandoffMessage",
        order_by="HandoffMessage.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    outbox: Mapped[HandoffOutbox | None] = relationship(
        "HandoffOutbox", uselist=False, cascade="all, delete-orphan", passive_deletes=True
    )


# The search's trigram indexes, which metadata cannot declare (migration 0005 makes them too).
event.listen(Handoff.__table__, "after_create", search_index.after_create)
event.listen(Handoff.__table__, "before_drop", search_index.before_drop)


class HandoffMessage(Base):
    """One transcript line: what the visitor or the assistant said, in order."""

    __tablename__ = "handoff_messages"
    __table_args__ = (
        UniqueConstraint("handoff_id", "position", name="uq_handoff_messages_position"),
        CheckConstraint(_in("sender", SENDERS), name="ck_handoff_messages_sender"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    handoff_id: Mapped[int] = Column(Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = Column(Integer, nullable=False)
    at: Mapped[datetime] = Column(UTCDateTime, nullable=False)
    sender: Mapped[str] = Column(String(16), nullable=False)
    text: Mapped[str] = Column(Text, nullable=False)
    buttons: Mapped[list[Any]] = Column(JSON, nullable=False, default=list)


class HandoffOutbox(Base):
    """The transactional outbox entry: what the delivery worker has to send.

    Written in the same transaction as the handoff. A worker claims a due row by
    setting a lease (`lease_until`) with a conditional UPDATE; a killed worker's
    lease simply expires and another pass sends the same revision again.
    """

    __tablename__ = "handoff_outbox"
    __table_args__ = (
        CheckConstraint(_in("status", DELIVERY_STATUSES), name="ck_handoff_outbox_status"),
        Index("ix_handoff_outbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    handoff_id: Mapped[int] = Column(
        Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    # The handoff revision waiting to be delivered (or delivered).
    revision: Mapped[int] = Column(Integer, nullable=False, default=1)
    status: Mapped[str] = Column(String(16), nullable=False, default=DELIVERY_PENDING)
    next_attempt_at: Mapped[datetime] = Column(UTCDateTime, nullable=False)
    consecutive_failures: Mapped[int] = Column(Integer, nullable=False, default=0)
    attempt_count: Mapped[int] = Column(Integer, nullable=False, default=0)
    lease_owner = Column(String(128), nullable=True)
    lease_until = Column(UTCDateTime, nullable=True)
    last_attempt_at = Column(UTCDateTime, nullable=True)
    last_error = Column(String(200), nullable=True)
    delivered_at = Column(UTCDateTime, nullable=True)
    delivered_revision = Column(Integer, nullable=True)


class DeliveryAttempt(Base):
    """One POST to the webhook: when, how long, and what came back."""

    __tablename__ = "handoff_delivery_attempts"

    id: Mapped[int] = Column(Integer, primary_key=True)
    handoff_id: Mapped[int] = Column(Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True)
    revision: Mapped[int] = Column(Integer, nullable=False)
    started_at: Mapped[datetime] = Column(UTCDateTime, nullable=False)
    duration_ms: Mapped[float] = Column(Float, nullable=False)
    http_status = Column(Integer, nullable=True)
    # An exception class name such as "ConnectionError"; never a URL or a body.
    error = Column(String(200), nullable=True)
    worker: Mapped[str] = Column(String(128), nullable=False)


class InboxReceipt(Base):
    """A handoff payload received by the project's own inbox webhook receiver."""

    __tablename__ = "handoff_inbox_receipts"
    __table_args__ = (UniqueConstraint("handoff_id", "revision", name="uq_handoff_inbox_receipts_revision"),)

    id: Mapped[int] = Column(Integer, primary_key=True)
    handoff_id: Mapped[int] = Column(Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True)
    revision: Mapped[int] = Column(Integer, nullable=False)
    first_received_at: Mapped[datetime] = Column(UTCDateTime, nullable=False)
    last_received_at: Mapped[datetime] = Column(UTCDateTime, nullable=False)
    # How often this exact revision arrived (retries after a lost reply).
    times_received: Mapped[int] = Column(Integer, nullable=False, default=1)
    body_sha256: Mapped[str] = Column(String(64), nullable=False)


class StatusChange(Base):
    """An advisor marked a handoff contacted or closed (with a note), or the
    visitor updated the request and it went back to "new"."""

    __tablename__ = "handoff_status_changes"
    __table_args__ = (CheckConstraint(_in("status", ADVISOR_STATUSES), name="ck_handoff_status_changes_status"),)

    id: Mapped[int] = Column(Integer, primary_key=True)
    handoff_id: Mapped[int] = Column(Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[datetime] = Column(UTCDateTime, nullable=False)
    status: Mapped[str] = Column(String(16), nullable=False)
    # None when the change came from the visitor's updated request.
    advisor_username = Column(String(64), nullable=True)
    note: Mapped[str] = Column(Text, nullable=False, default="")


class HandoffAssignment(Base):
    """Who assigned a handoff to whom, and when (None: unassigned)."""

    __tablename__ = "handoff_assignments"

    id: Mapped[int] = Column(Integer, primary_key=True)
    handoff_id: Mapped[int] = Column(Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[datetime] = Column(UTCDateTime, nullable=False)
    by_username: Mapped[str] = Column(String(64), nullable=False)
    assignee_username = Column(String(64), nullable=True)
    # Whom it was taken from, when it was assigned to someone else before.
    previous_username = Column(String(64), nullable=True)


class InboxExport(Base):
    """One CSV export of the inbox list: who, when, which filters, how many rows.

    `filters` holds the filter names and values except the search text, which
    may be a name or a phone number (only `searched` says there was one); the
    row outlives the handoffs it lists, so it must hold no contact details."""

    __tablename__ = "inbox_exports"

    id: Mapped[int] = Column(Integer, primary_key=True)
    at: Mapped[datetime] = Column(UTCDateTime, nullable=False, index=True)
    advisor_username: Mapped[str] = Column(String(64), nullable=False)
    filters: Mapped[dict[str, Any]] = Column(JSON, nullable=False)
    searched: Mapped[bool] = Column(Boolean, nullable=False)
    row_count: Mapped[int] = Column(Integer, nullable=False)


class Advisor(Base):
    """An inbox account. `password_hash` is an argon2id hash (argon2-cffi);
    `time_zone` an IANA name, the zone the inbox shows this account's times in."""

    __tablename__ = "advisors"

    id: Mapped[int] = Column(Integer, primary_key=True)
    username: Mapped[str] = Column(String(64), nullable=False, unique=True)
    password_hash: Mapped[str] = Column(String(255), nullable=False)
    active: Mapped[bool] = Column(Boolean, nullable=False, default=True)
    # One of ROLES, checked by bot.handoff.advisors (its only writer): no CHECK
    # constraint, which SQLite could add only by copying the table, and that
    # copy would cascade-delete every session (migration 0003).
    role: Mapped[str] = Column(String(16), nullable=False, default=ROLE_ADVISOR, server_default=ROLE_ADVISOR)
    time_zone: Mapped[str] = Column(String(64), nullable=False, default="UTC", server_default="UTC")
    created_at: Mapped[datetime] = Column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = Column(UTCDateTime, nullable=False)
    last_login_at = Column(UTCDateTime, nullable=True)


class AdvisorSession(Base):
    """A logged-in inbox session, held server-side so logout, a password change
    or expiry ends it for every copy of the cookie. The cookie carries a random
    token; only its SHA-256 is stored (a leaked table opens no session)."""

    __tablename__ = "advisor_sessions"
    __table_args__ = (Index("ix_advisor_sessions_last_seen_at", "last_seen_at"),)

    id: Mapped[int] = Column(Integer, primary_key=True)
    token_sha256: Mapped[str] = Column(String(64), nullable=False, unique=True)
    advisor_id: Mapped[int] = Column(Integer, ForeignKey("advisors.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at: Mapped[datetime] = Column(UTCDateTime, nullable=False)  # the absolute lifetime counts from here
    last_seen_at: Mapped[datetime] = Column(UTCDateTime, nullable=False)  # the idle timeout counts from here
