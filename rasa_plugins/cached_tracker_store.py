"""Rasa's SQL tracker store, at a cost per message that does not grow with the conversation.

Rasa 3.6's `SQLTrackerStore` loads every event of the session and rebuilds ORM
objects for each message, counts the stored events with a `count()` query
before each save and flushes the new ones through the ORM; and SQLAlchemy 1.4
gives a SQLite file no connection pool, so every message opened and closed
several connections. `CachedSQLTrackerStore` keeps Rasa's table, its
sessions rule and its trackers, and changes how it reads and writes:

* Each conversation's stored events (the rows of its latest session, as JSON
  text) are kept in the process, in a least-recently-used cache bounded by
  their total size (`EventCache`).
* Before it is used, a cached conversation is checked against the database
  with one indexed query: the highest event id of the sender (an index on
  `(sender_id, id)`, created at start-up if missing). Only the rows after the
  cached last id are fetched, so another worker's writes are always seen.
* `save()` inserts only the events after the stored ones, with Core inserts,
  and adds them to the cache once the transaction has committed.
* With the rows, the cache keeps the conversation's tracker as Rasa's
  `DialogueStateTracker.from_dict` builds it from them (the "template"),
  brought up to date by decoding and applying only the rows added since
  (`from_dict` is those same `update()` calls, in the same order). It is rebuilt
  from every row when a new session drops rows or the domain changes (a new
  model). `retrieve()` hands out a copy (`featurise_once.fork_tracker`) that
  shares the template's `Event` objects and copies everything a message
  changes in place, so a message, saved or not, never changes the template;
  its featurisation goes on from the template's replay.
* SQLite files get a `QueuePool`; PostgreSQL keeps the `QueuePool` Rasa gives
  it (`SQL_POOL_SIZE`, `SQL_MAX_OVERFLOW`).

Why a check at read time is enough with several workers: the lock store
(Redis when several workers run) serialises the messages of one conversation
across workers, so while a worker handles a message no other worker writes
that conversation, and whatever was written before is committed and has a
higher id than the cached last id. Without that lock, two workers writing
the same conversation at once would interleave ids, and Rasa's own store has
the same race between its `count()` and its insert. Rows are only ever
appended (nothing in the project deletes or updates tracker events); if a
conversation's highest id goes down, its cache entry is dropped and reloaded.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any, cast

import sqlalchemy as sa
import sqlalchemy.exc
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.pool import QueuePool

from rasa_plugins.featurise_once import fork_tracker

logger = logging.getLogger(__name__)

SENDER_ID_INDEX = "ix_events_sender_id_id"
# Rasa creates the table and only an index on sender_id; IF NOT EXISTS works on SQLite and PostgreSQL
_CREATE_INDEX = f"CREATE INDEX IF NOT EXISTS {SENDER_ID_INDEX} ON events (sender_id, id)"

Row = tuple[float | None, str]  # an event's timestamp and its JSON text


class ConversationEvents:
    """The stored events of one conversation's latest session, up to `last_id`.

    Rasa's rule for the latest session: the events whose timestamp is at least
    the latest `SessionStarted` timestamp, or every event if there is none.
    That timestamp only grows as events are appended, so rows once dropped
    never come back, and `add()` can filter what it holds.
    """

    __slots__ = ("applied", "domain", "last_id", "rows", "session_start", "size", "tracker")

    def __init__(self) -> None:
        self.last_id: int | None = None
        self.session_start: float | None = None
        self.rows: list[Row] = []
        self.size = 0  # characters of JSON held
        # the template tracker built from rows[:applied], with the domain whose slots it has
        self.tracker: DialogueStateTracker | None = None
        self.applied = 0
        self.domain: Any = None

    def tracker_for(self, sender_id: str, domain: Any) -> DialogueStateTracker | None:
        """Rasa's `from_dict` tracker of the rows, kept and fed only the rows
        added since; None without rows. Not to be changed: see `fork_tracker`."""
        if not self.rows:
            return None
        if self.tracker is None or self.domain is not domain:
            self.tracker = DialogueStateTracker.from_dict(
                sender_id, [json.loads(data) for _, data in self.rows], domain.slots
            )
        else:
            for event in deserialise_events([json.loads(data) for _, data in self.rows[self.applied :]]):
                self.tracker.update(event)
        self.applied, self.domain = len(self.rows), domain
        return self.tracker

    def add(self, rows: Iterable[tuple[str, float | None, str]], last_id: int | None) -> None:
        """Append rows (type name, timestamp, JSON) given in id order; `last_id` is the last one's."""
        start = self.session_start
        for type_name, timestamp, data in rows:
            if type_name == SessionStarted.type_name and timestamp is not None:
                start = timestamp if start is None else max(start, timestamp)
            self.rows.append((timestamp, data))
        if start is not None and start != self.session_start:
            # SQL's `timestamp >= start` is not true for a NULL timestamp either
            self.rows = [row for row in self.rows if row[0] is not None and row[0] >= start]
            self.tracker = None  # rows went: built again from the new session's rows
        if start is not None:
            self.session_start = start
        self.last_id = last_id
        self.size = sum(len(data) for _, data in self.rows)


