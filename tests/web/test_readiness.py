"""Readiness: the delivery worker's heartbeat, and /readyz (database, tracker
store and lock store reachable, heartbeat fresh, oldest pending handoff young
enough) on SQLite and PostgreSQL, with the app's clock under the test's control.
The lock-store cases use the machine's Redis (as tests/stores/test_lock_store.py does)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest

from bot.db import Database
from bot.handoff.delivery import DeliveryWorker
from bot.handoff.delivery_config import DeliveryConfig
from bot.handoff.heartbeat import read_heartbeat, write_heartbeat
from bot.handoff.service import save_handoff
from bot.handoff.summary import build_summary
from bot.handoff.transcript import TranscriptEntry
from bot.settings import Settings
from bot.web.app import create_app

CONFIG = DeliveryConfig(
    url="http://127.0.0.1:1/hook",
    secret="w" * 40,
    timeout_s=1.0,
    retry_base_s=1.0,
    retry_max_s=30.0,
    poll_interval_s=0.05,
    lease_s=30.0,
)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def heartbeat(tmp_path):
    return str(tmp_path / "var" / "worker_heartbeat.json")


@pytest.fixture
def clock():
    return Clock(datetime.now(timezone.utc))


REDIS_URL = "redis://127.0.0.1:6379/7"
CLOSED_POSTGRES = "postgresql+psycopg2://postgres:hunter2@127.0.0.1:1/test?connect_timeout=2"


def client_for(db, heartbeat, clock, **overrides):
    # the tracker store defaults to the test's own database (production shares one too)
    values = {
        "database_url": str(db.engine.url),
        "secret_key": "s" * 64,
        "handoff_webhook_secret": "w" * 40,
        "worker_heartbeat_file": heartbeat,
        "tracker_store_url": str(db.engine.url),
        "redis_url": "",
    }
    values.update(overrides)
    return create_app(Settings(**values), db, clock=clock).test_client()


def make_handoff(db) -> None:
    now = datetime.now(timezone.utc)
    save_handoff(
        db,
        conversation_id="conv-1",
        reason="visitor_request",
        summary=build_summary({}),
        contact={"first_name": "A", "phone": "555 0100"},
        consent_at=now,
        transcript=[TranscriptEntry(at=now, sender="visitor", text="hi")],
    )


def test_the_worker_writes_a_heartbeat_each_pass(db, heartbeat, clock):
    worker = DeliveryWorker(db, CONFIG, clock=clock, heartbeat_file=heartbeat)
    assert worker.run_once() == []  # nothing due: still a beat
    beat = read_heartbeat(heartbeat)
    assert beat is not None and beat.at == clock.now and beat.worker == worker.worker_id
    clock.now += timedelta(seconds=5)
    worker.run_once()
    assert read_heartbeat(heartbeat).at == clock.now


def test_a_heartbeat_that_cannot_be_written_does_not_stop_deliveries(db, tmp_path, clock, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("")
    worker = DeliveryWorker(db, CONFIG, clock=clock, heartbeat_file=str(blocker / "beat.json"))
    with caplog.at_level(logging.WARNING, logger="bot.handoff.delivery"):
        assert worker.run_once() == []
    assert "heartbeat" in caplog.text


def test_a_damaged_heartbeat_file_reads_as_none(tmp_path):
    path = tmp_path / "beat.json"
    path.write_text("{not json")
    assert read_heartbeat(str(path)) is None
    assert read_heartbeat(str(tmp_path / "missing.json")) is None


def test_ready_when_everything_is_fine(db, heartbeat, clock):
    write_heartbeat(heartbeat, "host:1", clock.now - timedelta(seconds=10))
    response = client_for(db, heartbeat, clock).get("/readyz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) == {"database", "tracker_store", "lock_store", "worker_heartbeat", "pending_handoffs"}
    assert body["checks"]["worker_heartbeat"]["age_s"] == 10.0
    assert body["checks"]["pending_handoffs"] == {"ok": True, "count": 0, "oldest_age_s": 0.0, "max_age_s": 900.0}
    assert response.headers["Cache-Control"] == "no-store"


def test_a_stale_heartbeat_is_not_ready(db, heartbeat, clock):
    write_heartbeat(heartbeat, "host:1", clock.now)
    clock.now += timedelta(seconds=31)
    response = client_for(db, heartbeat, clock).get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["failed"] == ["worker_heartbeat"]
    assert body["checks"]["worker_heartbeat"] == {"ok": False, "age_s": 31.0, "max_age_s": 30.0}


def test_the_heartbeat_age_limit_is_a_setting(db, heartbeat, clock):
    write_heartbeat(heartbeat, "host:1", clock.now - timedelta(seconds=31))
    client = client_for(db, heartbeat, clock, ready_heartbeat_max_age_s=60.0)
    assert client.get("/readyz").status_code == 200


def test_no_heartbeat_at_all_is_not_ready(db, heartbeat, clock):
    response = client_for(db, heartbeat, clock).get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["failed"] == ["worker_heartbeat"]
    assert body["checks"]["worker_heartbeat"]["error"] == "no heartbeat"


def test_an_old_pending_handoff_is_not_ready(db, heartbeat, clock):
    make_handoff(db)
    clock.now += timedelta(seconds=901)
    write_heartbeat(heartbeat, "host:1", clock.now)
    response = client_for(db, heartbeat, clock).get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["failed"] == ["pending_handoffs"]
    pending = body["checks"]["pending_handoffs"]
    assert pending["ok"] is False and pending["count"] == 1 and pending["oldest_age_s"] > 900


def test_a_young_pending_handoff_is_ready(db, heartbeat, clock):
    make_handoff(db)
    clock.now += timedelta(seconds=60)
    write_heartbeat(heartbeat, "host:1", clock.now)
    response = client_for(db, heartbeat, clock).get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"]["pending_handoffs"]["count"] == 1


def test_an_unreachable_database_is_not_ready(db, heartbeat, clock):
    write_heartbeat(heartbeat, "host:1", clock.now)
    broken = Database("postgresql+psycopg2://postgres@127.0.0.1:1/test?connect_timeout=2")
    try:
        response = client_for(broken, heartbeat, clock, tracker_store_url=str(db.engine.url)).get("/readyz")
    finally:
        broken.dispose()
    assert response.status_code == 503
    body = response.get_json()
    assert body["failed"] == ["database", "pending_handoffs"]
    assert body["checks"]["database"] == {"ok": False, "error": "unavailable"}


def test_ready_with_both_stores_reachable(db, heartbeat, clock):
    write_heartbeat(heartbeat, "host:1", clock.now)
    response = client_for(db, heartbeat, clock, redis_url=REDIS_URL).get("/readyz")
    assert response.status_code == 200
    checks = response.get_json()["checks"]
    assert checks["tracker_store"] == {"ok": True, "backend": db.engine.dialect.name}
    assert checks["lock_store"] == {"ok": True, "backend": "redis"}


def test_an_unreachable_tracker_store_is_not_ready(db, heartbeat, clock):
    write_heartbeat(heartbeat, "host:1", clock.now)
    response = client_for(db, heartbeat, clock, tracker_store_url=CLOSED_POSTGRES).get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["failed"] == ["tracker_store"]
    assert body["checks"]["tracker_store"] == {"ok": False, "backend": "postgresql", "error": "unavailable"}
    assert "hunter2" not in response.get_data(as_text=True)


def test_a_sqlite_tracker_store_without_its_directory_is_not_ready(db, heartbeat, clock, tmp_path):
    write_heartbeat(heartbeat, "host:1", clock.now)
    missing = tmp_path / "no-such-dir" / "tracker.db"
    response = client_for(db, heartbeat, clock, tracker_store_url=f"sqlite:///{missing}").get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["failed"] == ["tracker_store"]
    assert body["checks"]["tracker_store"] == {"ok": False, "backend": "sqlite", "error": "directory missing"}
    assert not missing.parent.exists()  # a probe must not create it


def test_an_unreachable_redis_is_not_ready(db, heartbeat, clock):
    write_heartbeat(heartbeat, "host:1", clock.now)
    client = client_for(db, heartbeat, clock, redis_url="redis://:hunter2@127.0.0.1:1/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["failed"] == ["lock_store"]
    assert body["checks"]["lock_store"] == {"ok": False, "backend": "redis", "error": "unavailable"}
    assert "hunter2" not in response.get_data(as_text=True)


def test_no_redis_url_is_an_in_memory_lock_store_and_passes(db, heartbeat, clock):
    write_heartbeat(heartbeat, "host:1", clock.now)
    response = client_for(db, heartbeat, clock, redis_url="").get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"]["lock_store"] == {"ok": True, "backend": "in-memory"}
