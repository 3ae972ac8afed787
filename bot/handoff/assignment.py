"""Who works a handoff: assigning it to an advisor, or to nobody.

Rules:
- Only an active account that may work handoffs (`HANDOFF_ROLES`) is assigned.
- Taking a handoff that is assigned to someone else (neither the one acting nor
  the new assignee) needs `confirm_from` naming that person: the inbox asks
  first, so two advisors never call the same person unknowingly.
- The change is a conditional UPDATE on the assignee the caller saw, so of two
  advisors taking the same handoff at once one wins and the other is asked.
- Every change is kept with who made it and when (`HandoffAssignment`);
  assigning to the current assignee changes and records nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from bot.db import Database
from bot.handoff.models import HANDOFF_ROLES, Advisor, Handoff, HandoffAssignment
from bot.handoff.timeutil import utc_now


class AssignmentError(ValueError):
    """The assignee cannot take handoffs (message for a person)."""


@dataclass(frozen=True)
class AssignedElsewhere(Exception):
    """The handoff is someone else's: ask before taking it from `current`."""

    current: str


@dataclass(frozen=True)
class AssignmentResult:
    previous: str | None
    assignee: str | None
    changed: bool


def _check_assignee(session: Session, username: str) -> None:
    role = session.execute(
        select(Advisor.role).where(Advisor.username == username, Advisor.active.is_(True))
    ).scalar_one_or_none()
    if role not in HANDOFF_ROLES:
        raise AssignmentError(f"{username!r} is not an active account that works handoffs")


def assign_handoff(
    db: Database,
    reference: str,
    *,
    assignee: str | None,
    by: str,
    confirm_from: str | None = None,
    now: datetime | None = None,
) -> AssignmentResult | None:
    """Assign the handoff to `assignee` (None: nobody); None when there is no such handoff.

    Raises AssignedElsewhere when it must be confirmed first, AssignmentError
    for an assignee who cannot take it."""
    with db.session() as session:
        row = session.execute(
            select(Handoff.id, Handoff.assignee_username).where(Handoff.reference == reference)
        ).one_or_none()
        if row is None:
            return None
        handoff_id, current = row
        if assignee is not None:
            _check_assignee(session, assignee)
        if current == assignee:
            return AssignmentResult(previous=current, assignee=assignee, changed=False)
        if current is not None and current not in (by, assignee) and confirm_from != current:
            raise AssignedElsewhere(current)
        seen = Handoff.assignee_username.is_(None) if current is None else (Handoff.assignee_username == current)
        # an UPDATE's result is a CursorResult, the one with a rowcount
        result = cast(
            CursorResult,
            session.execute(
                update(Handoff)
                .where(Handoff.id == handoff_id, seen)
                .values(assignee_username=assignee)
                .execution_options(synchronize_session=False)
            ),
        )
        if result.rowcount != 1:
            # Someone else changed it since we read it: read again and ask.
            session.rollback()
            latest = session.execute(select(Handoff.assignee_username).where(Handoff.id == handoff_id)).scalar_one()
            raise AssignedElsewhere(latest or "nobody")
        session.add(
            HandoffAssignment(
                handoff_id=handoff_id,
                at=now or utc_now(),
                by_username=by,
                assignee_username=assignee,
                previous_username=current,
            )
        )
        return AssignmentResult(previous=current, assignee=assignee, changed=True)
