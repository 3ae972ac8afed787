"""Clauses and negation scope: how both readers of free text cut a message up
and decide whether a phrase is denied.

* `clause_spans` cuts normalised text into clauses at sentence punctuation
  (. ! ? ; new lines; not brackets: an aside belongs to its sentence), at commas and colons not inside a number, at a
  dash between spaces and at contrast words ("but", "however", "except",
  "yet", "plus", "and also"...). Negation never reaches across a clause.
* `negation_before` reads the few words before a phrase, within its clause:
  the first negator there denies the phrase ("no withdrawals", "never been to
  rehab") unless a scope breaker ("and", "so"...) comes after it, and a word
  of doubt after the negator makes it uncertain ("not sure if i have
  anxiety"). Which words negate, break scope or express doubt comes from
  bot.language.vocabulary; each reader says which lists it uses.
* `plain_word_form` is bot.language.text's matching form with contractions and
  shorthands spelled as plain words ("Don't" -> "dont", "w/o" -> "without"),
  for readers that compare word tokens rather than regexes.

Imports bot.language.text only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import Enum
from typing import NamedTuple

from bot.language.text import normalize_for_matching

__all__ = [
    "ClauseSpan",
    "Negation",
    "clause_spans",
    "negation_before",
    "plain_word_form",
    "word_tokens",
]

_CLAUSE_BREAK = re.compile(
    r"[.!?;\n]+|[,:](?!\d)|\s-+\s|\b(?:but|however|although|though|except|whereas|yet|plus|and also)\b"
)


class ClauseSpan(NamedTuple):
    """Clause text[start:end]; `asked` when it ended with a question mark."""

    start: int
    end: int
    asked: bool


def clause_spans(text: str) -> list[ClauseSpan]:
    """The clauses of `text` (normalised), empty ones left out, in order."""
    spans: list[ClauseSpan] = []
    position = 0
    for brk in _CLAUSE_BREAK.finditer(text):
        if text[position : brk.start()].strip():
            spans.append(ClauseSpan(position, brk.start(), "?" in brk.group(0)))
        position = max(position, brk.end())
    if text[position:].strip():
        spans.append(ClauseSpan(position, len(text), False))
    return spans


class Negation(Enum):
    """What the words before a phrase do to it."""

    NONE = ""
    NEGATED = "negated"
    UNCERTAIN = "uncertain"


def negation_before(
    words: Sequence[str],
    negators: frozenset[str],
    *,
    breakers: frozenset[str] = frozenset(),
    uncertain: frozenset[str] = frozenset(),
    exempt: Callable[[Sequence[str], int], bool] | None = None,
) -> Negation:
    """Whether the words just before a phrase (same clause, nearest last) deny it.

    A word negates when it is in `negators` once its apostrophes are dropped or
    ends in "n't". Only the words after the last breaker count. `exempt(words,
    i)` may excuse the negator at i ("can't stop": not a denial).
    """
    for index in range(len(words) - 1, -1, -1):
        if words[index] in breakers:
            words = words[index + 1 :]
            break
    for index, word in enumerate(words):
        if word.replace("'", "") in negators or word.endswith("n't"):
            if exempt is not None and exempt(words, index):
                continue
            if any(later in uncertain for later in words[index + 1 :]):
                return Negation.UNCERTAIN
            return Negation.NEGATED
    return Negation.NONE


# On top of the matching form: contractions and shorthands as plain words.
_PLAIN_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bo\.?d\.?(?:'e?d|ed)\b"), " overdosed "),  # od'd, o.d.'d, oded
    (re.compile(r"\bw/o\b"), " without "),
    (re.compile(r"\bw/"), " with "),
    (re.compile(r"&|\+"), " and "),
    (re.compile(r"n't\b"), "nt"),
    (re.compile(r"'"), ""),
    (re.compile(r"#"), " number "),
)
_WORD = re.compile(r"[a-z0-9]+")


def plain_word_form(text: str) -> str:
    """The matching form with apostrophes dropped and shorthands spelled out."""
    plain = normalize_for_matching(text)
    for pattern, replacement in _PLAIN_WORDS:
        plain = pattern.sub(replacement, plain)
    return plain


def word_tokens(text: str) -> tuple[str, ...]:
    """The word tokens (letters and digits) of a plain-word-form text."""
    return tuple(_WORD.findall(text))
