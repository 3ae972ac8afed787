"""Finding known phrases in what visitors type: forgiving of case, spelling and
punctuation, and aware of negation ("no anxiety", "never been to rehab").

Clauses, negation scope and the negating words are the shared layer of
bot/language (`clauses`, `vocabulary`), the same the intake-fact reader uses:
text is put in `plain_word_form` (the matching form with "don't" -> "dont"),
cut with `clause_spans`, then into word tokens. A `Lexicon` maps labels to
phrases; `Lexicon.find` returns the non-overlapping matches (longest first),
each flagged as negated when a negator comes in the few tokens before it in the
same clause with no scope breaker ("and", "so"...) in between. An answer keeps
"cant", "cannot" positive ("cant stop drinking" answers yes), so only the
shared negators count here, not the statement-only ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.language.clauses import Negation, clause_spans, negation_before, plain_word_form, word_tokens
from bot.language.vocabulary import NEGATORS, SCOPE_BREAKERS, without_apostrophes

Clause = tuple[str, ...]

_NEGATORS: frozenset[str] = without_apostrophes(NEGATORS)
_NEGATION_REACH = 4  # tokens


def clauses(text: str) -> list[Clause]:
    """The text's clauses as token tuples (empty clauses dropped)."""
    plain = plain_word_form(text)
    parts = (word_tokens(plain[span.start : span.end]) for span in clause_spans(plain))
    return [part for part in parts if part]


def tokens(text: str) -> Clause:
    """All word tokens of the text, ignoring clause boundaries."""
    return word_tokens(plain_word_form(text))


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count 1), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
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
    before = clause[max(0, start - _NEGATION_REACH) : start]
    return negation_before(before, _NEGATORS, breakers=SCOPE_BREAKERS) is Negation.NEGATED


class Lexicon:
    """Labelled phrases to look for; see the module docstring."""

    def __init__(self, phrases: Mapping[str, Iterable[str]]) -> None:
        self._phrases: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
            (label, tuple(phrase.split())) for label, items in phrases.items() for phrase in items
        )

    def _matches_at(self, clause: Clause, start: int, words: Sequence[str]) -> bool:
        if start + len(words) > len(clause):
            return False
        return all(word_matches(clause[start + k], w) for k, w in enumerate(words))

    def find(self, text_clauses: Sequence[Clause]) -> list[Hit]:
        """Non-overlapping hits, preferring longer phrases, in text order."""
        hits: list[Hit] = []
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
