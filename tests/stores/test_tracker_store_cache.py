"""The tracker store's event cache (rasa_plugins/cached_tracker_store.py): two
workers sharing a conversation never see a stale tracker, saves insert only new
events, the latest-session rule is Rasa's, and SQLite gets a connection pool.
Every database test runs on SQLite and PostgreSQL; Rasa's own SQLTrackerStore on
the same database is the reference."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    EntitiesAdded,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import EventVerbosity
from sqlalchemy.pool import QueuePool

from rasa_plugins.cached_tracker_store import SENDER_ID_INDEX, ConversationEvents, EventCache
from rasa_plugins.stores import EnvSQLTrackerStore, StoreUnavailable, sql_tracker_store_kwargs

DOMAIN = Domain.from_dict(
    {
        "intents": ["greet", "inform"],
        "slots": {"severity": {"type": "text", "mappings": [{"type": "custom"}]}},
        "responses": {"utter_greet": [{"text": "Hello"}]},
    }
)


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture
def worker(db_url, monkeypatch):
    """Makes stores on one database, as separate Rasa workers would have."""
    monkeypatch.setenv("TRACKER_STORE_URL", db_url)
    stores = []

    def make() -> EnvSQLTrackerStore:
        store = EnvSQLTrackerStore(domain=DOMAIN)
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.engine.dispose()


def rasa_retrieve(db_url: str, sender: str):
    """The tracker as Rasa's own SQLTrackerStore reads it from the database."""
    store = SQLTrackerStore(domain=DOMAIN, **sql_tracker_store_kwargs(db_url))
    try:
        return run(store.retrieve(sender))
    finally:
        store.engine.dispose()


def one_message(tracker, text: str, severity: str) -> None:
    tracker.update(UserUttered(text, {"name": "inform", "confidence": 0.9}, parse_data={"text": text}))
    tracker.update(SlotSet("severity", severity))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(BotUttered("Hello"))
    tracker.update(ActionExecuted("action_listen"))


def dicts(tracker) -> list:
    return [event.as_dict() for event in tracker.events]


def stored_rows(db_url: str, sender: str) -> int:
    engine = sa.create_engine(db_url, future=True)
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}
            ).scalar_one()
    finally:
        engine.dispose()


def test_two_workers_sharing_a_conversation_never_see_a_stale_tracker(worker, db_url):
    first, second = worker(), worker()
    tracker = run(first.get_or_create_tracker("visitor"))
    one_message(tracker, "hi", "mild")
    run(first.save(tracker))
    assert first.event_cache.get("visitor") is not None  # the first worker now answers from its cache

    # the second worker sees what the first saved
    seen_by_second = run(second.retrieve("visitor"))
    assert dicts(seen_by_second) == dicts(tracker)
    one_message(seen_by_second, "and again", "severe")
    run(second.save(seen_by_second))

    # the first worker's cache is behind the database: it must not answer with it
    seen_by_first = run(first.retrieve("visitor"))
    assert dicts(seen_by_first) == dicts(seen_by_second)
    assert seen_by_first.get_slot("severity") == "severe"
    one_message(seen_by_first, "third", "moderate")
    run(first.save(seen_by_first))

    assert dicts(run(second.retrieve("visitor"))) == dicts(seen_by_first)
    reference = rasa_retrieve(db_url, "visitor")
    assert dicts(reference) == dicts(seen_by_first)
    assert stored_rows(db_url, "visitor") == len(seen_by_first.events)  # nothing stored twice


def test_saves_insert_only_the_new_events(worker, db_url):
    store = worker()
    tracker = run(store.get_or_create_tracker("visitor"))
    for number in range(5):
        one_message(tracker, f"message {number}", "mild")
        run(store.save(tracker))
        run(store.save(tracker))  # saving an unchanged tracker adds nothing
        assert stored_rows(db_url, "visitor") == len(tracker.events)
    assert dicts(run(worker().retrieve("visitor"))) == dicts(tracker)


