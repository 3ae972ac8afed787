"""The production configuration, for real: PostgreSQL for the programs, handoffs
and Rasa's tracker store, Redis for Rasa's lock store, and two Rasa servers
serving the same conversations (what several workers behind a load balancer do).
"""

from __future__ import annotations

import time
import uuid

import pytest
import redis
from sqlalchemy import create_engine, text

from bot.settings import Settings
from bot.stack import Stack, service_specs, stack_environment
from tests.live import LiveStack, free_port, new_sender, texts

pytestmark = pytest.mark.e2e
REDIS_URL = "redis://127.0.0.1:6379/5"


@pytest.fixture(scope="module")
def postgres_schema_url():
    """A schema of its own in the test database, shared by both Rasa servers."""
    from tests.conftest import TEST_POSTGRES_URL, _postgres_schema_url

    admin = create_engine(TEST_POSTGRES_URL, future=True)
    schema = f"prod_{uuid.uuid4().hex[:10]}"
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory, postgres_schema_url):
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {
        "DATABASE_URL": postgres_schema_url,
        "TRACKER_STORE_URL": postgres_schema_url,
        "REDIS_URL": REDIS_URL,
    }
    first = LiveStack.start(tmp_path_factory.mktemp("worker1"), extra_env=env)
    # a second Rasa server with the same stores and action server
    second_env = dict(first.env)
    second_env["RASA_PORT"] = str(free_port())
    settings = Settings.from_env(second_env)
    second = Stack(
        service_specs(settings, services=("rasa",)),
        stack_environment(second_env, settings),
        tmp_path_factory.mktemp("worker2") / "logs",
    ).start()
    try:
        second.wait_healthy(timeout=300)
        yield first, f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook"
    finally:
        second.stop()
        first.stop()


def post(live: LiveStack, url: str, sender: str, message: str) -> list:
    reply = live.session.post(url, json={"sender": sender, "message": message}, timeout=60)
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_a_conversation_moves_between_workers_without_losing_its_place(two_workers):
    live, second_url = two_workers
    sender = new_sender()
    # the fit assessment starts on one worker and continues on the other
    assert "short questions" in texts(post(live, live.rest_url, sender, "is iop right for me"))
    assert "withdrawal" in texts(post(live, second_url, sender, "no")).lower()
    assert "detox" in texts(post(live, live.rest_url, sender, "no")).lower()


def test_events_are_in_postgresql_and_locks_in_redis(two_workers, postgres_schema_url):
    live, second_url = two_workers
    sender = new_sender()
    post(live, live.rest_url, sender, "how long does iop last")
    post(live, second_url, sender, "thanks")
    engine = create_engine(postgres_schema_url, future=True)
    with engine.connect() as conn:
        rows = (
            conn.execute(text("SELECT type_name FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender})
            .scalars()
            .all()
        )
    engine.dispose()
    assert rows.count("user") == 2 and "bot" in rows
    # both Rasa servers hold connections to the lock store's Redis database
    # (locks themselves are deleted as soon as a message is handled)
    client = redis.Redis.from_url(REDIS_URL)
    own = client.client_id()
    lock_clients = [c for c in client.client_list() if c["db"] == "5" and int(c["id"]) != own]
    assert len({c["addr"] for c in lock_clients}) >= 2, lock_clients


def test_concurrent_messages_of_one_conversation_are_serialised(two_workers):
    """Two workers receive messages of the same conversation at once: the Redis
    lock makes them take turns, so every message is answered and recorded."""
    import concurrent.futures

    live, second_url = two_workers
    sender = new_sender()
    urls = [live.rest_url, second_url] * 3
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(lambda url: post(live, url, sender, "what is iop"), urls))
    assert all("return home" in texts(r) for r in replies)
    engine = create_engine(live.env["TRACKER_STORE_URL"], future=True)
    with engine.connect() as conn:
        users = conn.execute(
            text("SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'user'"),
            {"s": sender},
        ).scalar_one()
    engine.dispose()
    assert users == 6


def test_a_handoff_is_stored_in_postgresql_and_delivered(two_workers, postgres_schema_url):
    live, second_url = two_workers
    sender = new_sender()
    for url, message in [
        (live.rest_url, "i want to talk to a person"),
        (second_url, "yes"),
        (live.rest_url, "sam"),
        (second_url, "sam@example.com"),
        (live.rest_url, "mornings"),
    ]:
        replies = post(live, url, sender, message)
    assert "Your reference is" in texts(replies)
    engine = create_engine(postgres_schema_url, future=True)
    deadline = time.monotonic() + 60
    status = None
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            status = conn.execute(
                text(
                    "SELECT o.status FROM handoffs h JOIN handoff_outbox o ON o.handoff_id = h.id "
                    "WHERE h.conversation_id = :s"
                ),
                {"s": sender},
            ).scalar_one_or_none()
        if status == "delivered":
            break
        time.sleep(0.5)
    engine.dispose()
    assert status == "delivered"
