"""Redaction of a visitor's message before it reaches the review queue.

Rules, applied in this order:
1. E-mail addresses and phone numbers: bot.logs.redact, the project's one
   contact redaction (phone numbers found by libphonenumber's matcher; any
   address-shaped e-mail, valid or not, which is stricter than
   email-validator's syntax check) -> "[email]", "[phone]".
2. Street addresses: a house number followed by up to four words and a street
   type ("12 Oak Street", "4500 n main st apt 3") -> "[address]". No address
   parser is installed in the project; this pattern is deliberately wide.
3. Names: every value the visitor gave the handoff form in the same
   conversation (`known`: first name, contact detail, contact time), matched
   as whole words without regard to case, and the word after "my name is",
   "my name's", "call me", "i'm called" -> "[name]".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.logs import redact as redact_contact

_STREET_TYPES = (
    "street|st|avenue|ave|av|road|rd|boulevard|blvd|drive|dr|lane|ln|way|court|ct|"
    "place|pl|terrace|ter|circle|cir|highway|hwy|parkway|pkwy|square|sq|trail|trl|"
    "alley|aly|crescent|cres|loop|row|plaza|plz"
)
STREET_ADDRESS = re.compile(
    r"\b\d{1,6}[a-z]?\s+(?:[^\W_][\w.'-]*\s+){0,4}?(?:" + _STREET_TYPES + r")\b\.?"
    r"(?:,?\s*(?:apt|apartment|unit|suite|ste|#)\.?\s*#?\w+)?",
    re.IGNORECASE,
)
PO_BOX = re.compile(r"\bp\.?\s*o\.?\s*box\s+\d+\b", re.IGNORECASE)
NAME_INTRO = re.compile(
    r"\b(my\s+(?:first\s+)?name\s+is|my\s+name'?s|call\s+me|i'?m\s+called|i\s+am\s+called)"
    r"\s+([^\W\d_][\w'’-]*)",
    re.IGNORECASE,
)
# words after "call me" that are not names ("call me back")
_NOT_NAMES = frozenset(
    {
        "back",
        "later",
        "now",
        "asap",
        "please",
        "pls",
        "tomorrow",
        "today",
        "at",
        "on",
        "in",
        "if",
        "when",
        "after",
        "before",
        "anytime",
        "whenever",
        "maybe",
        "by",
        "around",
    }
)


def _name_intro(match: re.Match[str]) -> str:
    if match.group(2).lower() in _NOT_NAMES:
        return match.group(0)
    return f"{match.group(1)} [name]"


def redact_message(text: str, known: Iterable[str] = ()) -> str:
    """`text` with contact details, street addresses and names replaced (see module doc)."""
    text = redact_contact(text)
    text = PO_BOX.sub("[address]", text)
    text = STREET_ADDRESS.sub("[address]", text)
    # longest first, so "Mary Ann" goes before "Mary"
    for value in sorted({v.strip() for v in known if v and v.strip()}, key=len, reverse=True):
        if len(value) < 2:
            continue
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "[name]", text, flags=re.IGNORECASE)
    return NAME_INTRO.sub(_name_intro, text)
