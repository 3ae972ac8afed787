"""Two Rasa workers sharing one conversation, as in production: each has its
own tracker store (and so its own event cache) on the same database, and its
own AtomicRedisLockStore on the machine's real Redis. They handle the
conversation's messages at the same time, in two threads, each message under
the lock as Rasa's processor does. Every message must find the tracker exactly
as all earlier messages left it, whichever worker handled them: a worker that
answered from a stale cache would miss the other worker's messages. On SQLite
and on PostgreSQL.

The control test removes the cache's freshness check (the indexed highest-id
query) and shows the same scenario then does see stale trackers: the test
above can fail."""

from __future__ import annotations

import asyncio
import threading
import uuid

import pytest
import redis

from rasa_plugins.cached_tracker_store import CachedSQLTrackerStore
from rasa_plugins.stores import AtomicRedisLockStore, EnvSQLTrackerStore, redis_lock_store_kwargs
from tests.stores.test_tracker_store_cache import DOMAIN, dicts, one_message, rasa_retrieve, stored_rows

REDIS_URL = "redis://127.0.0.1:6379/8"  # no other test uses database 8
MESSAGES_PER_WORKER = 6


@pytest.fixture
def worker(db_url, monkeypatch):
    """Makes tracker stores on one database, as separate Rasa workers would have."""
    monkeypatch.setenv("TRACKER_STORE_URL", db_url)
    stores: list[EnvSQLTrackerStore] = []

    def make() -> EnvSQLTrackerStore:
        stores.append(EnvSQLTrackerStore(domain=DOMAIN))
        return stores[-1]

    yield make
    for store in stores:
        store.engine.dispose()


@pytest.fixture
def lock_stores():
    redis.Redis.from_url(REDIS_URL).flushdb()
    stores = [AtomicRedisLockStore(**redis_lock_store_kwargs(REDIS_URL)) for _ in range(2)]
    yield stores
    redis.Redis.from_url(REDIS_URL).flushdb()


def handle_concurrently(stores, lock_stores, sender: str) -> tuple[list[str], list[tuple[str, list[str], list[str]]]]:
    """Both workers handle MESSAGES_PER_WORKER messages of `sender` at once.

    Returns the texts in the order the lock let them through, and for each
    message what its worker saw: (text, texts in the tracker it got, texts
    handled before it)."""
    order: list[str] = []  # appended under the conversation's lock only
    seen: list[tuple[str, list[str], list[str]]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    async def work(name: str, store, lock_store) -> None:
        for number in range(MESSAGES_PER_WORKER):
            text = f"{name}-{number}"
            async with lock_store.lock(sender, lock_lifetime=30, wait_time_in_seconds=0.01):
                tracker = await store.get_or_create_tracker(sender)
                in_tracker = [event.text for event in tracker.events if event.type_name == "user"]
                seen.append((text, in_tracker, list(order)))
                one_message(tracker, text, text)
                await asyncio.sleep(0.005)  # a little processing while holding the lock
                await store.save(tracker)
                order.append(text)
            await asyncio.sleep(0)  # let the other worker's ticket in

    def thread(name: str, store, lock_store) -> None:
        try:
            start.wait(timeout=10)
            asyncio.run(work(name, store, lock_store))
        except Exception as error:  # noqa: BLE001 - reported by the test thread
            errors.append(error)

    threads = [
        threading.Thread(target=thread, args=(name, store, lock_store))
        for name, store, lock_store in zip(("a", "b"), stores, lock_stores, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a worker never finished"
    assert not errors, errors
    return order, seen


def test_two_workers_with_the_redis_lock_store_never_see_a_stale_tracker(worker, db_url, lock_stores):
    stores = [worker(), worker()]
    sender = f"visitor-{uuid.uuid4().hex[:8]}"
    order, seen = handle_concurrently(stores, lock_stores, sender)

    assert sorted(order) == sorted(f"{w}-{n}" for w in "ab" for n in range(MESSAGES_PER_WORKER))
    handled_by = {text[0] for text in order[: MESSAGES_PER_WORKER + 1]}
    assert handled_by == {"a", "b"}, f"the workers did not interleave: {order}"  # else nothing was shared
    for text, in_tracker, before in seen:
        assert in_tracker == before, f"{text} was handled on a stale tracker"
    # the database holds every message once, in the lock's order, as Rasa's own store reads it
    reference = rasa_retrieve(db_url, sender)
    assert [event.text for event in reference.events if event.type_name == "user"] == order
    assert reference.get_slot("severity") == order[-1]
    assert stored_rows(db_url, sender) == len(reference.events)
    for store in stores:
        assert dicts(asyncio.run(store.retrieve(sender))) == dicts(reference)


def test_without_the_freshness_check_the_same_workers_do_see_stale_trackers(worker, db_url, lock_stores, monkeypatch):
    original = CachedSQLTrackerStore._fresh_events

    def trusting(self, session, sender_id):  # answers from the cache without asking the database
        cached = self.event_cache.get(sender_id)
        return cached if cached is not None else original(self, session, sender_id)

    monkeypatch.setattr(CachedSQLTrackerStore, "_fresh_events", trusting)
    stores = [worker(), worker()]
    _order, seen = handle_concurrently(stores, lock_stores, f"visitor-{uuid.uuid4().hex[:8]}")
    assert any(in_tracker != before for _text, in_tracker, before in seen)
