"""Small helpers shared by the actions (rasa_sdk only; no domain logic here)."""

from __future__ import annotations

import threading
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.db import Database
from bot.dialogue.prompts import Prompt
from bot.migrations.check import require_current_schema

_db: Database | None = None
_db_lock = threading.Lock()


def database() -> Database:
    """The action server's one Database (engine + session factory), created lazily.

    The schema is `python -m bot migrate`'s to make: an unmigrated database
    raises SchemaNotCurrent (the server's start-up refuses it before this).
    """
    global _db
    with _db_lock:
        if _db is None:
            db = Database()
            try:
                require_current_schema(db.engine)
            except Exception:
                db.dispose()
                raise
            _db = db
        return _db


def say(dispatcher: CollectingDispatcher, prompt: Prompt) -> None:
    """Send a bot/ Prompt (text + buttons) to the visitor.

    Its offer travels as an extra key, which Rasa keeps in the message's metadata
    (channels ignore it), so a later "yes" or "no" can be read against it.
    """
    extra: dict[str, Any] = {"offer": prompt.offer.as_dict()} if prompt.offer else {}
    if prompt.buttons:
        dispatcher.utter_message(text=prompt.text, buttons=prompt.buttons_as_dicts(), **extra)
    else:
        dispatcher.utter_message(text=prompt.text, **extra)


def _events_since_restart(tracker: Tracker) -> list[dict[str, Any]]:
    events = tracker.events or []
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "restart":
            return events[index + 1 :]
    return list(events)


def user_intents(tracker: Tracker) -> list[str]:
    """Intent names of the visitor's messages, oldest first, since the last restart."""
    names = []
    for event in _events_since_restart(tracker):
        if event.get("event") == "user":
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            names.append(name or "")
    return names


def previous_action(tracker: Tracker) -> str | None:
    """The assistant's last action before the visitor's latest message."""
    events = _events_since_restart(tracker)
    seen_latest_user = False
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            if seen_latest_user:
                return None
            seen_latest_user = True
        elif kind == "action" and seen_latest_user:
            name = event.get("name")
            if name and name != "action_listen":
                return name
    return None


def last_bot_metadata(tracker: Tracker) -> dict[str, Any]:
    """The metadata of the assistant's last message before the visitor's latest one."""
    events = _events_since_restart(tracker)
    latest_user = _latest_user_index(events)
    for event in reversed(events[:latest_user] if latest_user is not None else events):
        if event.get("event") == "bot":
            metadata = event.get("metadata")
            return dict(metadata) if isinstance(metadata, dict) else {}
    return {}


def slots(tracker: Tracker) -> dict[str, Any]:
    return dict(tracker.current_slot_values())


def latest_choice(tracker: Tracker) -> str | None:
    """The `choice` entity of an answer button (/inform{"choice": "..."}), if any."""
    value = next(tracker.get_latest_entity_values("choice"), None)
    return str(value) if value is not None else None


def _latest_user_index(events: list[dict[str, Any]]) -> int | None:
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "user":
            return index
    return None


def is_fresh_answer(tracker: Tracker) -> bool:
    """In a form's validation action: is there a new visitor message to read?

    Rasa runs the validation with a temporary tracker ending in the form's own
    ActionExecuted; the action before it is `action_listen` only when the visitor
    has just replied (not when the form resumes after an FAQ answer).
    """
    actions = [e.get("name") for e in tracker.events or [] if e.get("event") == "action"]
    return len(actions) >= 2 and actions[-2] == "action_listen"


def just_activated(tracker: Tracker, form: str) -> bool:
    """True while `form` is being activated by the visitor's latest message."""
    events = tracker.events or []
    latest_user = _latest_user_index(events)
    start = 0 if latest_user is None else latest_user + 1
    return any(e.get("event") == "active_loop" and e.get("name") == form for e in events[start:])


def is_asking_again(tracker: Tracker, slot: str) -> bool:
    """True when the visitor's last reply to this very question was not understood."""
    if tracker.get_slot(slot) is not None:
        return False
    events = tracker.events or []
    latest_user = _latest_user_index(events)
    if latest_user is None:
        return False
    if any(e.get("event") == "bot" for e in events[latest_user + 1 :]):
        return False  # something else was answered in between (e.g. an FAQ)
    for event in reversed(events[:latest_user]):
        if event.get("event") == "slot" and event.get("name") == "requested_slot":
            return event.get("value") == slot
    return False


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")
