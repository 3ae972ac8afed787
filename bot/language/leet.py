"""Undoing leetspeak in matching text ("k1ll", "su1cide", "$uicide" -> "kill",
"suicide", "suicide"), without touching numbers with a unit ("5mg", "12step"),
digit runs (ZIP codes, years) or e-mail addresses. Length-preserving, so the
offsets of bot/language/mapped_text.py stay valid.
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["deleet"]

_LEET_DIGITS = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"}
_LEET_SYMBOLS = {"@": "a", "$": "s", "!": "i"}
_LEET_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$!")
# A leet character touching a letter: where de-leeting may be needed at all.
_LEET_NEAR_LETTER = re.compile(r"(?<=[a-z])[013457@$!]|[013457@$](?=[a-z])")
# Tokens that are numbers with a unit or ordinal, not leetspeak: "1st",
# "5mg", "30day", "24hrs", "3x", "12step", "m30", "covid19".
_NUMBER_WITH_UNIT = re.compile(
    r"\d+(?:st|nd|rd|th|s|am|pm|a|p|mg|mcg|ml|g|gs|gram|grams|oz|lb|lbs|k|x|h|hr|hrs|hour|hours"
    r"|min|mins|m|d|y|yo|yr|yrs|wk|wks|mo|mos|day|days|week|weeks|month|months|year|years"
    r"|ish|pack|packs|step|steps|time|times|ft|in|mi|miles|kms?|yrold|yearold)"
    r"|[a-z]+\d{2,}s?"
)
_DIGIT_RUN = re.compile(r"\d{3,}")
# Starts only where a run of address characters starts: without the
# lookbehind a failed match is retried from every later character of the run,
# which made "@"*50000 + "."*50000 take 12 s.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _deleet_token(token: str) -> str:
    if _NUMBER_WITH_UNIT.fullmatch(token):
        return token
    protected: set[int] = set()
    for run in _DIGIT_RUN.finditer(token):  # ZIP codes, years, amounts stay digits
        protected.update(range(run.start(), run.end()))
    chars = list(token)
    last = len(chars) - 1
    for index, ch in enumerate(chars):
        if index in protected:
            continue
        if ch in _LEET_DIGITS:
            chars[index] = _LEET_DIGITS[ch]
        elif ch in _LEET_SYMBOLS:
            before = token[index - 1] if index > 0 else ""
            after = token[index + 1] if index < last else ""
            inside_word = before.isalpha() and after.isalpha()
            leading_dollar = ch == "$" and index == 0 and after.isalpha()
            if inside_word or leading_dollar:
                chars[index] = _LEET_SYMBOLS[ch]
    return "".join(chars)


def deleet(text: str) -> str:
    """Undo leetspeak inside tokens mixing letters and leet characters.

    Never changes the length; tokens without letters (ZIP codes, phone
    numbers) are never touched.
    """
    pieces: list[str] = []
    position = 0
    emails = [m.span() for m in _EMAIL.finditer(text)] if "@" in text else []
    email_starts = [start for start, _ in emails]
    for hit in _LEET_NEAR_LETTER.finditer(text):
        if hit.start() < position:
            continue  # already inside a rewritten token
        if emails:
            # e-mail addresses are not leetspeak; spans are sorted and disjoint
            at = bisect_right(email_starts, hit.start()) - 1
            if at >= 0 and hit.start() < emails[at][1]:
                continue
        start = hit.start()
        while start > 0 and text[start - 1] in _LEET_TOKEN_CHARS:
            start -= 1
        end = hit.end()
        while end < len(text) and text[end] in _LEET_TOKEN_CHARS:
            end += 1
        pieces.append(text[position:start])
        pieces.append(_deleet_token(text[start:end]))
        position = end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)
