"""Character folding for matching: how one character of a visitor's message
appears in the form lexicons match (bot/language/text.py puts it together).

Curly quotes, apostrophes and dashes become ASCII, Unicode whitespace a space,
control and zero-width characters nothing, NFKC and lower case apply, and
Latin letters lose their diacritics ("é" -> "e"); combining marks are dropped
after an ASCII letter only. The tables are public for text.py's fast paths.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["APOSTROPHES", "ASCII_CONTROL", "ASCII_TABLE", "DASHES", "DOUBLE_QUOTES", "fold_token"]

APOSTROPHES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u02bb\u02bd\u00b4\u0060\uff07\u055a\ua78c"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u301d\u301e\uff02"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043"

_PUNCT_FOLD = {
    **dict.fromkeys(APOSTROPHES, "'"),
    **dict.fromkeys(DOUBLE_QUOTES, '"'),
    **dict.fromkeys(DASHES, "-"),
}

# ASCII: lower case letters, backtick -> apostrophe (length-preserving, so it
# can be applied with str.translate without disturbing offsets).
ASCII_TABLE = {ord(c): c.lower() for c in map(chr, range(65, 91))}
ASCII_TABLE[ord("`")] = "'"

# ASCII control characters that are not whitespace (whitespace ones separate tokens).
ASCII_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str | None:
    """How one non-ASCII character appears in matching text.

    "" drops it; None marks a combining mark whose fate depends on the
    previous character (see `fold_token`).
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


def fold_token(token: str, start: int, text_out: list[str], origin_out: list[int]) -> None:
    """Fold a token that is not plain printable ASCII, character by character."""
    previous = ""
    folded: str | None
    for offset, ch in enumerate(token):
        if ch < "\x80":
            if ch < " " or ch == "\x7f":
                continue  # control character
            folded = ch.translate(ASCII_TABLE)
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
