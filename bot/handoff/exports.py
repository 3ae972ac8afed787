"""The audit of CSV exports of the inbox list (table `inbox_exports`).

Rules:
- Every export is recorded before its first byte is sent: who, when, which
  filters, and how many handoffs matched then.
- The search text is never stored (it may be a name or a phone number, and an
  audit row outlives the handoffs it counts): only whether there was one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.db import Database
from bot.handoff.models import InboxExport
from bot.handoff.timeutil import utc_now


@dataclass(frozen=True)
class ExportView:
    at: datetime
    advisor_username: str
    filters: dict[str, str]
    searched: bool
    row_count: int


def record_export(
    db: Database,
    *,
    advisor_username: str,
    filters: dict[str, str],
    searched: bool,
    row_count: int,
    now: datetime | None = None,
) -> None:
    """Record one export; `filters` must not hold the search text."""
    if "q" in filters:
        raise ValueError("the search text is not stored in the export audit")
    with db.session() as session:
        session.add(
            InboxExport(
                at=now or utc_now(),
                advisor_username=advisor_username,
                filters=dict(filters),
                searched=searched,
                row_count=row_count,
            )
        )


def recent_exports(db: Database, limit: int = 100) -> list[ExportView]:
    """The latest exports, newest first."""
    with db.session() as session:
        return [
            ExportView(
                at=e.at,
                advisor_username=e.advisor_username,
                filters=dict(e.filters or {}),
                searched=e.searched,
                row_count=e.row_count,
            )
            for e in session.execute(
                select(InboxExport).order_by(InboxExport.at.desc(), InboxExport.id.desc()).limit(limit)
            ).scalars()
        ]
