"""Similar messages share a group in the review queue.

Rules: a message's tokens are the words of its normalised text
(bot.language.text.normalize_for_matching: lower case, folded accents and
look-alike characters), punctuation dropped. Two messages are similar when
their token sets overlap by at least `SIMILAR` (Jaccard: shared tokens over
all tokens). Token overlap rather than embeddings: bot/ cannot load the NLU's
embedding model, and visitors who rephrase or repeat a question mostly reuse
its words. (A rephrase, bot.review.collect, is judged by `shares_most_words`:
at least `REPHRASE` of the shorter message's words are in the other.)
A message joins the group of the first similar message already in
the queue, else it starts its own group, keyed by its normalised text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.language.text import normalize_for_matching

SIMILAR = 0.5
REPHRASE = 0.6
MAX_KEY_CHARS = 255
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def normalised(text: str) -> str:
    return " ".join(_WORD.findall(normalize_for_matching(text)))


def tokens(text: str) -> frozenset[str]:
    return frozenset(normalised(text).split())


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return len(a & b) / len(a | b)


def similar(a: str, b: str, threshold: float = SIMILAR) -> bool:
    return overlap(tokens(a), tokens(b)) >= threshold


def shares_most_words(a: str, b: str, threshold: float = REPHRASE) -> bool:
    """At least `threshold` of the shorter message's words are in the other
    (a rephrase adds and drops words around the ones that matter)."""
    mine, theirs = tokens(a), tokens(b)
    if not mine or not theirs:
        return False
    return len(mine & theirs) / min(len(mine), len(theirs)) >= threshold


def group_key(text: str, groups: Iterable[tuple[str, frozenset[str]]]) -> str:
    """The key of the first group (key, tokens of a member) `text` is similar
    to, else a new key: its own normalised text."""
    mine = tokens(text)
    best: str | None = None
    for key, members in groups:
        if overlap(mine, members) >= SIMILAR:
            best = key
            break
    return best or (normalised(text) or text.strip().lower())[:MAX_KEY_CHARS]
