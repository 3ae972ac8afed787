"""Tracker store cost per message as a conversation grows, on SQLite and PostgreSQL.

    PYTHONPATH=$PWD .venv/bin/python -m bench.tracker_store [--conversations N]
    run(db_url, conversations) -> list of rows   # what `make bench` calls

Each message is what the Rasa server asks of the tracker store: `retrieve` the
conversation, add one turn's events (the visitor's message with its NLU parse,
two slots, the bot's action and reply, `action_listen`), then `save`. Only
`retrieve` and `save` are timed. Every store plays the same conversations of
60 messages, and the figures are medians over them for messages 1-5 and 56-60,
with their ratio (1.0: the cost does not grow with the conversation). Beside
them, the time Rasa's `DialogueStateTracker.from_dict` alone takes to rebuild
the same tracker from its events' dicts: every SQL store pays it on retrieve,
and it grows with the session.

Stores compared, each on a fresh database:
* `rasa`: Rasa 3.6's `SQLTrackerStore` as it comes.
* `rasa+wal` (SQLite only): the same with WAL, the project's store before its cache.
* `project`: `EnvSQLTrackerStore` (cache, inserts of new events only, pool).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from rasa_plugins.stores import EnvSQLTrackerStore, _use_sqlite_wal, sql_tracker_store_kwargs

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_BASE_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
MESSAGES = 60
FIRST, LAST = range(5), range(MESSAGES - 5, MESSAGES)  # messages 1-5 and 56-60
INTENTS = [f"intent_{number}" for number in range(12)]


def turn(number: int) -> list:
    """One message's events, about the size the assistant writes (about 4 KB of JSON)."""
    ranking = [{"name": name, "confidence": 1 / (rank + 2)} for rank, name in enumerate(INTENTS)]
    user_text = f"message {number}: how long does an intensive outpatient program last for me"
    parse = {
        "text": user_text,
        "intent": ranking[0],
        "entities": [],
        "intent_ranking": ranking,
        "response_selector": {
            "all_retrieval_intents": ["faq"],
            "faq": {
                "response": {"responses": [{"text": "An IOP usually lasts 6 to 12 weeks. " * 4}], "confidence": 0.8},
                "ranking": [{"intent_response_key": f"faq/q{rank}", "confidence": 0.05} for rank in range(10)],
            },
        },
    }
    return [
        UserUttered(user_text, ranking[0], parse_data=parse),
        SlotSet("loved_one_relation", f"relation {number}"),
        SlotSet("safety_risk", False),
        ActionExecuted("utter_iop_length"),
        BotUttered("Most programs run 6 to 12 weeks, a few hours a day, three to five days a week. " * 3),
        ActionExecuted("action_listen"),
    ]


async def _play(store: Any, conversations: int) -> tuple[list[list[float]], list[list[float]]]:
    """Seconds of retrieve + save for each message of each conversation, and of
    rebuilding the retrieved tracker from its events' dicts alone (Rasa's
    `DialogueStateTracker.from_dict`, part of every SQL store's retrieve)."""
    timings, rebuilds = [], []
    for _ in range(conversations):
        sender = uuid.uuid4().hex
        await store.get_or_create_tracker(sender)
        seconds, rebuild = [], []
        for number in range(MESSAGES):
            events = turn(number)
            started = time.perf_counter()
            tracker = await store.retrieve(sender)
            seconds.append(time.perf_counter() - started)
            dicts = [event.as_dict() for event in tracker.events]
            started = time.perf_counter()
            DialogueStateTracker.from_dict(sender, dicts, store.domain.slots)
            rebuild.append(time.perf_counter() - started)
            for event in events:
                tracker.update(event)
            started = time.perf_counter()
            await store.save(tracker)
            seconds[-1] += time.perf_counter() - started
        timings.append(seconds)
        rebuilds.append(rebuild)
    return timings, rebuilds


def _medians(timings: list[list[float]], messages: range) -> float:
    return statistics.median(t for seconds in timings for i, t in enumerate(seconds) if i in messages) * 1000


def _summary(name: str, played: tuple[list[list[float]], list[list[float]]]) -> dict:
    timings, rebuilds = played
    first, last = _medians(timings, FIRST), _medians(timings, LAST)
    return {
        "store": name,
        "msg 1-5 ms": first,
        "msg 56-60 ms": last,
        "ratio": last / first,
        "rebuild 1-5 ms": _medians(rebuilds, FIRST),
        "rebuild 56-60 ms": _medians(rebuilds, LAST),
    }


def _stores(db_url: str, domain: Domain) -> list[tuple[str, Any]]:
    def rasa(wal: bool = False) -> SQLTrackerStore:
        store = SQLTrackerStore(domain=domain, **sql_tracker_store_kwargs(db_url))
        if wal:
            _use_sqlite_wal(store.engine)
        return store

    def project() -> EnvSQLTrackerStore:
        before = os.environ.get("TRACKER_STORE_URL")
        os.environ["TRACKER_STORE_URL"] = db_url  # the store reads its URL from the environment
        try:
            return EnvSQLTrackerStore(domain=domain)
        finally:
            if before is None:
                del os.environ["TRACKER_STORE_URL"]
            else:
                os.environ["TRACKER_STORE_URL"] = before

    makers: list[tuple[str, Any]] = [("rasa", rasa)]
    if db_url.startswith("sqlite"):
        makers.append(("rasa+wal", lambda: rasa(wal=True)))
    makers.append(("project", project))
    return makers


def run(db_url: str, conversations: int = 5) -> list[dict]:
    """Each store on a fresh `events` table at `db_url` (a SQLite file or a PostgreSQL schema)."""
    domain = Domain.load(ROOT / "domain.yml")
    rows = []
    for name, make in _stores(db_url, domain):
        _drop_events(db_url)
        store = make()
        try:
            rows.append(_summary(name, asyncio.run(_play(store, conversations))))
        finally:
            store.engine.dispose()
    _drop_events(db_url)
    return rows


def _drop_events(db_url: str) -> None:
    engine = create_engine(db_url, future=True)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS events"))
    engine.dispose()


def _print(database: str, rows: list[dict]) -> None:
    print(f"{database}: retrieve + save per message, medians", flush=True)
    for row in rows:
        print(
            f"  {row['store']:<9} msg 1-5 {row['msg 1-5 ms']:6.2f} ms   msg 56-60 {row['msg 56-60 ms']:6.2f} ms"
            f"   56-60 / 1-5 {row['ratio']:.2f}x   (from_dict alone: {row['rebuild 1-5 ms']:.2f} -> "
            f"{row['rebuild 56-60 ms']:.2f} ms)",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    conversations = int(args[args.index("--conversations") + 1]) if "--conversations" in args else 5
    with tempfile.TemporaryDirectory() as directory:
        _print("SQLite", run(f"sqlite:///{Path(directory) / 'tracker.db'}", conversations))
    schema = f"bench_tracker_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_BASE_URL, future=True)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        _print("PostgreSQL", run(f"{POSTGRES_BASE_URL}?options=-csearch_path%3D{schema}", conversations))
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
