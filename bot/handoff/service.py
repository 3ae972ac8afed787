"""Saving a handoff: the record, its transcript and its outbox entry, in one transaction.

`save_handoff()` is what the Rasa action calls once the visitor has consented
and given their contact details. Nothing is sent from here: the delivery worker
(`bot.handoff.delivery`) picks the outbox entry up, so a handoff is stored even
when the advisors' system is down.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db import Database
from bot.handoff.models import (
    DELIVERY_PENDING,
    Handoff,
    HandoffMessage,
    HandoffOutbox,
    StatusChange,
)
from bot.handoff.reasons import REASONS
from bot.handoff.search import search_columns
from bot.handoff.timeutil import utc_now
from bot.handoff.transcript import TranscriptEntry

# Unambiguous on the phone and on paper: no 0/O, no 1/I.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 6
CONTACT_FIELDS = ("first_name", "phone", "email", "contact_time")
_SAVE_ATTEMPTS = 5


@dataclass(frozen=True)
class SavedHandoff:
    """The reference code to give the visitor; created=False when an existing
    handoff of the same conversation was updated."""

    reference: str
    created: bool


def new_reference() -> str:
    """A random code such as "K7QH3M" (32^6 ≈ 10^9 possibilities)."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalize_reference(text: str) -> str:
    """What an advisor or visitor typed ("k7qh-3m") as a stored reference ("K7QH3M")."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def validate_reason(reason: str) -> str:
    if reason not in REASONS:
        raise ValueError(f"unknown handoff reason {reason!r}; expected one of {', '.join(REASONS)}")
    return reason


def validate_contact(contact: Mapping[str, Any]) -> dict[str, str | None]:
    """The contact dict to store: only the known fields; a phone or an email is required."""
    unknown = set(contact) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"unknown contact fields: {', '.join(sorted(unknown))}")
    cleaned: dict[str, str | None] = {}
    for name in CONTACT_FIELDS:
        value = contact.get(name)
        text = str(value).strip() if value is not None else ""
        cleaned[name] = text or None
    if not cleaned["phone"] and not cleaned["email"]:
        raise ValueError("a handoff needs a phone number or an email address")
    return cleaned


def _messages(transcript: Sequence[TranscriptEntry]) -> list[HandoffMessage]:
    return [
        HandoffMessage(
            position=position,
            at=entry.at,
            sender=entry.sender,
            text=entry.text,
            buttons=list(entry.buttons),
        )
        for position, entry in enumerate(transcript)
    ]


def _reference_taken(session: Session, reference: str) -> bool:
    found = session.execute(select(Handoff.id).where(Handoff.reference == reference)).first()
    return found is not None


def _free_reference(session: Session) -> str:
    reference = new_reference()
    while _reference_taken(session, reference):
        reference = new_reference()
    return reference


class _Fields(TypedDict):
    """What _create and _update both write."""

    reason: str
    summary: dict[str, Any]
    contact: dict[str, str | None]
    consent_at: datetime
    transcript: Sequence[TranscriptEntry]
    now: datetime


def _create(
    session: Session,
    *,
    reference: str,
    conversation_id: str,
    reason: str,
    summary: dict[str, Any],
    contact: dict[str, str | None],
    consent_at: datetime,
    transcript: Sequence[TranscriptEntry],
    now: datetime,
) -> str:
    columns = search_columns(reference, contact)
    handoff = Handoff(
        reference=reference,
        conversation_id=conversation_id,
        created_at=now,
        updated_at=now,
        revision=1,
        reason=reason,
        summary=summary,
        contact=contact,
        consent_at=consent_at,
        status="new",
        search_text=columns["search_text"],
        search_phone=columns["search_phone"],
    )
    handoff.messages = _messages(transcript)
    handoff.outbox = HandoffOutbox(
        revision=1,
        status=DELIVERY_PENDING,
        next_attempt_at=now,
        consecutive_failures=0,
        attempt_count=0,
    )
    session.add(handoff)
    return reference


def _update(
    session: Session,
    handoff: Handoff,
    *,
    reason: str,
    summary: dict[str, Any],
    contact: dict[str, str | None],
    consent_at: datetime,
    transcript: Sequence[TranscriptEntry],
    now: datetime,
) -> None:
    handoff.revision = handoff.revision + 1
    handoff.updated_at = now
    handoff.reason = reason
    handoff.summary = summary
    handoff.contact = contact
    columns = search_columns(handoff.reference, contact)
    handoff.search_text = columns["search_text"]
    handoff.search_phone = columns["search_phone"]
    handoff.consent_at = consent_at
    # Replace the transcript: flush the deletes before inserting the new positions.
    handoff.messages.clear()
    session.flush()
    handoff.messages.extend(_messages(transcript))
    # Only an advisor moves the status; the history shows the visitor's update
    # next to it, so an advisor who closed the request sees it changed.
    session.add(
        StatusChange(
            handoff_id=handoff.id,
            at=now,
            status=handoff.status,
            advisor_username=None,
            note=f"The visitor updated the request (revision {handoff.revision}).",
        )
    )
    outbox = handoff.outbox
    if outbox is None:
        handoff.outbox = outbox = HandoffOutbox(attempt_count=0)
    # Re-queue the new revision now. A worker still sending the old revision
    # keeps its lease; its result no longer matches the revision, so the new one
    # is sent next (see bot.handoff.delivery).
    outbox.revision = handoff.revision
    outbox.status = DELIVERY_PENDING
    outbox.next_attempt_at = now
    outbox.consecutive_failures = 0


def save_handoff(
    db: Database,
    *,
    conversation_id: str,
    reason: str,
    summary: dict[str, Any],
    contact: Mapping[str, Any],
    consent_at: datetime,
    transcript: Sequence[TranscriptEntry],
    now: datetime | None = None,
    confirmation: Callable[[str, bool], TranscriptEntry] | None = None,
) -> SavedHandoff:
    """Store a handoff and its outbox entry, or update this conversation's handoff.

    `contact` holds first_name, phone, email and contact_time (phone or email
    required); `consent_at` is when the visitor agreed to be contacted;
    `transcript` is every message so far. The confirmation the visitor is about
    to get names the reference code, which is only known here: pass
    `confirmation(reference, created)` and its entry ends the stored transcript.
    Raises ValueError for an unknown reason or unusable contact details.
    """
    validate_reason(reason)
    if not conversation_id:
        raise ValueError("conversation_id is required")
    if consent_at.tzinfo is None:
        raise ValueError("consent_at must be timezone-aware")
    cleaned_contact = validate_contact(contact)
    stored_summary = dict(summary)
    last_error: Exception | None = None
    for _ in range(_SAVE_ATTEMPTS):
        moment = now or utc_now()
        try:
            with db.session() as session:
                existing = session.execute(
                    select(Handoff).where(Handoff.conversation_id == conversation_id)
                ).scalar_one_or_none()
                created = existing is None
                reference = _free_reference(session) if existing is None else existing.reference
                entries = list(transcript)
                if confirmation is not None:
                    entries.append(confirmation(reference, created))
                fields: _Fields = {
                    "reason": reason,
                    "summary": stored_summary,
                    "contact": cleaned_contact,
                    "consent_at": consent_at,
                    "transcript": entries,
                    "now": moment,
                }
                if existing is not None:
                    _update(session, existing, **fields)
                else:
                    _create(session, reference=reference, conversation_id=conversation_id, **fields)
            return SavedHandoff(reference=reference, created=created)
        except IntegrityError as exc:
            # A reference collision or a concurrent save of the same
            # conversation: the next round picks a new code or finds the row.
            last_error = exc
    raise RuntimeError("could not save the handoff") from last_error


ADVISOR_ACTIONS = ("contacted", "closed")
MAX_NOTE_CHARS = 4000


def set_advisor_status(
    db: Database,
    reference: str,
    *,
    status: str,
    note: str,
    advisor_username: str,
    now: datetime | None = None,
) -> bool:
    """An advisor marks a handoff "contacted" or "closed", with a note.

    Returns False when no handoff has this reference. The change is kept in the
    handoff's history (who, when, note).
    """
    if status not in ADVISOR_ACTIONS:
        raise ValueError(f"status must be one of {', '.join(ADVISOR_ACTIONS)}, got {status!r}")
    note = (note or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise ValueError(f"a note has at most {MAX_NOTE_CHARS} characters")
    moment = now or utc_now()
    with db.session() as session:
        handoff = session.execute(select(Handoff).where(Handoff.reference == reference)).scalar_one_or_none()
        if handoff is None:
            return False
        handoff.status = status
        session.add(
            StatusChange(
                handoff_id=handoff.id,
                at=moment,
                status=status,
                advisor_username=advisor_username,
                note=note,
            )
        )
    return True