def test_only_the_latest_session_is_returned_as_rasa_does(worker, db_url):
    store = worker()
    tracker = run(store.get_or_create_tracker("visitor"))
    one_message(tracker, "first session", "mild")
    run(store.save(tracker))
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    run(store.save(tracker))
    assert stored_rows(db_url, "visitor") == len(tracker.events)

    cached = run(store.retrieve("visitor"))
    fresh = run(worker().retrieve("visitor"))  # a cold cache loads from the database
    reference = rasa_retrieve(db_url, "visitor")
    assert dicts(cached) == dicts(fresh) == dicts(reference)
    assert [event.type_name for event in cached.events] == ["session_started", "action"]

    # the next message is counted against the new session, as Rasa's count() did
    one_message(cached, "second session", "severe")
    run(store.save(cached))
    assert dicts(rasa_retrieve(db_url, "visitor")) == dicts(cached)
    assert stored_rows(db_url, "visitor") == len(tracker.events) + 5


def test_a_failed_save_is_a_store_unavailable_and_leaves_the_cache_true(worker, db_url, monkeypatch):
    store = worker()
    tracker = run(store.get_or_create_tracker("visitor"))
    one_message(tracker, "kept", "mild")

    def refuse(self) -> None:
        raise sa.exc.OperationalError("COMMIT", {"text": "secret"}, Exception("server closed the connection"))

    with monkeypatch.context() as patch:
        patch.setattr(sa.orm.Session, "commit", refuse)
        with pytest.raises(StoreUnavailable) as error:
            run(store.save(tracker))
    assert "secret" not in str(error.value) and error.value.__cause__ is None
    assert stored_rows(db_url, "visitor") == 1  # the action_listen get_or_create_tracker saved
    assert len(store.event_cache.get("visitor").rows) == 1

    run(store.save(tracker))  # the retry stores the message once
    assert stored_rows(db_url, "visitor") == len(tracker.events)
    assert dicts(run(store.retrieve("visitor"))) == dicts(tracker)


def test_the_sender_index_exists_and_creating_it_again_is_harmless(worker, db_url):
    first = worker()
    worker()  # a second worker starting on the same database
    indexes = {index["name"]: index["column_names"] for index in sa.inspect(first.engine).get_indexes("events")}
    assert indexes[SENDER_ID_INDEX] == ["sender_id", "id"]


