"""Checks of a chat request's body and fields (both channels, same rules).

Rules:
* A body is at most `max_request_bytes` (default 16 KiB): larger is a 413,
  decided from Content-Length before reading when the client sends one.
* JSON nested deeper than `MAX_DEPTH` (20) is a 400; so is JSON too deep for
  the parser itself (100,000 "[" raised RecursionError, a 500, before).
* Every text field (sender or session id, message, metadata keys and string
  values) must be valid Unicode, that is hold no lone UTF-16 surrogate: one
  made the SQL tracker store raise, and Rasa answered that by exiting the
  process. Control characters such as NUL are valid: the message cleaning
  removes them from the text (`bot.channel.cleaning.clean_visitor_text`) and JSON storage
  escapes them; ids cannot hold them (the id rule).
* A conversation id is 1-128 characters of `A-Z a-z 0-9 _ . : -`: no paths,
  no control or bidi characters, nothing a log or a URL could misread.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 20
MAX_ID_CHARS = 128
ID_RULE = "1-128 characters: letters A-Z and a-z, digits, '_', '.', ':' or '-'"
_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_BAD_TEXT = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: an HTTP status, a short code and a sentence."""

    status: int
    code: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"error": self.code, "message": self.message}


def _bad(message: str) -> Refusal:
    return Refusal(400, "bad_request", message)


def too_large(limit: int) -> Refusal:
    return Refusal(413, "too_large", f"The request body must be at most {limit} bytes.")


def declared_size_refusal(content_length: str | None, limit: int) -> Refusal | None:
    """A 413 when the client's Content-Length is already over the limit."""
    if content_length is None:
        return None
    try:
        declared = int(content_length)
    except ValueError:
        return _bad("Content-Length must be a number.")
    return too_large(limit) if declared > limit else None


def text_refusal(value: str, field: str) -> Refusal | None:
    """A 400 when `value` holds a lone surrogate, naming the field and position."""
    bad = _BAD_TEXT.search(value)
    if bad is None:
        return None
    return _bad(f'"{field}" contains a lone UTF-16 surrogate (not valid Unicode) at position {bad.start()}.')


def id_refusal(value: Any, field: str) -> Refusal | None:
    """A 400 unless `value` is a conversation id by the documented rule."""
    if not isinstance(value, str) or not value:
        return _bad(f'"{field}" is required and must be a non-empty string.')
    if not _ID.fullmatch(value):
        return _bad(f'"{field}" must be {ID_RULE}.')
    return None


def value_refusal(value: Any, field: str, depth: int = 1) -> Refusal | None:
    """Checks nested JSON without recursion: depth, key types, every string.

    `depth` is the level `value` sits at (1: the outermost value)."""
    stack = [(value, depth, field)]
    while stack:
        item, depth, where = stack.pop()
        if depth > MAX_DEPTH:
            return _bad(f'"{field}" is nested deeper than {MAX_DEPTH} levels.')
        if isinstance(item, str):
            refusal = text_refusal(item, where)
            if refusal is not None:
                return refusal
        elif isinstance(item, dict):
            for key, child in item.items():
                if not isinstance(key, str):
                    return _bad(f'"{field}" keys must be strings.')
                refusal = text_refusal(key, f"{where} key")
                if refusal is not None:
                    return refusal
                stack.append((child, depth + 1, f"{where}.{key}"[:80]))
        elif isinstance(item, (list, tuple)):
            stack.extend((child, depth + 1, where) for child in item)
        elif not (item is None or isinstance(item, (bool, int, float))):
            return _bad(f'"{field}" must hold only JSON values.')
    return None


def parse_json_body(body: bytes | str, limit: int) -> tuple[Any | None, Refusal | None]:
    """The parsed body, or why it is refused: size, then JSON, then every value."""
    if len(body) > limit:
        return None, too_large(limit)
    try:
        parsed = json.loads(body or b"")
    except RecursionError:
        return None, _bad(f"The request body is nested deeper than {MAX_DEPTH} levels.")
    except (ValueError, UnicodeDecodeError):
        return None, _bad("The request body must be a JSON object.")
    if isinstance(parsed, dict):  # name the field that is wrong
        for key, value in parsed.items():
            refusal = text_refusal(key, "body key") or value_refusal(value, key[:80], depth=2)
            if refusal is not None:
                return None, refusal
    else:
        refusal = value_refusal(parsed, "body")
        if refusal is not None:
            return None, refusal
    return parsed, None


@dataclass(frozen=True)
class ChatMessage:
    """One valid visitor message, as a channel hands it on."""

    sender: str
    text: str
    metadata: dict[str, Any]


def message_from_fields(
    sender: Any, message: Any, metadata: Any, sender_field: str = "sender"
) -> tuple[ChatMessage | None, Refusal | None]:
    """Validates the three fields both channels carry."""
    refusal = id_refusal(sender, sender_field)
    if refusal is not None:
        return None, refusal
    if not isinstance(message, str):
        return None, _bad('"message" is required and must be a string.')
    refusal = text_refusal(message, "message")
    if refusal is not None:
        return None, refusal
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        return None, _bad('"metadata", when given, must be a JSON object.')
    refusal = value_refusal(metadata, "metadata")
    if refusal is not None:
        return None, refusal
    return ChatMessage(sender, message, metadata), None
