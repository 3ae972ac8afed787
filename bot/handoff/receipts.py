"""The project's own webhook receiver (the advisor inbox) records what arrived.

With no HANDOFF_WEBHOOK_URL configured, the delivery worker posts to the web
app (`POST /inbox/api/handoffs`), which verifies the signature and calls
`record_receipt()`, so the inbox can show "delivered to inbox" and how often a
revision arrived (more than once only when a reply was lost and retried).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.db import Database
from bot.handoff.models import InboxReceipt
from bot.handoff.records import find_handoff_id
from bot.handoff.timeutil import utc_now


@dataclass(frozen=True)
class Receipt:
    reference: str
    revision: int
    duplicate: bool


def record_receipt(
    db: Database,
    *,
    reference: str,
    revision: int,
    body: bytes,
    now: datetime | None = None,
) -> Receipt | None:
    """Record that `revision` of handoff `reference` arrived; None for an unknown reference."""
    moment = now or utc_now()
    digest = hashlib.sha256(body).hexdigest()
    for _ in range(2):
        try:
            with db.session() as session:
                handoff_id = find_handoff_id(session, reference)
                if handoff_id is None:
                    return None
                existing = session.execute(
                    select(InboxReceipt).where(InboxReceipt.handoff_id == handoff_id, InboxReceipt.revision == revision)
                ).scalar_one_or_none()
                if existing is not None:
                    existing.times_received = existing.times_received + 1
                    existing.last_received_at = moment
                    existing.body_sha256 = digest
                    return Receipt(reference=reference, revision=revision, duplicate=True)
                session.add(
                    InboxReceipt(
                        handoff_id=handoff_id,
                        revision=revision,
                        first_received_at=moment,
                        last_received_at=moment,
                        times_received=1,
                        body_sha256=digest,
                    )
                )
            return Receipt(reference=reference, revision=revision, duplicate=False)
        except IntegrityError:
            continue  # the same revision arrived twice at once; count it as a duplicate
    raise RuntimeError("could not record the receipt")
