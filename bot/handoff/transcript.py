"""The conversation transcript of a handoff, built from Rasa tracker events.

`transcript_from_events(events)` keeps every visitor ("user") and assistant
("bot") message, in order, with its timestamp, and ignores every other event
(actions, slots, session starts, loops...). A visitor message that was a button
click (a payload such as "/talk_to_person") is shown as the title of the button
the visitor clicked, found in the assistant's earlier messages.

`render_transcript_text(entries)` is the plain-text rendering sent as
`transcript_text` in the webhook payload: it reads well in an email, a Slack
message or a ticket.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from bot.handoff.timeutil import from_epoch, iso, parse_iso

VISITOR = "visitor"
ASSISTANT = "assistant"

SENDER_LABELS = {VISITOR: "Visitor", ASSISTANT: "Assistant"}


@dataclass(frozen=True)
class TranscriptEntry:
    """One message: when, who ("visitor" or "assistant"), what, and any buttons offered."""

    at: datetime
    sender: str
    text: str
    buttons: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.sender not in SENDER_LABELS:
            raise ValueError(f"sender must be 'visitor' or 'assistant', got {self.sender!r}")
        if self.at.tzinfo is None:
            raise ValueError("TranscriptEntry.at must be timezone-aware")

    def to_payload(self) -> dict[str, Any]:
        """The webhook form: {"at", "from", "text", "buttons"}."""
        return {
            "at": iso(self.at),
            "from": self.sender,
            "text": self.text,
            "buttons": list(self.buttons),
        }

    @classmethod
    def from_payload(cls, item: Mapping[str, Any]) -> TranscriptEntry:
        return cls(
            at=parse_iso(item["at"]),
            sender=item["from"],
            text=item.get("text") or "",
            buttons=tuple(item.get("buttons") or ()),
        )


def _button_list(data: Any) -> list[Mapping[str, Any]]:
    """Buttons (and Facebook-style quick replies) of a bot event's `data`."""
    if not isinstance(data, Mapping):
        return []
    buttons: list[Mapping[str, Any]] = []
    for key in ("buttons", "quick_replies"):
        for button in data.get(key) or ():
            if isinstance(button, Mapping) and (button.get("title") or button.get("payload")):
                buttons.append(button)
    return buttons


def _attachment_note(data: Any) -> str:
    if not isinstance(data, Mapping):
        return ""
    if data.get("image"):
        return "[image]"
    if data.get("attachment"):
        return "[attachment]"
    return ""


def _title_for_payload(payload: str, offered: Sequence[Mapping[str, Any]]) -> str | None:
    """The title of the most recently offered button with this payload."""
    wanted = payload.strip()
    for button in reversed(offered):
        if str(button.get("payload") or "").strip() == wanted and button.get("title"):
            return str(button["title"])
    return None


def transcript_from_events(events: Iterable[Mapping[str, Any]]) -> list[TranscriptEntry]:
    """Every visitor and assistant message of a Rasa tracker's events, in order.

    Events without a timestamp take the previous message's time (Rasa always
    sets one; this only keeps hand-made event lists from failing).
    """
    entries: list[TranscriptEntry] = []
    offered: list[Mapping[str, Any]] = []  # buttons offered so far, oldest first
    last_at: datetime | None = None
    for event in events:
        kind = event.get("event")
        if kind not in ("user", "bot"):
            continue
        timestamp = event.get("timestamp")
        if timestamp is not None:
            at = from_epoch(timestamp)
        elif last_at is not None:
            at = last_at
        else:
            at = from_epoch(0)
        last_at = at
        raw_text = event.get("text")
        text = raw_text if isinstance(raw_text, str) else ""
        if kind == "user":
            if text.startswith("/"):
                text = _title_for_payload(text, offered) or text
            if not text.strip():
                continue
            entries.append(TranscriptEntry(at=at, sender=VISITOR, text=text))
        else:
            buttons = _button_list(event.get("data"))
            offered.extend(buttons)
            titles = tuple(str(b.get("title") or b.get("payload")) for b in buttons)
            if not text.strip():
                text = _attachment_note(event.get("data"))
            if not text.strip() and not titles:
                continue
            entries.append(TranscriptEntry(at=at, sender=ASSISTANT, text=text, buttons=titles))
    return entries


def _indent_continuation(text: str, indent: str) -> str:
    lines = text.splitlines() or [""]
    return ("\n" + indent).join(line.rstrip() for line in lines)


def render_transcript_text(entries: Sequence[TranscriptEntry]) -> str:
    """Plain text, one message per paragraph, for email, Slack or a ticket::

    2025-11-26 17:30:02 UTC  Visitor: hi
    2025-11-26 17:30:03 UTC  Assistant: Hello! How can I help?
                             [Find programs] [Talk to a person]
    """
    if not entries:
        return "(no messages)"
    lines: list[str] = []
    for entry in entries:
        stamp = entry.at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        prefix = f"{stamp}  {SENDER_LABELS[entry.sender]}: "
        indent = " " * (len(stamp) + 2)
        body = _indent_continuation(entry.text, indent) if entry.text else ""
        lines.append((prefix + body).rstrip())
        if entry.buttons:
            lines.append(indent + " ".join(f"[{title}]" for title in entry.buttons))
    return "\n".join(lines)
