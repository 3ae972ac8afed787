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

The pieces live beside it: character folding in `folding`, de-leeting in
`leet`, the offsets in `mapped_text` (`MappedText`); the pattern index that
matches many regexes against this form in `patterns`.
"""

from __future__ import annotations

import re

from bot.language.folding import APOSTROPHES, ASCII_CONTROL, ASCII_TABLE, DASHES, DOUBLE_QUOTES, fold_token
from bot.language.leet import deleet
from bot.language.mapped_text import MappedText

__all__ = ["normalize_for_matching", "normalize_with_offsets"]

# A run of non-whitespace characters. `\s` in a str pattern is Unicode aware
# (no-break space, ideographic space, line separators...). Zero-width
# characters are not whitespace; they are dropped inside tokens.
_TOKEN = re.compile(r"\S+")

# One-to-one replacements for common non-ASCII characters (smart quotes from
# phones, dashes, no-break space), so typical messages take the fast path.
_COMMON_ONE_TO_ONE = {
    **{ord(ch): "'" for ch in APOSTROPHES},
    **{ord(ch): '"' for ch in DOUBLE_QUOTES},
    **{ord(ch): "-" for ch in DASHES},
    0xA0: " ",
    0x202F: " ",
    0x2009: " ",
}
# Lower case, backtick -> apostrophe, whitespace controls -> space (all 1:1).
_FAST_TABLE = dict(ASCII_TABLE)
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
    has_control = ASCII_CONTROL.search(text) is not None
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
            pieces.append(word.translate(ASCII_TABLE))
            origin.extend(range(start, start + len(word)))
            continue
        chars: list[str] = []
        char_origin: list[int] = []
        fold_token(word, start, chars, char_origin)
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
    if candidate.isascii() and ASCII_CONTROL.search(candidate) is None:
        mapped = _normalize_ascii(candidate)
        mapped = MappedText(mapped.text, text, mapped.segment_starts, mapped.segment_origins)
    else:
        mapped = _normalize_general(text)
    deleeted = deleet(mapped.text)
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
