"""The review queue table: one row per visitor message a trainer should see.

Rules:
* `text` and `reply` are stored redacted (bot.review.redact); the raw message
  stays only in the tracker store.
* A message is stored once: (conversation_id, event_id) is unique, event_id
  being the row id of its `user` event in the tracker store.
* Times are naive UTC in the database (bot.review.store converts), like the
  handoff tables' UTCDateTime, which this package cannot import (it sits below
  bot.handoff).
* status: open, labelled (label, labelled_by, labelled_at set) or skipped
  (labelled_by, labelled_at set).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    UniqueConstraint,
)

from bot.base import Base

STATUS_OPEN = "open"
STATUS_LABELLED = "labelled"
STATUS_SKIPPED = "skipped"
STATUSES = (STATUS_OPEN, STATUS_LABELLED, STATUS_SKIPPED)


class ReviewItem(Base):
    __tablename__ = "review_items"
    __table_args__ = (
        UniqueConstraint("conversation_id", "event_id", name="uq_review_items_event"),
        CheckConstraint("status IN ('open', 'labelled', 'skipped')", name="ck_review_items_status"),
    )

    id: int = Column(Integer, primary_key=True)
    conversation_id: str = Column(String(255), nullable=False)
    event_id: int = Column(Integer, nullable=False)
    sent_at: datetime = Column(DateTime, nullable=False)
    collected_at: datetime = Column(DateTime, nullable=False, index=True)
    text: str = Column(Text, nullable=False)
    # normalised text of the group's first message (bot.review.group)
    group_key: str = Column(String(255), nullable=False, index=True)
    # comma-separated reasons (bot.review.collect.REASONS)
    reasons: str = Column(String(255), nullable=False)
    intent = Column(String(255), nullable=True)
    intent_confidence = Column(Float, nullable=True)
    topic = Column(String(255), nullable=True)  # the response selector's faq/<topic>
    topic_confidence = Column(Float, nullable=True)
    reply = Column(Text, nullable=True)
    status: str = Column(String(16), nullable=False, default=STATUS_OPEN, index=True)
    label = Column(String(255), nullable=True)
    labelled_by = Column(String(64), nullable=True)
    labelled_at = Column(DateTime, nullable=True)
