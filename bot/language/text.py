"""Visitor message normalisation.

All pure and safe on any input (they never raise):

* `normalize_for_matching` gives the form every lexicon in `bot/` matches
  against: NFKC, lower case, straight quotes, no zero-width or control
  characters, single spaces, Latin accents folded ("español" -> "espanol") and
  common filter-dodging substitutions undone ("k1ll", "su1cide", "0verdose",
  "$uicide"). It is for matching only: never show it or store it.
* `normalize_with_offsets` gives the same text together with, for every
  character, the index of the character of the original message it came from,
  so a match in the normalised text can be reported as a span of what the
  visitor actually typed (`MappedText.source_span`).

The pattern index that matches many regexes against this form lives in
bot/language/patterns.py; it is re-exported here for the modules that import
it from this one.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from re import Match, Pattern

from bot.language.patterns import _WORD_START, PatternIndex  # noqa: F401  (re-exported: bot/crisis, tests)

__all__ = [
    "MappedText",
    "PatternIndex",
    "normalize_for_matching",
    "normalize_with_offsets",
]

# --- character folding -------------------------------------------------------

_APOSTROPHES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u02bb\u02bd\u00b4\u0060\uff07\u055a\ua78c"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u301d\u301e\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043"

_PUNCT_FOLD = {
    **dict.fromkeys(_APOSTROPHES, "'"),
    **dict.fromkeys(_DOUBLE_QUOTES, '"'),
    **dict.fromkeys(_DASHES, "-"),
}

# ASCII: lower case letters, backtick -> apostrophe (length-preserving, so it
# can be applied with str.translate without disturbing offsets).
_ASCII_TABLE = {ord(c): c.lower() for c in map(chr, range(65, 91))}
_ASCII_TABLE[ord("`")] = "'"

# ASCII control characters that are not whitespace (whitespace ones separate tokens).
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")

# A run of non-whitespace characters. `\s` in a str pattern is Unicode aware
# (no-break space, ideographic space, line separators...). Zero-width
# characters are not whitespace; they are dropped inside tokens.
_TOKEN = re.compile(r"\S+")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str | None:
    """How one non-ASCII character appears in matching text.

    "" drops it; None marks a combining mark whose fate depends on the
    previous character (see `_fold_token`).
    """
    if ch in _PUNCT_FOLD:
        return _PUNCT_FOLD[ch]
    if ch.isspace():
        return " "
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Cs"):
        return ""  # control, zero-width/format (incl. soft hyphen, BOM, bidi), lone surrogate
    if category == "Mn":
        return None
    folded = unicodedata.normalize("NFKC", ch).lower()
    out: list[str] = []
    for piece in folded:
        if piece in _PUNCT_FOLD:
            out.append(_PUNCT_FOLD[piece])
        elif piece.isspace():
            out.append(" ")
        elif piece >= "\x80":
            # Fold Latin letters with diacritics to their ASCII base ("é" -> "e").
            decomposed = unicodedata.normalize("NFD", piece)
            base = decomposed[0]
            if base < "\x80" and all(unicodedata.category(m) == "Mn" for m in decomposed[1:]):
                out.append(base)
            else:
                out.append(piece)
        else:
            out.append(piece)
    return "".join(out)


def _fold_token(token: str, start: int, text_out: list[str], origin_out: list[int]) -> None:
    """Fold a token that is not plain printable ASCII, character by character."""
    previous = ""
    folded: str | None
    for offset, ch in enumerate(token):
        if ch < "\x80":
            if ch < " " or ch == "\x7f":
                continue  # control character
            folded = ch.translate(_ASCII_TABLE)
        else:
            folded = _fold_char(ch)
            if folded is None:
                # Combining mark: drop it after an ASCII letter (typed accents,
                # zalgo text); keep it after anything else (other scripts).
                if previous and previous < "\x80":
                    continue
                folded = ch
        for piece in folded:
            if piece == " " and (not text_out or text_out[-1] == " "):
                continue
            text_out.append(piece)
            origin_out.append(start + offset)
            previous = piece


# --- de-leeting ----------------------------------------------------------------

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


def _deleet(text: str) -> str:
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


# --- mapped text -----------------------------------------------------------------


def _segments_from_index(index: Sequence[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Compress a per-character origin list into runs of consecutive origins."""
    starts: list[int] = []
    origins: list[int] = []
    expected = -2
    for position, origin in enumerate(index):
        if origin != expected:
            starts.append(position)
            origins.append(origin)
        expected = origin + 1
    return tuple(starts), tuple(origins)


