"""The webhook timeout is a total deadline, and several workers never POST the
same revision twice, against a real local receiver that trickles its reply one
byte every 0.5 s (issue 10, item 4). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.handoff.delivery import DeliveryWorker
from bot.handoff.delivery_config import DeliveryConfig
from bot.settings import Settings
from tests.handoff.test_handoff_delivery import attempts, config_for, make_handoff

DEADLINE_S = 1.0
LEASE_S = 2.0
MARGIN_S = 0.8  # scheduling slack on a loaded 2-core machine
BYTE_EVERY_S = 0.5
REPLY = b'HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\n{"ok": true}'


class TricklingReceiver:
    """POSTs from the reference in `slow` get their reply 1 byte per 0.5 s: the
    whole reply (`mode="status"`) or only the body after a prompt 200 (`"body"`).
    Everything else gets a prompt 200. Records (reference, arrival) per POST."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.slow: str | None = None
        self.received: list[tuple[str, float]] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                reference = self.headers.get("Idempotency-Key", "")
                with receiver.lock:
                    receiver.received.append((reference, time.monotonic()))
                if reference != receiver.slow:
                    self.wfile.write(REPLY)
                    return
                head, _, body = REPLY.partition(b"\r\n\r\n")
                prompt, slow = (b"", REPLY) if receiver.mode == "status" else (head + b"\r\n\r\n", body)
                try:
                    self.wfile.write(prompt)
                    for byte in slow:
                        self.wfile.write(bytes([byte]))
                        time.sleep(BYTE_EVERY_S)
                except OSError:
                    pass  # the worker gave up: what the deadline is for

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def count(self, reference: str) -> int:
        with self.lock:
            return sum(1 for ref, _ in self.received if ref == reference)

    def arrival(self, reference: str) -> float | None:
        with self.lock:
            return next((at for ref, at in self.received if ref == reference), None)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def trickling():
    servers: list[TricklingReceiver] = []

    def make(mode: str) -> TricklingReceiver:
        servers.append(TricklingReceiver(mode))
        return servers[-1]

    yield make
    for server in servers:
        server.stop()


def run_workers(db, config: DeliveryConfig, count: int, seconds: float) -> list[DeliveryWorker]:
    stop = threading.Event()
    workers = [DeliveryWorker(db, config, worker_id=f"worker-{i}") for i in range(count)]
    threads = [threading.Thread(target=w.run_forever, args=(stop,), daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(15)
    return workers


def slow_config(url: str) -> DeliveryConfig:
    # A long backoff: a failed attempt is not retried within the test.
    return config_for(
        url, timeout_s=DEADLINE_S, lease_s=LEASE_S, retry_base_s=60.0, retry_max_s=60.0, poll_interval_s=0.05
    )


def test_two_workers_post_a_trickled_revision_once_and_the_attempt_ends_by_the_deadline(db, trickling):
    server = trickling("status")
    slow = make_handoff(db, "conv-slow")
    server.slow = slow
    started = time.monotonic()
    # Run past the lease twice over: a worker that still held the request then
    # would have let the other claim and POST the same revision again.
    run_workers(db, slow_config(server.url), count=2, seconds=2 * LEASE_S + 1.0)

    assert server.count(slow) == 1
    [attempt] = attempts(db)
    assert attempt.http_status is None and attempt.error == "Timeout"
    assert attempt.duration_ms / 1000.0 <= DEADLINE_S + MARGIN_S
    assert server.arrival(slow) - started < 2.0


@pytest.mark.parametrize("mode", ["status", "body"])
def test_a_trickling_receiver_holds_the_next_handoff_back_no_longer_than_the_deadline(db, trickling, mode):
    server = trickling(mode)
    slow = make_handoff(db, "conv-slow")
    fast = make_handoff(db, "conv-fast")
    server.slow = slow
    started = time.monotonic()
    run_workers(db, slow_config(server.url), count=1, seconds=DEADLINE_S + 2 * MARGIN_S)

    assert server.count(slow) == 1 and server.count(fast) == 1
    assert server.arrival(fast) - started <= DEADLINE_S + 2 * MARGIN_S
    by_revision = {a.handoff_id: a for a in attempts(db)}
    assert len(by_revision) == 2
    for attempt in by_revision.values():
        assert attempt.duration_ms / 1000.0 <= DEADLINE_S + MARGIN_S
    # A prompt 200 whose body trickles is a delivery; a trickled status line is not.
    delivered = sorted(a.http_status or 0 for a in by_revision.values())
    assert delivered == ([0, 200] if mode == "status" else [200, 200])


def test_a_lease_not_longer_than_the_deadline_is_refused_at_start_up():
    settings = Settings(handoff_webhook_secret="x", handoff_lease_s=5, handoff_webhook_timeout_s=5)
    with pytest.raises(ValueError, match=r"HANDOFF_LEASE .* HANDOFF_WEBHOOK_TIMEOUT"):
        DeliveryConfig.from_settings(settings)
    assert DeliveryConfig.from_settings(replace(settings, handoff_lease_s=6)).lease_s == 6