def test_sqlite_keeps_its_connections_in_a_pool(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    store = EnvSQLTrackerStore(domain=DOMAIN)
    assert isinstance(store.engine.pool, QueuePool)
    connects = []
    sa.event.listen(store.engine, "connect", lambda *_: connects.append(1))
    tracker = run(store.get_or_create_tracker("visitor"))
    for number in range(10):
        one_message(tracker, f"message {number}", "mild")
        run(store.save(tracker))
        tracker = run(store.retrieve("visitor"))
    assert len(connects) == 1  # one connection for 21 reads and writes: no reconnect, no WAL checkpoint
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    store.engine.dispose()


def test_the_cache_evicts_the_least_recently_used_conversation_beyond_its_size():
    def entry(chars: int) -> ConversationEvents:
        events = ConversationEvents()
        events.add([("user", 1.0, "x" * chars)], last_id=1)
        return events

    cache = EventCache(max_chars=250)
    cache.put("a", entry(100))
    cache.put("b", entry(100))
    assert cache.get("a") is not None  # "a" is now the most recently used
    cache.put("c", entry(100))
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("c") is not None
    assert cache.total_chars == 200
    cache.put("huge", entry(1000))  # larger than the whole cache: not kept
    assert cache.get("huge") is None and cache.total_chars <= 250


def test_a_new_session_drops_the_earlier_rows_from_the_cache():
    events = ConversationEvents()
    events.add([("action", 1.0, "a"), ("user", None, "b"), ("user", 2.0, "c")], last_id=3)
    assert len(events.rows) == 3  # no session start yet: every row, as Rasa
    events.add([("session_started", 5.0, "d"), ("action", 5.0, "e"), ("user", 4.0, "f")], last_id=9)
    assert [data for _, data in events.rows] == ["d", "e"] and events.last_id == 9 and events.size == 2


def state(tracker) -> dict:
    """Everything a message reads from a tracker: its events and the state they left."""
    return {**tracker.current_state(EventVerbosity.ALL), "slots": tracker.current_slot_values()}


def test_a_cached_conversation_decodes_only_its_new_events(worker, db_url, monkeypatch):
    store = worker()
    tracker = run(store.get_or_create_tracker("visitor"))
    for number in range(10):
        one_message(tracker, f"message {number}", "mild")
    run(store.save(tracker))
    tracker = run(store.retrieve("visitor"))
    one_message(tracker, "one more", "severe")
    run(store.save(tracker))

    decoded = []
    original = Event.from_parameters

    def counting(cls, parameters, default=None):
        decoded.append(parameters.get("event"))
        return original(parameters, default)

    monkeypatch.setattr(Event, "from_parameters", classmethod(counting))
    cached = run(store.retrieve("visitor"))
    assert decoded == ["user", "slot", "action", "bot", "action"]  # the last message only, not all 56 events
    assert state(cached) == state(rasa_retrieve(db_url, "visitor"))


def test_a_handed_out_tracker_can_be_changed_without_changing_the_next_one(worker, db_url):
    store = worker()
    tracker = run(store.get_or_create_tracker("visitor"))
    one_message(tracker, "hi", "mild")
    tracker.update(ActiveLoop("assessment_form"))
    tracker.update(ActionExecuted("action_listen"))
    run(store.save(tracker))
    before = state(rasa_retrieve(db_url, "visitor"))

    # a message changes its tracker in every way Rasa does, in place too, and is not saved
    changed = run(store.retrieve("visitor"))
    assert state(changed) == before
    changed.update(EntitiesAdded([{"entity": "severity", "value": "severe"}]))  # appends to latest_message
    changed.update(DefinePrevUserUtteredFeaturization(True))  # edits latest_message
    changed.update(ActionExecutionRejected("assessment_form"))  # edits active_loop
    changed.slots["severity"].value = "edited in place"
    changed.latest_action["action_name"] = "edited"
    changed.update(SlotSet("severity", "severe"))
    changed.update(Restarted())
    changed.model_id = "a model"

    again = run(store.retrieve("visitor"))
    assert state(again) == before
    assert again.latest_message.entities == [] and again.active_loop.rejected is False
    assert again.model_id is None


def test_the_cached_tracker_is_the_one_rasa_builds_across_restarts_and_sessions(worker, db_url):
    store = worker()
    tracker = run(store.get_or_create_tracker("visitor"))
    steps = [
        lambda t: one_message(t, "hi", "mild"),
        lambda t: (t.update(ActiveLoop("assessment_form")), one_message(t, "in the form", "moderate")),
        lambda t: (t.update(ActionExecutionRejected("assessment_form")), t.update(ActiveLoop(None))),
        lambda t: (t.update(Restarted()), one_message(t, "after a restart", "severe")),
        lambda t: (t.update(UserUtteranceReverted()), t.update(ActionExecuted("action_listen"))),
        lambda t: (t.update(ActionExecuted("action_session_start")), t.update(SessionStarted())),
        lambda t: one_message(t, "new session", "mild"),
    ]
    for step in steps:
        step(tracker)
        run(store.save(tracker))
        tracker = run(store.retrieve("visitor"))  # from the cache, brought up to date
        assert state(tracker) == state(rasa_retrieve(db_url, "visitor"))
        assert state(tracker) == state(run(worker().retrieve("visitor")))  # a cold cache

    # a new model's domain (Rasa sets it on the store when it loads a model)
    store.domain = Domain.from_dict(
        {**DOMAIN.as_dict(), "slots": {**DOMAIN.as_dict()["slots"], "extra": {"type": "any", "mappings": []}}}
    )
    assert "extra" in run(store.retrieve("visitor")).slots