@dataclass(frozen=True)
class MappedText:
    """Normalised text plus where each of its characters came from.

    The origin of character i of `text` is `source_index(i)`, an index into
    `source` (the message as the visitor typed it). Origins are stored as runs:
    `segment_starts[k]` is the first position of run k in `text` and
    `segment_origins[k]` the origin of that character; the following
    characters of the run come from the following source characters.
    """

    text: str
    source: str
    segment_starts: tuple[int, ...] = (0,)
    segment_origins: tuple[int, ...] = (0,)

    @classmethod
    def from_index(cls, text: str, source: str, index: Sequence[int]) -> MappedText:
        starts, origins = _segments_from_index(index)
        return cls(text, source, starts or (0,), origins or (0,))

    def source_index(self, position: int) -> int:
        """Index in `source` of the character that produced text[position]."""
        if not self.text:
            return len(self.source)
        position = max(0, min(position, len(self.text) - 1))
        run = bisect_right(self.segment_starts, position) - 1
        return self.segment_origins[run] + position - self.segment_starts[run]

    def source_indexes(self) -> list[int]:
        """The origin of every character of `text`."""
        indexes: list[int] = []
        starts = self.segment_starts
        last = len(starts) - 1
        for run, start in enumerate(starts):
            end = starts[run + 1] if run < last else len(self.text)
            origin = self.segment_origins[run]
            indexes.extend(range(origin, origin + max(0, end - start)))
        return indexes

    def slice(self, start: int, end: int) -> MappedText:
        """text[start:end] with its origins (the source stays the whole message)."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        first = bisect_right(self.segment_starts, start) - 1
        starts = [0]
        origins = [self.segment_origins[first] + start - self.segment_starts[first]]
        for run in range(first + 1, len(self.segment_starts)):
            run_start = self.segment_starts[run]
            if run_start >= end:
                break
            starts.append(run_start - start)
            origins.append(self.segment_origins[run])
        return MappedText(self.text[start:end], self.source, tuple(starts), tuple(origins))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of `source` that produced text[start:end]."""
        if not self.text or end <= start:
            position = self.source_index(start) if self.text and 0 <= start < len(self.text) else len(self.source)
            return position, position
        return self.source_index(start), self.source_index(end - 1) + 1

    def source_text(self, start: int, end: int) -> str:
        """What the visitor typed for text[start:end]."""
        source_start, source_end = self.source_span(start, end)
        return self.source[source_start:source_end]

    def sub(self, pattern: Pattern[str], replace: Callable[[Match[str]], str]) -> MappedText:
        """Apply a regex substitution, keeping every character's origin.

        Characters of a replacement map proportionally onto the characters of
        the match they replace. Returns `self` when nothing changes.
        """
        matches = [(m.span(), replace(m)) for m in pattern.finditer(self.text)]
        matches = [(span, new) for span, new in matches if new != self.text[span[0] : span[1]]]
        if not matches:
            return self
        index = self.source_indexes()
        pieces: list[str] = []
        origin: list[int] = []
        position = 0
        for (start, end), replacement in matches:
            pieces.append(self.text[position:start])
            origin.extend(index[position:start])
            pieces.append(replacement)
            length = end - start
            if replacement:
                if len(replacement) == length:
                    origin.extend(index[start:end])
                else:
                    last = max(len(replacement) - 1, 1)
                    origin.extend(index[start + (k * (length - 1)) // last] for k in range(len(replacement)))
            position = end
        pieces.append(self.text[position:])
        origin.extend(index[position:])
        return MappedText.from_index("".join(pieces), self.source, origin)


# One-to-one replacements for common non-ASCII characters (smart quotes from
# phones, dashes, no-break space), so typical messages take the fast path.
_COMMON_ONE_TO_ONE = {
    **{ord(ch): "'" for ch in _APOSTROPHES},
    **{ord(ch): '"' for ch in _DOUBLE_QUOTES},
    **{ord(ch): "-" for ch in _DASHES},
    0xA0: " ",
    0x202F: " ",
    0x2009: " ",
}
# Lower case, backtick -> apostrophe, whitespace controls -> space (all 1:1).
_FAST_TABLE = dict(_ASCII_TABLE)
_FAST_TABLE.update({ord(ch): " " for ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"})
_SPACE_RUN = re.compile(r" {2,}")


def _normalize_ascii(text: str) -> MappedText:
    """Fast path for printable ASCII (after 1:1 folding): only spaces move."""
    folded = text.translate(_FAST_TABLE)
    lead = len(folded) - len(folded.lstrip(" "))
    body = folded.strip(" ")
    if "  " not in body:
        return MappedText(body, text, (0,), (lead,))
    starts: list[int] = [0]
    origins: list[int] = [lead]
    pieces: list[str] = []
    position = 0
    length = 0
    for run in _SPACE_RUN.finditer(body):
        piece = body[position : run.start() + 1]
        pieces.append(piece)
        length += len(piece)
        position = run.end()
        starts.append(length)
        origins.append(lead + position)
    pieces.append(body[position:])
    return MappedText("".join(pieces), text, tuple(starts), tuple(origins))


def _normalize_general(text: str) -> MappedText:
    """Character-by-character path for text with other Unicode or controls."""
    has_control = _ASCII_CONTROL.search(text) is not None
    pieces: list[str] = []
    origin: list[int] = []
    for token in _TOKEN.finditer(text):
        word = token.group(0)
        start = token.start()
        if not word.isascii():
            folded = word.translate(_COMMON_ONE_TO_ONE)  # smart quotes, dashes: same length
            if folded.isascii():
                word = folded
        if word.isascii() and not has_control:
            if pieces:
                pieces.append(" ")
                origin.append(start - 1)
            pieces.append(word.translate(_ASCII_TABLE))
            origin.extend(range(start, start + len(word)))
            continue
        chars: list[str] = []
        char_origin: list[int] = []
        _fold_token(word, start, chars, char_origin)
        while chars and chars[-1] == " ":
            chars.pop()
            char_origin.pop()
        if not chars:
            continue
        if pieces:
            pieces.append(" ")
            origin.append(start - 1)
        pieces.append("".join(chars))
        origin.extend(char_origin)
    return MappedText.from_index("".join(pieces), text, origin)


def normalize_with_offsets(text: object) -> MappedText:
    """`normalize_for_matching` plus the origin of every character (see module doc)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    candidate = text if text.isascii() else text.translate(_COMMON_ONE_TO_ONE)
    if candidate.isascii() and _ASCII_CONTROL.search(candidate) is None:
        mapped = _normalize_ascii(candidate)
        mapped = MappedText(mapped.text, text, mapped.segment_starts, mapped.segment_origins)
    else:
        mapped = _normalize_general(text)
    deleeted = _deleet(mapped.text)
    if deleeted is not mapped.text:
        mapped = MappedText(deleeted, text, mapped.segment_starts, mapped.segment_origins)
    return mapped


def normalize_for_matching(text: object) -> str:
    """The form of a message that lexicons match against (see module doc).

    NFKC (per character), lower case, curly quotes and dashes to ASCII,
    zero-width/format and control characters removed, whitespace collapsed and
    stripped, Latin diacritics folded, leetspeak inside mixed letter/digit
    tokens undone. Pure digit runs (ZIP codes, phone numbers) are untouched.
    """
    return normalize_with_offsets(text).text
