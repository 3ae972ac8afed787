"""`python -m bot purge --older-than DAYS`: delete old handoffs (data retention).

Deletes each handoff last updated more than DAYS ago together with its
transcript, outbox entry, delivery attempts, inbox receipts and status history.
A handoff that has not been delivered yet is kept (a purge never loses a
handoff that the advisors have not received); it is counted in the output.
The same command deletes the trainers' review queue items collected more than
REVIEW_RETENTION_DAYS ago (bot.review.store.purge_review_items).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from bot.db import Database
from bot.handoff.models import (
    DELIVERY_PENDING,
    DeliveryAttempt,
    Handoff,
    HandoffAssignment,
    HandoffMessage,
    HandoffOutbox,
    InboxReceipt,
    StatusChange,
)
from bot.handoff.timeutil import utc_now
from bot.migrations.check import SchemaNotCurrent, require_current_schema
from bot.review.store import purge_review_items
from bot.settings import get_settings

_CHILD_TABLES = (HandoffMessage, DeliveryAttempt, InboxReceipt, StatusChange, HandoffAssignment, HandoffOutbox)


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    deleted: int
    kept_undelivered: int


def purge_handoffs(
    db: Database, older_than_days: float, *, now: datetime | None = None, dry_run: bool = False
) -> PurgeResult:
    """Delete handoffs not updated for `older_than_days` days (undelivered ones are kept)."""
    if older_than_days <= 0:
        raise ValueError("older_than_days must be positive")
    cutoff = (now or utc_now()) - timedelta(days=older_than_days)
    old = Handoff.updated_at < cutoff
    undelivered = select(HandoffOutbox.handoff_id).where(HandoffOutbox.status == DELIVERY_PENDING)
    with db.session() as session:
        ids = list(session.execute(select(Handoff.id).where(old, Handoff.id.not_in(undelivered))).scalars())
        kept = len(session.execute(select(Handoff.id).where(old, Handoff.id.in_(undelivered))).all())
        if ids and not dry_run:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for table in _CHILD_TABLES:
                    session.execute(
                        delete(table).where(table.handoff_id.in_(chunk)).execution_options(synchronize_session=False)
                    )
                session.execute(
                    delete(Handoff).where(Handoff.id.in_(chunk)).execution_options(synchronize_session=False)
                )
    return PurgeResult(cutoff=cutoff, deleted=len(ids), kept_undelivered=kept)


def _positive_days(text: str) -> int:
    try:
        days = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"DAYS must be a whole number, got {text!r}") from exc
    if days < 1:
        raise argparse.ArgumentTypeError("DAYS must be at least 1")
    return days


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot purge",
        description="Delete handoffs (with their transcripts, delivery attempts, receipts and "
        "notes) last updated more than DAYS days ago. Undelivered handoffs are kept.",
    )
    parser.add_argument("--older-than", metavar="DAYS", type=_positive_days, required=True)
    parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    args = parser.parse_args(argv)

    try:
        review_days = get_settings().review_retention_days
        if review_days <= 0:
            raise ValueError("REVIEW_RETENTION_DAYS must be positive")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    db = Database(args.database_url, hide_parameters=True)
    try:
        require_current_schema(db.engine)  # the schema is migrate's to make
        result = purge_handoffs(db, args.older_than, dry_run=args.dry_run)
        review_items = purge_review_items(db, review_days, dry_run=args.dry_run)
    except SchemaNotCurrent as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    verb = "would delete" if args.dry_run else "deleted"
    print(
        f"{verb} {result.deleted} handoff(s) last updated before "
        f"{result.cutoff:%Y-%m-%d %H:%M} UTC, with their transcripts"
    )
    print(
        f"{verb} {review_items} review queue item(s) collected more than "
        f"{review_days:g} day(s) ago (REVIEW_RETENTION_DAYS)"
    )
    if result.kept_undelivered:
        print(
            f"kept {result.kept_undelivered} older handoff(s) not delivered yet "
            "(check the delivery worker and HANDOFF_WEBHOOK_URL)",
            file=sys.stderr,
        )
    return 0
