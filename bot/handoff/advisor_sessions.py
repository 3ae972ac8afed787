"""Server-side inbox sessions (table `advisor_sessions`).

A session is a random token (`secrets.token_urlsafe(32)`) that the browser's
cookie carries; the database keeps only its SHA-256, the advisor and two
times. A session ends when it is closed (logout), when the advisor's password
changes or the account is disabled (`bot.handoff.advisors` deletes the rows),
after `idle` without a request, or `lifetime` after login, whatever the
activity. A request that the page made by itself (the inbox list polling for
new work) is resolved with `touch=False`: it does not restart the idle clock,
so an unattended open list still times out.
Expired rows are deleted when presented and at every login.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import delete, or_, select
from sqlalchemy.engine import CursorResult

from bot.db import Database
from bot.handoff.advisors import AdvisorIdentity, identity_of
from bot.handoff.models import Advisor, AdvisorSession


@dataclass(frozen=True)
class SessionLimits:
    idle: timedelta = timedelta(hours=2)
    lifetime: timedelta = timedelta(hours=8)

    def __post_init__(self) -> None:
        if self.idle <= timedelta(0) or self.lifetime <= timedelta(0):
            raise ValueError("inbox session idle timeout and lifetime must be positive")

    @classmethod
    def from_seconds(cls, idle_s: float, lifetime_s: float) -> SessionLimits:
        return cls(idle=timedelta(seconds=idle_s), lifetime=timedelta(seconds=lifetime_s))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _expired(row: AdvisorSession, limits: SessionLimits, now: datetime) -> bool:
    return now >= row.last_seen_at + limits.idle or now >= row.created_at + limits.lifetime


def purge_expired_sessions(db: Database, limits: SessionLimits, now: datetime) -> int:
    """Delete every expired session; how many."""
    statement = (
        delete(AdvisorSession)
        .where(
            or_(
                AdvisorSession.last_seen_at <= now - limits.idle,
                AdvisorSession.created_at <= now - limits.lifetime,
            )
        )
        .execution_options(synchronize_session=False)
    )
    with db.session() as session:
        # a DELETE's result is a CursorResult, the one with a rowcount
        result = cast(CursorResult, session.execute(statement))
        return result.rowcount or 0


def open_session(db: Database, advisor_id: int, limits: SessionLimits, now: datetime) -> str:
    """A new session for the advisor; returns the token for the cookie."""
    purge_expired_sessions(db, limits, now)
    token = secrets.token_urlsafe(32)
    with db.session() as session:
        session.add(
            AdvisorSession(token_sha256=_digest(token), advisor_id=advisor_id, created_at=now, last_seen_at=now)
        )
    return token


def resolve_session(
    db: Database, token: str, limits: SessionLimits, now: datetime, *, touch: bool = True
) -> AdvisorIdentity | None:
    """The active advisor of a live session, else None; with `touch` the
    session's idle clock restarts."""
    with db.session() as session:
        row = session.execute(
            select(AdvisorSession).where(AdvisorSession.token_sha256 == _digest(token))
        ).scalar_one_or_none()
        if row is None:
            return None
        if _expired(row, limits, now):
            session.delete(row)
            return None
        advisor = session.get(Advisor, row.advisor_id)
        if advisor is None or not advisor.active:
            return None
        if touch:
            row.last_seen_at = now
        return identity_of(advisor)


def close_session(db: Database, token: str) -> None:
    with db.session() as session:
        session.execute(
            delete(AdvisorSession)
            .where(AdvisorSession.token_sha256 == _digest(token))
            .execution_options(synchronize_session=False)
        )
