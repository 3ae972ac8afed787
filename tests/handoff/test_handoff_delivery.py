"""Delivery to the advisors' system, against a real local HTTP receiver that each
test starts on a free port: success, receiver down then up, a 500 then a 200,
exactly once, a worker killed with SIGKILL mid-delivery, concurrent workers,
and an update while a delivery is in flight. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.handoff.delivery import DeliveryWorker
from bot.handoff.delivery_config import DeliveryConfig, backoff_delay, describe_target, inbox_receiver_url
from bot.handoff.models import DeliveryAttempt, HandoffOutbox
from bot.handoff.service import save_handoff
from bot.handoff.summary import build_summary
from bot.handoff.transcript import TranscriptEntry
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-webhook-secret-0123456789"
CONTACT = {"first_name": "Rosalind", "phone": "(312) 555-0142", "email": None, "contact_time": "mornings"}
SECRET_WORDS = "my brother drinks every night"  # transcript text that must never be logged


# --- a real webhook receiver ------------------------------------------------------


@dataclass
class Received:
    at: float  # time.monotonic() when the request arrived
    headers: dict[str, str]
    body: bytes

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """An HTTP server on 127.0.0.1 recording every POST. The port is bound at
    construction but only accepts connections after `start()`, so "down" means
    connection refused on the very port that comes up later."""

    statuses: list[int] = field(default_factory=list)  # replies in order, then 200
    hold_first: bool = False  # keep the first request waiting until release()

    def __post_init__(self) -> None:
        self.requests: list[Received] = []
        self.changed = threading.Condition()
        self.first_arrived = threading.Event()
        self.release_first = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.changed:
                    receiver.requests.append(Received(time.monotonic(), dict(self.headers), body))
                    index = len(receiver.requests) - 1
                    status = receiver.statuses[index] if index < len(receiver.statuses) else 200
                    receiver.changed.notify_all()
                if index == 0 and receiver.hold_first:
                    receiver.first_arrived.set()
                    receiver.release_first.wait(60)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"ok": true}')
                except OSError:
                    pass  # the worker was killed while we held its request

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
        self.server.daemon_threads = True
        self.server.server_bind()
        self.port = self.server.server_address[1]
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/handoff?token=abc"

    def start(self) -> float:
        self.server.server_activate()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return time.monotonic()

    def stop(self) -> None:
        self.release_first.set()
        if self.thread:
            self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count: int, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: len(self.requests) >= count, timeout)


def receiver_verifies(request: Received, secret: str = SECRET) -> bool:
    """The check a receiver makes: HMAC-SHA256 of the raw body with the shared secret."""
    expected = "sha256=" + hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, request.headers.get("X-Signature-256", ""))


@pytest.fixture
def receiver():
    servers: list[Receiver] = []

    def make(**kwargs) -> Receiver:
        server = Receiver(**kwargs)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


# --- helpers ----------------------------------------------------------------------


def make_handoff(db: Database, conversation_id: str = "conv-1", text: str = SECRET_WORDS) -> str:
    now = datetime.now(timezone.utc)
    return save_handoff(
        db,
        conversation_id=conversation_id,
        reason="higher_level_of_care",
        summary=build_summary({"for_whom": "loved_one", "loved_one_relation": "brother"}),
        contact=CONTACT,
        consent_at=now,
        transcript=[
            TranscriptEntry(at=now, sender="visitor", text=text),
            TranscriptEntry(at=now, sender="assistant", text="An advisor will call you.", buttons=("OK",)),
        ],
    ).reference


def config_for(url: str, **overrides) -> DeliveryConfig:
    base = DeliveryConfig(
        url=url, secret=SECRET, timeout_s=5.0, retry_base_s=1.0, retry_max_s=30.0, poll_interval_s=0.05, lease_s=30.0
    )
    return replace(base, **overrides)


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def outbox_row(db: Database) -> HandoffOutbox:
    with db.session() as session:
        return session.execute(select(HandoffOutbox)).scalar_one()


def attempts(db: Database) -> list[DeliveryAttempt]:
    with db.session() as session:
        return session.execute(select(DeliveryAttempt).order_by(DeliveryAttempt.id)).scalars().all()


def wait_until(predicate, timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


# --- in-process worker ------------------------------------------------------------------


def test_success_posts_signed_json_with_idempotency_key(db, receiver):
    server = receiver()
    server.start()
    reference = make_handoff(db)
    results = DeliveryWorker(db, config_for(server.url)).run_once()

    assert [(r.reference, r.delivered, r.http_status) for r in results] == [(reference, True, 200)]
    assert len(server.requests) == 1
    request = server.requests[0]
    assert receiver_verifies(request)
    assert not receiver_verifies(request, secret="wrong secret")
    assert request.headers["Idempotency-Key"] == reference
    assert request.headers["Content-Type"].startswith("application/json")
    payload = request.payload
    assert payload["reference"] == reference and payload["reason"] == "higher_level_of_care"
    assert payload["contact"]["phone"] == "(312) 555-0142"
    assert [(t["from"], t["text"]) for t in payload["transcript"]] == [
        ("visitor", SECRET_WORDS),
        ("assistant", "An advisor will call you."),
    ]
    assert "[OK]" in payload["transcript_text"]
    outbox = outbox_row(db)
    assert (outbox.status, outbox.delivered_revision, outbox.lease_owner) == ("delivered", 1, None)
    [attempt] = attempts(db)
    assert (attempt.http_status, attempt.error, attempt.revision) == (200, None, 1)
    assert attempt.duration_ms >= 0


def test_500_then_200_retries_after_the_backoff_and_sends_the_same_bytes(db, receiver):
    server = receiver(statuses=[500, 503])
    server.start()
    make_handoff(db)
    clock = FakeClock()
    worker = DeliveryWorker(db, config_for(server.url, retry_base_s=1.0), clock=clock)

    assert [r.http_status for r in worker.run_once()] == [500]
    row = outbox_row(db)
    assert row.status == "pending" and row.last_error == "HTTP 500"
    assert row.next_attempt_at == clock.now + timedelta(seconds=1)
    assert worker.run_once() == []  # not due before the backoff has passed
    clock.advance(1)
    assert [r.http_status for r in worker.run_once()] == [503]
    assert outbox_row(db).next_attempt_at == clock.now + timedelta(seconds=2)  # doubled
    clock.advance(2)
    assert [(r.http_status, r.delivered) for r in worker.run_once()] == [(200, True)]

    assert len(server.requests) == 3
    assert len({r.body for r in server.requests}) == 1  # identical body and signature
    assert len({r.headers["X-Signature-256"] for r in server.requests}) == 1
    assert [(a.http_status, a.error) for a in attempts(db)] == [(500, "HTTP 500"), (503, "HTTP 503"), (200, None)]
    assert outbox_row(db).status == "delivered"


def test_exactly_once_after_a_2xx(db, receiver):
    server = receiver()
    server.start()
    reference = make_handoff(db)
    clock = FakeClock()
    worker = DeliveryWorker(db, config_for(server.url), clock=clock)
    assert len(worker.run_once()) == 1
    for _ in range(5):
        clock.advance(3600)  # long past any backoff or lease
        assert worker.run_once() == []
        assert DeliveryWorker(db, config_for(server.url), clock=clock).run_once() == []
    assert [r.headers["Idempotency-Key"] for r in server.requests] == [reference]
    assert outbox_row(db).attempt_count == 1


def test_concurrent_workers_deliver_each_handoff_once(db, receiver):
    server = receiver()
    server.start()
    references = {make_handoff(db, conversation_id=f"conv-{i}") for i in range(12)}
    workers = [DeliveryWorker(db, config_for(server.url)) for _ in range(4)]
    threads = [threading.Thread(target=w.run_once) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    counts = Counter(r.headers["Idempotency-Key"] for r in server.requests)
    assert set(counts) == references
    assert set(counts.values()) == {1}
    with db.session() as session:
        statuses = session.execute(select(HandoffOutbox.status)).scalars().all()
    assert statuses == ["delivered"] * 12


def test_update_while_a_delivery_is_in_flight_sends_the_new_revision(db, receiver):
    server = receiver()
    server.start()
    reference = make_handoff(db)
    worker = DeliveryWorker(db, config_for(server.url))
    claim = worker.claim_next()
    assert claim is not None and claim.revision == 1
    # The visitor asks again (same conversation) while revision 1 is on the wire.
    assert make_handoff(db, text="actually, call my cell") == reference
    assert worker.send(claim).delivered  # revision 1 got its 2xx...
    row = outbox_row(db)
    assert (row.status, row.revision, row.lease_owner) == ("pending", 2, None)  # ...2 still due
    assert [r.revision for r in worker.run_once()] == [2]
    assert [r.payload["revision"] for r in server.requests] == [1, 2]
    assert server.requests[1].payload["transcript"][0]["text"] == "actually, call my cell"
    assert outbox_row(db).delivered_revision == 2
    assert worker.run_once() == []


def test_backoff_is_exponential_and_capped_so_a_revived_receiver_is_reached_in_time():
    settings = Settings()
    assert [backoff_delay(n, settings.handoff_retry_base_s, settings.handoff_retry_max_s) for n in range(1, 8)] == [
        1,
        2,
        4,
        8,
        16,
        30,
        30,
    ]
    assert backoff_delay(10_000, 1, 30) == 30
    worst_case = settings.handoff_retry_max_s + settings.handoff_poll_interval_s
    assert worst_case < 60


def test_local_default_is_the_inbox_receiver_and_targets_are_logged_without_secrets():
    settings = Settings(web_host="0.0.0.0", web_port=8123, handoff_webhook_secret="x")
    assert inbox_receiver_url(settings) == "http://127.0.0.1:8123/inbox/api/handoffs"
    assert DeliveryConfig.from_settings(settings).url == inbox_receiver_url(settings)
    external = replace(settings, handoff_webhook_url="https://hooks.example.org/T0/B0/XyZ")
    assert DeliveryConfig.from_settings(external).url == "https://hooks.example.org/T0/B0/XyZ"
    assert describe_target("https://user:pw@hooks.example.org/T0/B0?token=1") == ("https://hooks.example.org")
    # A lease not longer than the deadline is refused (tests/handoff/test_delivery_deadline.py).
    with pytest.raises(ValueError, match="HANDOFF_LEASE"):
        DeliveryConfig.from_settings(replace(settings, handoff_lease_s=1, handoff_webhook_timeout_s=5))


# --- the real worker process (`python -m bot deliver-handoffs`) -------------------------


def worker_env(db_url: str, url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(ROOT),
        DATABASE_URL=db_url,
        HANDOFF_WEBHOOK_URL=url,
        HANDOFF_WEBHOOK_SECRET=SECRET,
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
    )
    env.update(extra)
    return env


def start_worker(env: dict[str, str], log_path: Path, *args: str) -> subprocess.Popen:
    # the worker has its own copy of the file descriptor: close ours once it started
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "deliver-handoffs", *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def assert_log_has_no_personal_data(log_path: Path) -> None:
    text = log_path.read_text(errors="replace")
    for secret in ("Rosalind", "555-0142", SECRET_WORDS, SECRET, "token=abc"):
        assert secret not in text, f"{secret!r} leaked into the worker log"


def test_receiver_down_then_up_arrives_within_60s(db, db_url, receiver, tmp_path):
    server = receiver()  # port bound, not listening: connections are refused
    reference = make_handoff(db)
    log_path = tmp_path / "worker.log"
    # Default backoff (1 s doubling, capped at 30 s) and poll interval (1 s).
    process = start_worker(worker_env(db_url, server.url), log_path)
    try:
        assert wait_until(lambda: len(attempts(db)) >= 3, timeout=30), log_path.read_text()
        assert {a.error for a in attempts(db)} == {"ConnectionError"}
        assert outbox_row(db).status == "pending"
        came_up = server.start()
        assert server.wait_for(1, timeout=60), "not delivered within 60 s of the receiver coming up"
        waited = server.requests[0].at - came_up
        assert waited < 60
        assert receiver_verifies(server.requests[0])
        assert server.requests[0].headers["Idempotency-Key"] == reference
        assert wait_until(lambda: outbox_row(db).status == "delivered", timeout=10)
    finally:
        stop(process)
    assert process.returncode == 0
    assert len(server.requests) == 1
    log = log_path.read_text()
    assert f"handoff {reference} delivered" in log
    assert_log_has_no_personal_data(log_path)


def test_worker_killed_mid_delivery_is_redelivered_once_after_restart(db, db_url, receiver, tmp_path):
    server = receiver(hold_first=True)
    server.start()
    reference = make_handoff(db)
    log_path = tmp_path / "worker.log"
    env = worker_env(db_url, server.url, HANDOFF_WEBHOOK_TIMEOUT="2", HANDOFF_LEASE="3", HANDOFF_POLL_INTERVAL="0.2")
    first = start_worker(env, log_path)
    try:
        assert server.first_arrived.wait(30), log_path.read_text()
        first.send_signal(signal.SIGKILL)  # killed while waiting for the reply
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    server.release_first.set()
    row = outbox_row(db)
    assert row.status == "pending" and row.lease_owner is not None  # its lease is still held

    second = start_worker(env, log_path)
    try:
        assert server.wait_for(2, timeout=30), log_path.read_text()
        assert wait_until(lambda: outbox_row(db).status == "delivered", timeout=10)
        time.sleep(1.0)  # five more polls of the running worker: nothing is re-sent
    finally:
        stop(second)
    assert second.returncode == 0

    once = subprocess.run(
        [sys.executable, "-m", "bot", "deliver-handoffs", "--once"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert once.returncode == 0 and "0 delivered, 0 failed" in once.stdout

    assert len(server.requests) == 2
    killed, redelivered = server.requests
    assert killed.headers["Idempotency-Key"] == redelivered.headers["Idempotency-Key"] == reference
    assert killed.body == redelivered.body  # the same revision, byte for byte
    assert receiver_verifies(redelivered)
    row = outbox_row(db)
    assert (row.status, row.delivered_revision, row.attempt_count) == ("delivered", 1, 2)
    assert [(a.http_status, a.error) for a in attempts(db)] == [(200, None)]
    assert_log_has_no_personal_data(log_path)
