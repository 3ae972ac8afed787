"""Small time helpers shared by the handoff modules (all times are UTC)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def from_epoch(seconds: float) -> datetime:
    """A Rasa event timestamp (seconds since the epoch) as an aware UTC datetime."""
    return datetime.fromtimestamp(float(seconds), tz=timezone.utc)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with milliseconds, e.g. "2025-11-26T17:30:02.120+00:00"."""
    if value is None:
        return None
    return value.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def parse_iso(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def human_utc(value: datetime) -> str:
    """ "2025-11-26 17:30 UTC": for people reading an email or the inbox."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def format_age(then: datetime, now: datetime) -> str:
    """How long ago, compactly: "just now", "12 min", "3 h", "5 d"."""
    delta: timedelta = now - then
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"
