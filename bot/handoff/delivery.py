"""`python -m bot deliver-handoffs`: the delivery worker (transactional outbox relay).

Each pass claims due outbox entries one at a time with a lease (a conditional
UPDATE whose row count says whether this worker won), POSTs the handoff's JSON
payload to the webhook (bot.handoff.webhook_post), and records the attempt. A
2xx marks the entry delivered in the same transaction that records the attempt,
and it is never sent again. Anything else is retried with exponential backoff
(bot.handoff.delivery_config). A worker killed mid-delivery leaves a lease that
expires after HANDOFF_LEASE seconds; the next pass sends the same bytes again
with the same Idempotency-Key. Several workers can run at once, on SQLite and
PostgreSQL.

"Never twice": each attempt has a total deadline, HANDOFF_WEBHOOK_TIMEOUT, and
the lease outlasts it (start-up refuses HANDOFF_LEASE <= HANDOFF_WEBHOOK_TIMEOUT,
bot.handoff.delivery_config); `send` also cuts each attempt's deadline to what
is left of its lease, so an attempt has always ended before its lease runs out
and another worker can claim the revision. Hence, however slowly the receiver
answers, workers never POST one revision concurrently; the same revision is
POSTed again only after an attempt has ended without a 2xx (or a worker died),
and the Idempotency-Key lets the receiver drop such a repeat.
Each claim carries its own fencing token (in lease_owner): an attempt's outcome
changes the outbox row only while it still holds that token, so a late attempt
never counts as, or overwrites, a newer claim. One worker sends one attempt at a
time, so a slow receiver holds the next handoff back by at most the deadline.

Each attempt is counted in `bot.metrics` (served on WORKER_METRICS_PORT).
Before each claim the worker writes its heartbeat (bot.handoff.heartbeat).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import or_, select, update
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.sql.elements import ColumnElement

from bot import metrics
from bot.db import Database
from bot.handoff.delivery_config import DeliveryConfig, backoff_delay, describe_target
from bot.handoff.heartbeat import write_heartbeat
from bot.handoff.models import (
    DELIVERY_DELIVERED,
    DELIVERY_PENDING,
    DeliveryAttempt,
    Handoff,
    HandoffOutbox,
)
from bot.handoff.payload import build_payload, encode_payload
from bot.handoff.records import load_record
from bot.handoff.timeutil import utc_now
from bot.handoff.webhook_post import post_handoff
from bot.logs import configure_logging
from bot.production import format_problems, production_problems
from bot.settings import Settings

log = logging.getLogger("bot.handoff.delivery")

MAX_DELIVERIES_PER_PASS = 100
_CANDIDATES_PER_CLAIM = 10


def _rows_matched(result: Result) -> int:
    # an UPDATE's result is a CursorResult, the one with a rowcount
    return cast(CursorResult, result).rowcount


@dataclass(frozen=True)
class Claim:
    """A handoff revision this worker holds the lease for, with the exact body to send."""

    outbox_id: int
    handoff_id: int
    reference: str
    revision: int
    consecutive_failures: int
    body: bytes
    token: str  # this claim's fencing token, stored in lease_owner
    lease_until: datetime


@dataclass(frozen=True)
class AttemptResult:
    reference: str
    revision: int
    delivered: bool
    http_status: int | None
    error: str | None
    duration_ms: float


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class DeliveryWorker:
    """Claims, sends and records deliveries; `run_once` is one pass, `run_forever` the loop."""

    def __init__(
        self,
        db: Database,
        config: DeliveryConfig,
        *,
        worker_id: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        heartbeat_file: str | None = None,
    ) -> None:
        self.db = db
        self.config = config
        self.worker_id = worker_id or default_worker_id()
        self.clock = clock
        self.heartbeat_file = heartbeat_file

    def beat(self) -> None:
        """Write the heartbeat; a failure is logged and never stops deliveries."""
        if not self.heartbeat_file:
            return
        try:
            write_heartbeat(self.heartbeat_file, self.worker_id, self.clock())
        except OSError as exc:
            log.warning("worker heartbeat not written (%s)", type(exc).__name__)

    # --- claiming ------------------------------------------------------------

    def _due(self, now: datetime) -> tuple[ColumnElement[Any], ...]:
        return (
            HandoffOutbox.status == DELIVERY_PENDING,
            HandoffOutbox.next_attempt_at <= now,
            or_(HandoffOutbox.lease_until.is_(None), HandoffOutbox.lease_until < now),
        )

    def claim_next(self) -> Claim | None:
        """Lease the next due handoff and build its body, or None when nothing is due."""
        now = self.clock()
        token = f"{self.worker_id[:100]}/{uuid.uuid4().hex[:12]}"
        lease_until = now + timedelta(seconds=self.config.lease_s)
        with self.db.session() as session:
            candidates = session.execute(
                select(HandoffOutbox.id, HandoffOutbox.handoff_id)
                .where(*self._due(now))
                .order_by(HandoffOutbox.next_attempt_at, HandoffOutbox.id)
                .limit(_CANDIDATES_PER_CLAIM)
            ).all()
            for outbox_id, handoff_id in candidates:
                # Lock the handoff row first (PostgreSQL; the order save_handoff
                # uses), so an update of this handoff cannot interleave with
                # reading it. On SQLite the UPDATE below takes the write lock.
                session.execute(select(Handoff.id).where(Handoff.id == handoff_id).with_for_update())
                won = _rows_matched(
                    session.execute(
                        update(HandoffOutbox)
                        .where(HandoffOutbox.id == outbox_id, *self._due(now))
                        .values(
                            lease_owner=token,
                            lease_until=lease_until,
                            attempt_count=HandoffOutbox.attempt_count + 1,
                            last_attempt_at=now,
                        )
                        .execution_options(synchronize_session=False)
                    )
                )
                if won != 1:
                    # Another worker claimed it first: end this transaction so
                    # the handoff row is not kept locked while trying the next.
                    session.rollback()
                    continue
                record = load_record(session, handoff_id)
                failures = session.execute(
                    select(HandoffOutbox.consecutive_failures).where(HandoffOutbox.id == outbox_id)
                ).scalar_one()
                return Claim(
                    outbox_id=outbox_id,
                    handoff_id=handoff_id,
                    reference=record.reference,
                    revision=record.revision,
                    consecutive_failures=failures,
                    body=encode_payload(build_payload(record)),
                    token=token,
                    lease_until=lease_until,
                )
        return None

    # --- sending ---------------------------------------------------------------

    def send(self, claim: Claim) -> AttemptResult:
        """POST the claimed body once, then record the attempt and its outcome."""
        started_at = self.clock()
        started = time.monotonic()
        http_status: int | None = None
        error: str | None = None
        # Never outlive the lease: it may have been spent building the body.
        deadline = min(self.config.timeout_s, (claim.lease_until - started_at).total_seconds())
        if deadline <= 0:
            error = "LeaseExpired"
        else:
            http_status, error = post_handoff(
                self.config.url, claim.body, self.config.secret, claim.reference, deadline
            )
        duration_ms = (time.monotonic() - started) * 1000.0
        delivered = error is None
        self._record(claim, started_at, duration_ms, http_status, error)
        metrics.delivery_attempted(delivered, duration_ms / 1000.0)
        return AttemptResult(
            reference=claim.reference,
            revision=claim.revision,
            delivered=delivered,
            http_status=http_status,
            error=error,
            duration_ms=duration_ms,
        )

    def _record(
        self,
        claim: Claim,
        started_at: datetime,
        duration_ms: float,
        http_status: int | None,
        error: str | None,
    ) -> None:
        now = self.clock()
        same_revision = (
            HandoffOutbox.id == claim.outbox_id,
            HandoffOutbox.revision == claim.revision,
            HandoffOutbox.status == DELIVERY_PENDING,
        )
        # A 2xx marks the revision delivered whoever holds the lease now (it
        # was received); a failure only counts while this claim is still held.
        fenced = () if error is None else (HandoffOutbox.lease_owner == claim.token,)
        released = {"lease_owner": None, "lease_until": None}
        with self.db.session() as session:
            if error is None:
                changes = dict(
                    status=DELIVERY_DELIVERED,
                    delivered_at=now,
                    delivered_revision=claim.revision,
                    consecutive_failures=0,
                    last_error=None,
                    **released,
                )
                delay = 0.0
            else:
                failures = claim.consecutive_failures + 1
                delay = backoff_delay(failures, self.config.retry_base_s, self.config.retry_max_s)
                changes = dict(
                    consecutive_failures=failures,
                    next_attempt_at=now + timedelta(seconds=delay),
                    last_error=error[:200],
                    **released,
                )
            matched = _rows_matched(
                session.execute(
                    update(HandoffOutbox)
                    .where(*same_revision, *fenced)
                    .values(**changes)
                    .execution_options(synchronize_session=False)
                )
            )
            if matched != 1:
                # A newer revision was queued meanwhile (it is sent next), or the
                # handoff is gone: only give the lease back.
                session.execute(
                    update(HandoffOutbox)
                    .where(
                        HandoffOutbox.id == claim.outbox_id,
                        HandoffOutbox.lease_owner == claim.token,
                    )
                    .values(**released)
                    .execution_options(synchronize_session=False)
                )
            still_there = session.execute(select(HandoffOutbox.id).where(HandoffOutbox.id == claim.outbox_id)).first()
            if still_there is not None:
                session.add(
                    DeliveryAttempt(
                        handoff_id=claim.handoff_id,
                        revision=claim.revision,
                        started_at=started_at,
                        duration_ms=round(duration_ms, 1),
                        http_status=http_status,
                        error=error,
                        worker=self.worker_id[:128],
                    )
                )
        if error is None:
            log.info(
                "handoff %s delivered (revision %d, HTTP %d, %.0f ms)",
                claim.reference,
                claim.revision,
                http_status,
                duration_ms,
            )
        elif matched == 1:
            log.warning(
                "handoff %s not delivered (%s, %.0f ms); next attempt in %.1f s",
                claim.reference,
                error,
                duration_ms,
                delay,
            )
        else:
            log.warning("handoff %s not delivered (%s); a newer revision or claim took over", claim.reference, error)

    # --- loops -------------------------------------------------------------------

    def run_once(
        self,
        max_deliveries: int = MAX_DELIVERIES_PER_PASS,
        stop: threading.Event | None = None,
    ) -> list[AttemptResult]:
        """One pass: send every handoff that is due now (each at most once).
        A set `stop` ends the pass after the delivery in progress."""
        results: list[AttemptResult] = []
        while len(results) < max_deliveries and not (stop and stop.is_set()):
            # Each claim, not only each pass: a pass of slow deliveries is not a stuck worker.
            self.beat()
            claim = self.claim_next()
            if claim is None:
                break
            results.append(self.send(claim))
        return results

    def run_forever(self, stop: threading.Event) -> None:
        """Pass after pass, every poll interval, until `stop` is set."""
        while not stop.is_set():
            try:
                self.run_once(stop=stop)
            except Exception as exc:  # noqa: BLE001 - keep the loop alive (database restarts...)
                # No message text: database errors can quote row values.
                log.error("delivery pass failed: %s; retrying", type(exc).__name__)
            stop.wait(self.config.poll_interval_s)


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot deliver-handoffs",
        description="Deliver pending handoffs to HANDOFF_WEBHOOK_URL (default: the local "
        "advisor inbox), retrying with exponential backoff until each gets a 2xx.",
    )
    parser.add_argument("--once", action="store_true", help="make one pass and exit")
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    configure_logging(settings, "worker")
    problems = production_problems(settings, os.environ)
    if problems:  # before a secret is generated or a database file created
        print(format_problems(problems), file=sys.stderr)
        return 2
    config = DeliveryConfig.from_settings(settings)
    db = Database(args.database_url or settings.database_url, hide_parameters=True)
    from bot.migrations.check import SchemaNotCurrent, require_current_schema

    try:  # the schema is migrate's to make
        require_current_schema(db.engine)
    except SchemaNotCurrent as refused:
        print(f"error: {refused}", file=sys.stderr)
        db.dispose()
        return 2
    worker = DeliveryWorker(db, config, heartbeat_file=settings.worker_heartbeat_file)
    target = describe_target(config.url) if settings.handoff_webhook_url else "the local advisor inbox"
    try:
        if args.once:
            results = worker.run_once()
            delivered = sum(1 for r in results if r.delivered)
            print(f"{delivered} delivered, {len(results) - delivered} failed")
            return 0 if delivered == len(results) else 1
        metrics_server = metrics.start_worker_metrics_server(settings, db)
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        log.info("delivery worker %s started; delivering to %s", worker.worker_id, target)
        worker.run_forever(stop)
        log.info("delivery worker %s stopped", worker.worker_id)
        if metrics_server is not None:
            metrics_server.shutdown()
        return 0
    finally:
        db.dispose()
