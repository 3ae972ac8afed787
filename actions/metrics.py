"""Prometheus metrics of the action server, served at `GET /metrics` (actions.server).

`record_action_call` reads one `/webhook` call and its result: which action ran,
the project's fallback (action_handle_fallback) by the kind of miss, and saved
handoffs (action_submit_handoff setting `handoff_reference`: created when the
conversation had none yet, updated otherwise). Labels are action names of this
package, channel names and fixed words; never a text or a sender id.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from prometheus_client import Counter, generate_latest

from bot.metrics import new_registry

ACTIONS_PACKAGE = "actions"
FALLBACK_ACTION = "action_handle_fallback"
SUBMIT_HANDOFF_ACTION = "action_submit_handoff"
CHANNELS = ("rest", "socketio")
# the actions whose answer is read (the others' answers are not parsed)
RESULT_READ_FOR = frozenset({SUBMIT_HANDOFF_ACTION})

REGISTRY = new_registry()

ACTION_CALLS = Counter(
    "iop_action_calls", "Action server calls, by action ('other': no such action).", ["action"], registry=REGISTRY
)
FALLBACKS = Counter(
    "iop_action_fallbacks",
    "Fallback replies (action_handle_fallback), by channel and kind of miss "
    "(nlu_fallback: NLU unsure; out_of_scope; core: no confident next action).",
    ["channel", "kind"],
    registry=REGISTRY,
)
HANDOFFS_SAVED = Counter(
    "iop_handoffs_saved", "Handoffs stored by the assistant, created or updated.", ["kind"], registry=REGISTRY
)
for _channel in CHANNELS:
    for _kind in ("nlu_fallback", "out_of_scope", "core"):
        FALLBACKS.labels(_channel, _kind)
for _kind in ("created", "updated"):
    HANDOFFS_SAVED.labels(_kind)


@lru_cache(maxsize=1)
def known_actions() -> frozenset[str]:
    """Names of this package's actions: the only action names used as labels."""
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package(ACTIONS_PACKAGE)
    return frozenset(executor.actions)


def _fallback_kind(intent: Any) -> str:
    return intent if intent in ("nlu_fallback", "out_of_scope") else "core"


def record_action_call(call: Any, result: Mapping[str, Any] | None) -> None:
    """Count one `/webhook` call; `result` is its JSON answer (None when it failed)."""
    if not isinstance(call, Mapping):
        return
    action = call.get("next_action")
    ACTION_CALLS.labels(action if action in known_actions() else "other").inc()
    if result is None:
        return
    given = call.get("tracker")
    tracker: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    if action == FALLBACK_ACTION:
        channel = tracker.get("latest_input_channel")
        latest = tracker.get("latest_message") or {}
        intent = (latest.get("intent") or {}).get("name") if isinstance(latest, Mapping) else None
        FALLBACKS.labels(channel if channel in CHANNELS else "other", _fallback_kind(intent)).inc()
    elif action == SUBMIT_HANDOFF_ACTION:
        saved = any(
            isinstance(event, Mapping)
            and event.get("event") == "slot"
            and event.get("name") == "handoff_reference"
            and event.get("value")
            for event in result.get("events") or ()
        )
        if saved:
            had_one = bool((tracker.get("slots") or {}).get("handoff_reference"))
            HANDOFFS_SAVED.labels("updated" if had_one else "created").inc()


def render() -> bytes:
    return generate_latest(REGISTRY)
