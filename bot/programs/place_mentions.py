"""A place named anywhere in a message, for a search request that names one
(so it needs no "where?"): "any iop near tacoma", "im in 98402 what do you have".

It is stricter than `resolve_location` (bot/programs/locations.py), which reads
an answer to "where?": in free text a place counts only as a ZIP code (not an
amount of money), a city followed by its state ("madison wi"), or a city or
state right after a word of place ("in", "near", "around"...), and a city
without its state only when it is a town of some size. "lgbtq friendly iop"
and "is there hope" name no place, although Friendly, WV and Hope, AR exist.
Imports only bot/programs' place modules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.programs.gazetteer import City, Index, load_index
from bot.programs.locations import (
    MAX_INPUT_CHARS,
    WORD_LIKE_ABBREVIATIONS,
    ZIP_RE,
    Ambiguous,
    Resolved,
    Span,
    StateMention,
    city_spans,
    resolve_location,
    state_mentions,
)
from bot.programs.place_names import place_words

# Words after which a message names a place ("near tacoma", "outside of the
# tampa area"); "to" only after "close"/"next"... ("go to the beach" is no place).
# Not "at" or "by": "at home", "by day three".
_PLACE_PREPOSITIONS = frozenset({"in", "near", "around", "outside", "from"})
_TO_AFTER = frozenset({"close", "closer", "closest", "near", "nearer", "next"})
_BEFORE_PLACE = frozenset({"the", "of", "greater", "downtown", "metro"})
# A city named without its state must be a town of some size: Tacoma has 40 ZIP
# codes, but Home, PA, Middle, NJ and Stop, KY one each ("in the middle").
MIN_ZIPS_WITHOUT_STATE = 5

# An amount, not a ZIP code: "$12000", "10000 dollars".
_MONEY_RE = re.compile(r"\$\s*$|^\s*(?:dollars|bucks|usd)\b")


def _after_place_word(words: Sequence[str], start: int) -> bool:
    """Whether words[start] follows "in", "near", "close to"... (see the module docstring)."""
    i = start - 1
    while i >= 0 and words[i] in _BEFORE_PLACE:
        i -= 1
    if i >= 1 and words[i] == "to":
        return words[i - 1] in _TO_AFTER
    return i >= 0 and words[i] in _PLACE_PREPOSITIONS


def _named_zip(raw: str) -> str | None:
    for match in ZIP_RE.finditer(raw):
        if not (_MONEY_RE.search(raw[: match.start()]) or _MONEY_RE.search(raw[match.end() :])):
            return match.group(1) or match.group(2)
    return None


def _phrase_at(
    words: Sequence[str],
    start: int,
    spans: Sequence[Span],
    mentions: Sequence[StateMention],
    every_mention: Sequence[StateMention],
    index: Index,
) -> tuple[str, str | None, bool] | None:
    """The place phrase starting at words[start], or None when no place starts
    there: (phrase, city key or None for a state, whether a city's state follows).
    Any abbreviation may follow its city ("tulsa ok"); alone it must not be a word."""
    city = max((s for s in spans if s.start == start), key=lambda s: s.end, default=None)
    state = max((m for m in mentions if m.start == start), key=lambda m: m.end, default=None)
    if city and (state is None or city.end > state.end):
        follows = next((m for m in every_mention if m.start == city.end), None)
        if follows and follows.state in index.cities[city.key]:
            return " ".join(words[start : follows.end]), city.key, True
        return " ".join(words[start : city.end]), city.key, False
    if state:
        return " ".join(words[start : state.end]), None, False
    return None


def place_in_message(text: str) -> str | None:
    """The place a free-text message names, as a phrase `resolve_location` resolves
    (or asks which one of, for a city in several states); None when it names none."""
    raw = (text or "")[:MAX_INPUT_CHARS]
    zip5 = _named_zip(raw)
    if zip5:
        return zip5
    words = place_words(raw)
    index = load_index()
    spans = city_spans(words, index.cities)
    every_mention = state_mentions(words)
    # A state's full name, or an abbreviation that is not also a word ("in tx"),
    # after a word of place; never "in" or "me" on their own.
    mentions = [m for m in every_mention if m.by_name or words[m.start] not in WORD_LIKE_ABBREVIATIONS]
    for start in range(len(words)):
        found = _phrase_at(words, start, spans, mentions, every_mention, index)
        if found is None:
            continue
        phrase, city, has_state = found
        if not has_state and not _after_place_word(words, start):
            continue
        if city and not has_state and _size(index.cities[city]) < MIN_ZIPS_WITHOUT_STATE:
            continue
        if isinstance(resolve_location(phrase), (Resolved, Ambiguous)):
            return phrase
    return None


def _size(by_state: dict[str, City]) -> int:
    return max(city.zip_count for city in by_state.values())
