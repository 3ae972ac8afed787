"""Reading Rasa's SQL tracker store (TRACKER_STORE_URL) without Rasa.

Rasa 3.6's SQLTrackerStore keeps one row per event in the table `events`:
id (insertion order), sender_id (the conversation), type_name ("user", "bot",
"action", "slot", "active_loop", ...), timestamp (seconds since the epoch),
intent_name, action_name and `data`, the event as JSON. This module declares
only that table, reads it in id order, and hands each conversation's events
to the caller as `Event`s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, select
from sqlalchemy.engine import Engine

_metadata = MetaData()
events = Table(
    "events",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


@dataclass(frozen=True)
class Event:
    id: int
    type_name: str
    timestamp: float
    data: dict[str, Any]


def tracker_engine(url: str) -> Engine:
    # the events hold visitors' words: never quote them in an error
    return create_engine(url, future=True, hide_parameters=True)


def conversations(engine: Engine, since: float | None = None) -> Iterator[tuple[str, list[Event]]]:
    """(sender_id, its events in order) for every conversation with a user
    message at or after `since` (epoch seconds); all its events are read, so
    the rules see what came before and after."""
    query = select(events.c.id, events.c.sender_id, events.c.type_name, events.c.timestamp, events.c.data)
    if since is not None:
        recent = select(events.c.sender_id).where(events.c.type_name == "user", events.c.timestamp >= since).distinct()
        query = query.where(events.c.sender_id.in_(recent))
    query = query.order_by(events.c.sender_id, events.c.id)
    with engine.connect() as conn:
        rows = conn.execution_options(stream_results=True).execute(query)
        for sender_id, group in groupby(rows, key=lambda row: row.sender_id):
            yield sender_id, [Event(row.id, row.type_name, row.timestamp or 0.0, _json(row.data)) for row in group]


def _json(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
