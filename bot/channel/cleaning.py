"""What the channel hands to NLU: the visitor's text cleaned and capped.

* `clean_visitor_text`: control and invisible characters gone, whitespace
  collapsed, length capped; a crisis phrase that only occurs beyond the cap is
  kept (appended) so that crisis detection in NLU still sees it. The crisis
  scan of the whole text is linear (bot.crisis).
* `strip_command_prefix` turns a typed "/intent{...}" into ordinary words.
"""

from __future__ import annotations

import re

from bot.crisis import detect_crisis, find_crisis_matches

__all__ = ["ELLIPSIS_JOINER", "clean_visitor_text", "strip_command_prefix"]

# What `clean_visitor_text` puts between the capped text and a crisis sentence
# it rescued from beyond the cap.
ELLIPSIS_JOINER = " \u2026 "

# --- cleaning what NLU sees ---------------------------------------------------------

# Control characters (except whitespace ones), format characters (zero-width,
# bidi overrides, soft hyphen, BOM, tag characters) and lone surrogates, which
# would make the message impossible to encode as UTF-8 downstream.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_WHITESPACE_RUN = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?\n]")
_RESCUED_SENTENCE_MAX = 240


def _sentence_around(text: str, start: int, end: int, limit: int) -> tuple[int, int]:
    """The sentence holding text[start:end], trimmed to about `limit` characters."""
    left = start
    floor = max(0, start - limit // 2)
    while left > floor and not _SENTENCE_END.match(text, left - 1):
        left -= 1
    right = end
    ceiling = min(len(text), max(end, left + limit))
    while right < ceiling and not _SENTENCE_END.match(text, right):
        right += 1
    if right < len(text) and _SENTENCE_END.match(text, right):
        right += 1
    return left, right


def clean_visitor_text(text: object, max_chars: int) -> str:
    """The message as NLU should see it (see module doc). Never returns None.

    If the message is longer than `max_chars` and a crisis phrase occurs only
    beyond the cap, the sentence holding it is appended after
    `ELLIPSIS_JOINER`; the head is shortened so the result stays within
    `max_chars` unless the crisis phrase itself is longer than that.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        max_chars = int(max_chars)
    except (TypeError, ValueError):
        max_chars = 0
    max_chars = max(0, max_chars)
    cleaned = _WHITESPACE_RUN.sub(" ", _INVISIBLE.sub("", text)).strip()
    if len(cleaned) <= max_chars:
        return cleaned
    head = cleaned[:max_chars].rstrip()

    matches = find_crisis_matches(cleaned)
    if not matches or matches[0].end <= len(head):
        return head  # no crisis, or one NLU will see anyway
    first = matches[0]
    left, right = _sentence_around(cleaned, first.start, first.end, _RESCUED_SENTENCE_MAX)
    rescued = cleaned[left:right].strip()
    if detect_crisis(rescued) is None:  # lost its context: keep the phrase as matched
        rescued = first.phrase
    if len(rescued) > max_chars:
        rescued = first.phrase
    room = max_chars - len(rescued) - len(ELLIPSIS_JOINER)
    head = cleaned[: max(0, room)].rstrip()
    return f"{head}{ELLIPSIS_JOINER}{rescued}" if head else rescued


# --- typed commands -----------------------------------------------------------------

_LEADING_SLASHES = re.compile(r"^(?:\s*/)+\s*")


def strip_command_prefix(text: object) -> str:
    """Remove leading slashes so "/intent{...}" reaches NLU as plain words.

    Text that does not start with "/" (after leading whitespace) is returned
    unchanged.
    """
    if not isinstance(text, str):
        return "" if text is None else str(text)
    if not text.lstrip().startswith("/"):
        return text
    return _LEADING_SLASHES.sub("", text, count=1)
