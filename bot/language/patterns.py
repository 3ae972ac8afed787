"""Matching a few hundred regexes against one message quickly.

`PatternIndex` tries each pattern only at word starts whose first characters
it can match; bot/crisis/detector.py and bot/language/intake_facts.py are built
on it. Patterns are written for the matching form of bot.language.text.
Imports only the standard library.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import Match, Pattern
from typing import Generic, TypeVar, cast

try:  # the regex parser moved in Python 3.11
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

__all__ = ["PatternIndex"]

# --- matching many patterns fast -----------------------------------------------------
# Python's `re` tries every alternative at every position, which is too slow
# for a few hundred phrases on a 5,000-character message. `PatternIndex`
# compiles every pattern on its own and files it under the three-character
# prefixes it can start with (worked out from the parsed pattern); at each word
# start only the patterns filed under the next three characters are tried
# (plus those filed under shorter prefixes: patterns that can match fewer
# characters, or have too many distinct prefixes and are filed by first
# character). A pattern whose prefixes cannot be worked out at all is searched
# everywhere (`PatternIndex.unindexed` says how many; tests keep it at zero
# for the lexicons in bot/).

_PREFIX_LENGTH = 3
_MAX_PREFIXES = 4000
_ZERO_WIDTH_OPS = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_REPEAT_OPS = tuple(
    op for op in (getattr(_sre, name, None) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")) if op
)
_DIGITS = frozenset("0123456789")
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def _charset(items: Sequence[tuple[object, object]]) -> set[str] | None:
    chars: set[str] = set()
    for kind, value in items:
        if kind is _sre.LITERAL:
            chars.add(chr(value))  # type: ignore[arg-type]
        elif kind is _sre.RANGE and value[1] - value[0] < 400:  # type: ignore[index]
            chars.update(chr(code) for code in range(value[0], value[1] + 1))  # type: ignore[index]
        elif kind is _sre.CATEGORY and value is _sre.CATEGORY_SPACE:
            chars.add(" ")  # normalised text has no other whitespace
        elif kind is _sre.CATEGORY and value is _sre.CATEGORY_DIGIT:
            chars.update(_DIGITS)
        elif kind is _sre.CATEGORY and value is _sre.CATEGORY_WORD:
            # \w: normalised text folds Latin letters to ASCII; a non-ASCII
            # letter glued to an English trigger word is not a realistic case.
            chars.update(_ASCII_WORD)
        else:
            return None  # negated set, \w...
    return chars


def _prefixes_of_sequence(items: Sequence[tuple[object, object]], need: int = _PREFIX_LENGTH) -> set[str] | None:
    """Every string a parsed sequence can start with, cut to `need` characters.

    Shorter strings mean a match may be shorter than that. None: unknown.
    """
    current: set[str] = {""}
    for op, argument in items:
        if op in _ZERO_WIDTH_OPS:
            continue
        missing = need - min(len(p) for p in current)
        if missing <= 0:
            break
        produced = _prefixes_of_op(op, argument, missing)
        if produced is None:
            return None
        combined = {a for a in current if len(a) >= need}
        for a in current:
            if len(a) < need:
                combined.update((a + b)[:need] for b in produced)
        if len(combined) > _MAX_PREFIXES:
            return None
        current = combined
    return current


def _prefixes_of_op(op: object, argument: object, need: int) -> set[str] | None:
    if op is _sre.LITERAL:
        return {chr(argument)}  # type: ignore[arg-type]
    if op is _sre.IN:
        return _charset(argument)  # type: ignore[arg-type]
    if op is _sre.BRANCH:
        out: set[str] = set()
        for alternative in argument[1]:  # type: ignore[index]
            produced = _prefixes_of_sequence(alternative, need)
            if produced is None:
                return None
            out |= produced
        return out
    if op is _sre.SUBPATTERN:
        return _prefixes_of_sequence(argument[-1], need)  # type: ignore[index]
    if op in _REPEAT_OPS:
        # the parser's repeat argument: (fewest, most, the repeated sequence)
        minimum, maximum, item = cast("tuple[int, int, Sequence[tuple[object, object]]]", argument)
        one = _prefixes_of_sequence(item, need)
        if one is None:
            return None
        out = {""} if minimum == 0 else set()
        repeated: set[str] = {""}
        for count in range(1, min(maximum, need) + 1):
            grown = {a for a in repeated if len(a) >= need}
            for a in repeated:
                if len(a) < need:
                    grown.update((a + b)[:need] for b in one)
            if len(grown) > _MAX_PREFIXES:
                return None
            repeated = grown
            if count >= minimum:
                out |= repeated
        if minimum > need:
            out = repeated
        return out
    return None


def _starts_at_word_start(parsed: Sequence[tuple[object, object]]) -> bool:
    """Whether a match must begin at a word boundary (\\b, after any lookbehinds)."""
    for op, argument in parsed:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            continue
        return op is _sre.AT and argument is _sre.AT_BOUNDARY
    return False


Label = TypeVar("Label")

# Where a match may begin: a word start, or an apostrophe right after a word
# ("he's": patterns may start at "'s").
_WORD_START = re.compile(r"\b\w|(?<=\w)'")


class PatternIndex(Generic[Label]):
    """Many labelled regexes, each matched (with `.match`) at every word start
    where its first characters fit.

    Patterns must be written for normalised text (see `normalize_for_matching`)
    and should begin with `\\b` (after optional lookbehinds); those that do not
    are searched everywhere, which is correct but slow.
    """

    def __init__(self, rules: Sequence[tuple[Label, str]], prefix_length: int = _PREFIX_LENGTH) -> None:
        by_prefix: dict[str, list[tuple[Label, Pattern[str]]]] = {}
        anywhere: list[tuple[Label, Pattern[str]]] = []
        for label, source in rules:
            entry = (label, re.compile(source))
            parsed = list(_sre_parse.parse(source))
            prefixes: set[str] | None = None
            if _starts_at_word_start(parsed):
                for length in range(prefix_length, 0, -1):  # too many long prefixes: try shorter ones
                    prefixes = _prefixes_of_sequence(parsed, length)
                    if prefixes is not None:
                        break
            if not prefixes or "" in prefixes:
                anywhere.append(entry)
                continue
            for prefix in prefixes:
                by_prefix.setdefault(prefix, []).append(entry)
        self._by_prefix = {k: tuple(v) for k, v in by_prefix.items()}
        # lengths of prefixes shorter than prefix_length (patterns that can
        # match fewer characters, or could only be filed by first character)
        self._short_lengths = tuple(sorted({len(k) for k in by_prefix if len(k) < prefix_length}))
        self._anywhere = tuple(anywhere)
        self._prefix_length = prefix_length
        self.size = len(rules)

    @property
    def unindexed(self) -> int:
        """How many patterns are searched everywhere (slow path)."""
        return len(self._anywhere)

    def candidates(self, text: str, position: int) -> tuple[tuple[Label, Pattern[str]], ...]:
        """The patterns worth trying at `position` (a word start)."""
        entries = self._by_prefix.get(text[position : position + self._prefix_length], ())
        for length in self._short_lengths:
            entries += self._by_prefix.get(text[position : position + length], ())
        return entries

    def matches(self, text: str) -> list[tuple[Label, Match[str]]]:
        """Every (label, match), at most one per pattern and start position.

        Matches may overlap; they come in order of start position, except
        that slow-path patterns come last.
        """
        found: list[tuple[Label, Match[str]]] = []
        append = found.append
        get = self._by_prefix.get
        length = self._prefix_length
        short_lengths = self._short_lengths
        for word in _WORD_START.finditer(text):
            position = word.start()
            entries = get(text[position : position + length], ())
            for short in short_lengths:
                entries += get(text[position : position + short], ())
            for label, pattern in entries:
                match = pattern.match(text, position)
                if match is not None and match.end() > match.start():
                    append((label, match))
        for label, pattern in self._anywhere:
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    append((label, match))
        return found