class EventCache:
    """Least-recently-used `ConversationEvents` by sender id, bounded by their
    total characters of JSON. The Rasa server handles messages on one event
    loop thread, so there is no lock here."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self._entries: OrderedDict[str, ConversationEvents] = OrderedDict()
        self._sizes: dict = {}
        self._total = 0

    def get(self, sender_id: str) -> ConversationEvents | None:
        entry = self._entries.get(sender_id)
        if entry is not None:
            self._entries.move_to_end(sender_id)
        return entry

    def put(self, sender_id: str, entry: ConversationEvents) -> None:
        """Store (or re-account after a change) `entry`, evicting the least recently used."""
        self.pop(sender_id)
        self._entries[sender_id] = entry
        self._sizes[sender_id] = entry.size
        self._total += entry.size
        while self._total > self.max_chars and self._entries:
            self.pop(next(iter(self._entries)))

    def pop(self, sender_id: str) -> None:
        if self._entries.pop(sender_id, None) is not None:
            self._total -= self._sizes.pop(sender_id)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def total_chars(self) -> int:
        return self._total


def pooled_engine(engine: Any) -> Any:
    """`engine`, or for a SQLite file a new engine on the same URL with a
    `QueuePool`: SQLAlchemy 1.4 gives SQLite files a `NullPool`, so every
    session opened a connection and every close checkpointed the WAL."""
    url = engine.url
    if engine.dialect.name != "sqlite" or url.database in (None, "", ":memory:"):
        return engine  # PostgreSQL: Rasa's QueuePool; in-memory SQLite: one connection per thread
    engine.dispose()
    # pooled connections move between threads (a test's or a server's); the pool never shares one at a time
    return sa.create_engine(url, poolclass=QueuePool, connect_args={"check_same_thread": False})


class CachedSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` with a per-process cache of each conversation's events
    (see the module docstring for why it stays correct with several workers)."""

    # about 27 conversations of 60 messages (300 K characters each). With the kept tracker and
    # its replay a conversation holds about 6 bytes per character of JSON (1.9 MB at 60 messages,
    # measured with tracemalloc): about 50 MB when full. An evicted conversation is read again
    # from the database, whole, at its next message.
    CACHE_MAX_CHARS = 8 * 1024 * 1024
    INSERT_BATCH = 100  # rows per INSERT: well under SQLite's limit on bound parameters

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engine = pooled_engine(cast(Any, self).engine)  # Rasa's attribute is untyped
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.event_cache = EventCache(self.CACHE_MAX_CHARS)
        self._create_sender_index()

    def _create_sender_index(self) -> None:
        try:
            with self.engine.begin() as connection:
                connection.execute(sa.text(_CREATE_INDEX))
        except (sqlalchemy.exc.ProgrammingError, sqlalchemy.exc.IntegrityError) as error:
            # workers starting together on PostgreSQL: another one created it first
            logger.warning("tracker store: index %s not created here (%s)", SENDER_ID_INDEX, type(error).__name__)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The tracker of the latest session, as Rasa's `retrieve`, from the cache once fresh."""
        with self.session_scope() as session:
            stored = self._fresh_events(session, sender_id)
        if not self.domain:
            return None
        template = stored.tracker_for(sender_id, self.domain)
        return fork_tracker(template) if template is not None else None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Insert the tracker's events after the stored ones (Rasa's rule, without its `count()`)."""
        await self.stream_events(tracker)
        table = self.SQLEvent.__table__
        with self.session_scope() as session:
            stored = self._fresh_events(session, tracker.sender_id)
            added = [(event.type_name, event.as_dict()) for event in list(tracker.events)[len(stored.rows) :]]
            rows = [
                {
                    "sender_id": tracker.sender_id,
                    "type_name": type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                }
                for type_name, data in added
            ]
            last_id = stored.last_id
            # one multi-row INSERT per batch (one round trip), in the tracker's order
            for start in range(0, len(rows), self.INSERT_BATCH):
                statement = table.insert().values(rows[start : start + self.INSERT_BATCH])
                if self.engine.dialect.full_returning:  # PostgreSQL
                    last_id = max(session.execute(statement.returning(table.c.id)).scalars())
                else:  # SQLite (no RETURNING in SQLAlchemy 1.4): the same transaction sees its rows
                    session.execute(statement)
                    last_id = session.execute(self._latest_id(tracker.sender_id)).scalar()
            session.commit()
        if rows:  # only once committed: a failed save leaves the cache as the database is
            stored.add(((row["type_name"], row["timestamp"], row["data"]) for row in rows), last_id=last_id)
            self.event_cache.put(tracker.sender_id, stored)
        logger.debug("Tracker with sender_id '%s' stored to database", tracker.sender_id)

    def _latest_id(self, sender_id: str) -> Any:
        # an index-only lookup on (sender_id, id) on SQLite and PostgreSQL
        return sa.select(sa.func.max(self.SQLEvent.id)).where(self.SQLEvent.sender_id == sender_id)

    def _fresh_events(self, session: Any, sender_id: str) -> ConversationEvents:
        """The conversation's stored events, brought up to date with one indexed
        query for its highest id, and the rows after the cached one if it moved."""
        events = self.SQLEvent
        latest = session.execute(self._latest_id(sender_id)).scalar()
        cached = self.event_cache.get(sender_id)
        if latest is None:
            self.event_cache.pop(sender_id)
            return ConversationEvents()
        if cached is not None and cached.last_id == latest:
            return cached
        query = sa.select(events.type_name, events.timestamp, events.data).where(
            events.sender_id == sender_id, events.id <= latest
        )
        if cached is None or cached.last_id is None or latest < cached.last_id:
            cached = ConversationEvents()
            start = session.execute(
                sa.select(sa.func.max(events.timestamp)).where(
                    events.sender_id == sender_id, events.type_name == SessionStarted.type_name
                )
            ).scalar()
            if start is not None:  # as Rasa's query: only the latest session
                query = query.where(events.timestamp >= start)
        else:
            query = query.where(events.id > cached.last_id)
        cached.add(session.execute(query.order_by(events.id)).all(), last_id=latest)
        self.event_cache.put(sender_id, cached)
        return cached
