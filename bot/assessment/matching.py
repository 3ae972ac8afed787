"""Finding known phrases in what visitors type: forgiving of case, spelling and
punctuation, and aware of negation ("no anxiety", "never been to rehab").

Text is first put in the shared matching form (`bot.language.text.normalize_for_matching`:
lower case, straight quotes, accents folded), then split into clauses at
punctuation and at "but"/"though", then into word tokens. A `Lexicon` maps
labels to phrases; `Lexicon.find` returns the non-overlapping matches (longest
first), each flagged as negated when a negating word ("no", "not", "never",
"doesn't"...) comes shortly before it in the same clause with no "and"/"so" in
between.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import FrozenSet, Iterable, List, Mapping, Sequence, Tuple

from bot.language.text import normalize_for_matching

Clause = Tuple[str, ...]

NEGATORS: FrozenSet[str] = frozenset(
    {
        "no", "not", "never", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt",
        "werent", "havent", "hasnt", "hadnt", "wont", "aint", "without", "nor",
        "neither", "none", "nothing", "nobody", "nt",
    }
)
# Words that end the reach of a negation ("not working and has 2 kids").
_SCOPE_BREAKERS: FrozenSet[str] = frozenset(
    {"and", "so", "because", "cause", "cuz", "then", "yet", "plus", "also", "except"}
)
_NEGATION_REACH = 4  # tokens

_CLAUSE_SPLIT = re.compile(r"[.,;:!?\n()\[\]]+|\s-\s|\b(?:but|though|although|however)\b")
_TOKEN = re.compile(r"[a-z0-9]+")
# On top of bot.language.text's matching form: contractions and shorthands as plain words.
_REPLACEMENTS: Tuple[Tuple[re.Pattern, str], ...] = (
    (re.compile(r"\bo\.?d\.?(?:'e?d|ed)\b"), " overdosed "),  # od'd, o.d.'d, oded
    (re.compile(r"\bw/o\b"), " without "),
    (re.compile(r"\bw/"), " with "),
    (re.compile(r"&|\+"), " and "),
    (re.compile(r"n't\b"), "nt"),
    (re.compile(r"'"), ""),
    (re.compile(r"#"), " number "),
)


def normalise(text: str) -> str:
    """bot.language.text's matching form, apostrophes dropped ("Don't" -> "dont")."""
    plain = normalize_for_matching(text)
    for pattern, replacement in _REPLACEMENTS:
        plain = pattern.sub(replacement, plain)
    return plain


def clauses(text: str) -> List[Clause]:
    """The text's clauses as token tuples (empty clauses dropped)."""
    parts = _CLAUSE_SPLIT.split(normalise(text))
    return [tuple(_TOKEN.findall(part)) for part in parts if _TOKEN.search(part)]


def tokens(text: str) -> Clause:
    """All word tokens of the text, ignoring clause boundaries."""
    return tuple(_TOKEN.findall(normalise(text)))


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count 1), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: List[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


@lru_cache(maxsize=65536)
def word_matches(token: str, keyword: str) -> bool:
    """Exact, or a likely misspelling: same first letter, 1 edit for words of
    5-7 letters, 2 edits for longer words. Short words must match exactly."""
    if token == keyword:
        return True
    if len(keyword) < 5 or not token or token[0] != keyword[0]:
        return False
    allowed = 1 if len(keyword) < 8 else 2
    return edit_distance(token, keyword, allowed) <= allowed


@dataclass(frozen=True)
class Hit:
    """One phrase found in one clause, at tokens [start, end)."""

    label: str
    clause: int
    start: int
    end: int
    negated: bool


def _negated(clause: Clause, start: int) -> bool:
    for position in range(start - 1, max(-1, start - 1 - _NEGATION_REACH), -1):
        word = clause[position]
        if word in _SCOPE_BREAKERS:
            return False
        if word in NEGATORS:
            return True
    return False


class Lexicon:
    """Labelled phrases to look for; see the module docstring."""

    def __init__(self, phrases: Mapping[str, Iterable[str]]) -> None:
        self._phrases: Tuple[Tuple[str, Tuple[str, ...]], ...] = tuple(
            (label, tuple(phrase.split()))
            for label, items in phrases.items()
            for phrase in items
        )

    def _matches_at(self, clause: Clause, start: int, words: Sequence[str]) -> bool:
        if start + len(words) > len(clause):
            return False
        return all(word_matches(clause[start + k], w) for k, w in enumerate(words))

    def find(self, text_clauses: Sequence[Clause]) -> List[Hit]:
        """Non-overlapping hits, preferring longer phrases, in text order."""
        hits: List[Hit] = []
        for index, clause in enumerate(text_clauses):
            candidates = [
                (len(words), start, label)
                for label, words in self._phrases
                for start in range(len(clause))
                if self._matches_at(clause, start, words)
            ]
            taken = [False] * len(clause)
            for length, start, label in sorted(candidates, key=lambda c: (-c[0], c[1])):
                span = range(start, start + length)
                if any(taken[k] for k in span):
                    continue
                for k in span:
                    taken[k] = True
                hits.append(Hit(label, index, start, start + length, _negated(clause, start)))
        return sorted(hits, key=lambda h: (h.clause, h.start))
