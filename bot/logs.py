"""Log format and redaction for every process (`LOG_FORMAT`: plain or json).

`configure_logging(settings, process_name)` puts one stderr handler on the root
logger: today's plain lines, or with LOG_FORMAT=json one JSON object per line
(`JsonFormatter`: time in ISO 8601 UTC, level, logger, message, process, and
the id of the HTTP request or conversation turn being handled, read from the
`request_id` contextvar). Every handler it sets up also carries `RedactFilter`,
which replaces e-mail addresses and phone numbers in any record: log calls
never pass message texts or contact details, this catches the one that would.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import uuid
from datetime import datetime, timezone
from typing import Any

import phonenumbers

from bot.settings import Settings

PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# The id of the request (web app, action server) or conversation turn (Rasa)
# this code runs for; set per request/turn, read by JsonFormatter.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# An incoming X-Request-ID is kept only if it is this short and plain: it ends
# up in log lines and a response header.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

# Conservative on purpose: anything shaped like an address is redacted, valid or not.
EMAIL = re.compile(r"[^\s@<>()\[\]{},;:\"']+@[^\s@<>()\[\]{},;:\"']+\.[A-Za-z]{2,}")
# Loggers Sanic configures with their own handlers (not propagating to root).
SANIC_LOGGERS = ("sanic.root", "sanic.error", "sanic.access")


def new_request_id() -> str:
    return uuid.uuid4().hex


def choose_request_id(incoming: str | None) -> str:
    """The caller's id if it is safe to log and echo, else a new one."""
    if incoming and SAFE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return new_request_id()


def redact(text: str) -> str:
    """`text` with e-mail addresses and phone numbers replaced."""
    if "@" in text:
        text = EMAIL.sub("[email]", text)
    if not any(ch.isdigit() for ch in text):
        return text
    # libphonenumber's matcher (as bot.handoff.contact uses): valid numbers only,
    # so ports, exit codes and counts stay readable.
    matches = list(phonenumbers.PhoneNumberMatcher(text, "US"))
    for match in reversed(matches):
        text = text[: match.start] + "[phone]" + text[match.end :]
    return text


class RedactFilter(logging.Filter):
    """Redacts contact details from the message (and its arguments) of any record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string: logging reports it
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def __init__(self, process_name: str) -> None:
        super().__init__()
        self.process_name = process_name

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": self.process_name,
            "request_id": request_id.get(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def _formatter(settings: Settings, process_name: str) -> logging.Formatter:
    if settings.log_format == "json":
        return JsonFormatter(process_name)
    return logging.Formatter(PLAIN_FORMAT)


def configure_logging(settings: Settings, process_name: str, *, keep_plain_handlers: bool = False) -> None:
    """Set up the process's logging as LOG_FORMAT says.

    `keep_plain_handlers`: in plain mode leave the handlers a framework set up
    (Rasa's, rasa_sdk's coloured ones) and only add redaction to them.
    Sanic's own loggers get the same formatter and filter.
    """
    root = logging.getLogger()
    if settings.log_format == "plain" and keep_plain_handlers:
        handlers = list(root.handlers)
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_formatter(settings, process_name))
        root.handlers[:] = [handler]
        root.setLevel(logging.INFO)
        handlers = [handler]
    for name in SANIC_LOGGERS:
        for sanic_handler in logging.getLogger(name).handlers:
            if settings.log_format == "json":
                sanic_handler.setFormatter(JsonFormatter(process_name))
            handlers.append(sanic_handler)
    for each in handlers:
        if not any(isinstance(f, RedactFilter) for f in each.filters):
            each.addFilter(RedactFilter())
