"""Which "/..." messages count as commands rather than plain words.

Rules:
* Only the payloads of the buttons in the assistant's messages since the
  visitor's last message count: a button from an earlier turn is stale (a
  replayed time-of-day choice once set a slot after its question had passed),
  so its payload is passed on as plain text.
* At the start of a conversation (before the visitor's first message) the
  opening payloads count too, so that clients that open with one, such as
  rasa-webchat's default `initPayload: "/greet"`, get the greeting. None of
  them sets a slot or skips a question.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

OPENING_PAYLOADS: frozenset[str] = frozenset({"/greet"})

# ("start", None) for a new session or restart, ("user", None) for a visitor
# message, ("bot", data) for an assistant message with its buttons in `data`.
Event = tuple[str, Mapping[str, Any] | None]


def _payloads(data: Mapping[str, Any]) -> Iterable[str]:
    for key in ("buttons", "quick_replies"):
        for button in data.get(key) or []:
            payload = button.get("payload") if isinstance(button, Mapping) else None
            if isinstance(payload, str):
                yield payload.strip()


def allowed_commands(events: Iterable[Event]) -> frozenset[str]:
    """The payloads a visitor's next "/..." message may be, given the events so far."""
    current: set[str] = set()
    opening = True
    for kind, data in events:
        if kind == "start":
            current.clear()
            opening = True
        elif kind == "user":
            current.clear()
            opening = False
        elif kind == "bot" and data:
            current.update(_payloads(data))
    return frozenset(current | OPENING_PAYLOADS) if opening else frozenset(current)
