"""The review queue in the project database: adding, listing, deciding, purging.

Rules:
* `add_candidates` stores each message once per (conversation, tracker event)
  and puts it in a group (bot.review.group) with the open items.
* `collect` reads every conversation with a message newer than the retention
  period from the tracker store and adds what bot.review.collect picks.
* `mark_labelled` / `mark_skipped` record who decided and when; only an open
  item can be decided.
* `purge_review_items` deletes items collected more than the retention period
  ago, whatever their status (`python -m bot purge` calls it).
Times are stored as naive UTC (see bot.review.models).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, select

from bot.db import Database
from bot.review.collect import Candidate, handoff_form_slots, review_candidates
from bot.review.group import group_key, tokens
from bot.review.models import (
    STATUS_LABELLED,
    STATUS_OPEN,
    STATUS_SKIPPED,
    ReviewItem,
)
from bot.review.tracker import conversations, tracker_engine


class ReviewError(ValueError):
    """A request the queue cannot carry out (unknown item, already decided)."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def to_db(value: datetime) -> datetime:
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def from_db(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=timezone.utc)


def add_candidates(
    db: Database, conversation_id: str, candidates: Sequence[Candidate], now: datetime | None = None
) -> int:
    """Store the new ones among `candidates`; returns how many were added."""
    if not candidates:
        return 0
    collected_at = to_db(now or utc_now())
    with db.session() as session:
        seen = set(
            session.execute(select(ReviewItem.event_id).where(ReviewItem.conversation_id == conversation_id)).scalars()
        )
        groups = [
            (key, tokens(text))
            for key, text in session.execute(
                select(ReviewItem.group_key, ReviewItem.text)
                .where(ReviewItem.status == STATUS_OPEN)
                .order_by(ReviewItem.id)
            )
        ]
        added = 0
        for candidate in candidates:
            if candidate.event_id in seen:
                continue
            key = group_key(candidate.text, groups)
            groups.append((key, tokens(candidate.text)))
            session.add(
                ReviewItem(
                    conversation_id=conversation_id,
                    event_id=candidate.event_id,
                    sent_at=to_db(datetime.fromtimestamp(candidate.sent_at, timezone.utc)),
                    collected_at=collected_at,
                    text=candidate.text,
                    group_key=key,
                    reasons=",".join(candidate.reasons),
                    intent=candidate.intent,
                    intent_confidence=candidate.intent_confidence,
                    topic=candidate.topic,
                    topic_confidence=candidate.topic_confidence,
                    reply=candidate.reply,
                    status=STATUS_OPEN,
                )
            )
            seen.add(candidate.event_id)
            added += 1
    return added


@dataclass(frozen=True)
class CollectResult:
    conversations: int
    added: int


def collect(
    db: Database,
    tracker_store_url: str,
    threshold: float,
    retention_days: float,
    now: datetime | None = None,
    form_slots: Iterable[str] | None = None,
) -> CollectResult:
    """Add the queue-worthy messages of the tracker store's recent conversations."""
    now = now or utc_now()
    since = (now - timedelta(days=retention_days)).timestamp()
    slots = tuple(form_slots) if form_slots is not None else handoff_form_slots()
    engine = tracker_engine(tracker_store_url)
    seen = added = 0
    try:
        for sender_id, events in conversations(engine, since=since):
            seen += 1
            found = review_candidates(events, threshold, slots, since=since)
            added += add_candidates(db, sender_id, found, now=now)
    finally:
        engine.dispose()
    return CollectResult(conversations=seen, added=added)


def list_items(db: Database, status: str | None = STATUS_OPEN, limit: int | None = None) -> list[ReviewItem]:
    """Items (all when `status` is None), grouped: groups in order of their
    first item, items by id."""
    query = select(ReviewItem)
    if status is not None:
        query = query.where(ReviewItem.status == status)
    with db.session() as session:
        items = list(session.execute(query.order_by(ReviewItem.id)).scalars())
        session.expunge_all()
    first: dict[str, int] = {}
    for item in items:
        first.setdefault(item.group_key, item.id)
    items.sort(key=lambda item: (first[item.group_key], item.id))
    return items[:limit] if limit else items


def get_item(db: Database, item_id: int) -> ReviewItem:
    with db.session() as session:
        item = session.get(ReviewItem, item_id)
        if item is None:
            raise ReviewError(f"no review item {item_id}")
        session.expunge(item)
    return item


def _decide(db: Database, item_id: int, status: str, who: str, label: str | None, now: datetime | None) -> ReviewItem:
    with db.session() as session:
        item = session.get(ReviewItem, item_id, with_for_update=True)
        if item is None:
            raise ReviewError(f"no review item {item_id}")
        if item.status != STATUS_OPEN:
            raise ReviewError(f"review item {item_id} is already {item.status}")
        item.status, item.label = status, label
        item.labelled_by, item.labelled_at = who, to_db(now or utc_now())
        session.flush()
        session.expunge(item)
    return item


def mark_labelled(db: Database, item_id: int, label: str, who: str, now: datetime | None = None) -> ReviewItem:
    return _decide(db, item_id, STATUS_LABELLED, who, label, now)


def mark_skipped(db: Database, item_id: int, who: str, now: datetime | None = None) -> ReviewItem:
    return _decide(db, item_id, STATUS_SKIPPED, who, None, now)


def purge_review_items(
    db: Database, older_than_days: float, *, now: datetime | None = None, dry_run: bool = False
) -> int:
    """Delete items collected more than `older_than_days` ago; returns how many."""
    if older_than_days <= 0:
        raise ValueError("older_than_days must be positive")
    cutoff = to_db((now or utc_now()) - timedelta(days=older_than_days))
    old = ReviewItem.collected_at < cutoff
    with db.session() as session:
        count = session.execute(select(func.count()).select_from(ReviewItem).where(old)).scalar_one()
        if count and not dry_run:
            session.execute(delete(ReviewItem).where(old).execution_options(synchronize_session=False))
    return int(count)
