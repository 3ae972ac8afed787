"""A free-text answer to the CAGE-AID question: how many of its four items are
true ("two of them", "2/4", "all but one", "the first and last", "just the
guilty one"). Split from bot/assessment/parsing.py. The items' words are the
`cage_items` section of answer_words.yml; the counting words stay here, with
the rules that read them.
"""

from __future__ import annotations

import re

from bot.assessment import answer_words
from bot.assessment.matching import tokens
from bot.assessment.slots import CAGE_AID_ITEMS, CAGE_AID_SCORES
from bot.language.clauses import plain_word_form

__all__ = ["cage_score"]


_NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4}
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": 4,
    "forth": 4,
}
_CAGE_ITEM_WORDS = answer_words.lexicon("cage_items", [str(item) for item in range(1, CAGE_AID_ITEMS + 1)])
_ALL_WORDS = frozenset({"all", "every", "everything", "each", "everyone"})
_ZERO_WORDS = frozenset({"none", "zero", "no", "nope", "nah", "neither", "nothing", "nada"})
_AFFIRM_WORDS = frozenset({"yes", "yeah", "yep", "yup", "ya"})
_EXCEPT_WORDS = frozenset({"except", "but", "besides", "apart", "minus", "save"})
# "one" after these is a pronoun ("the guilty one", "the last one"), not a count
_ONE_AS_PRONOUN_AFTER = frozenset({"the", "that", "this", "each", "every", "no", "any"})
_OUT_OF_FOUR = re.compile(r"\b(?:out\s+of|outta|of)\s+(?:4|four)\b|(?<=\d)\s*/\s*4\b")


def cage_score(text: str) -> int | None:
    """How many of the four CAGE-AID items the visitor says are true.

    Reads counts ("two of them", "2/4", "all but one", "none") and items named by
    position or content ("yes to the first and last", "1 and 3", "just the guilty
    one", "cut down and the morning one").
    """
    words = tokens(_OUT_OF_FOUR.sub(" ", plain_word_form(text)))
    if not words:
        return None
    item_hits = _CAGE_ITEM_WORDS.find([words])
    in_item_phrase = {k for h in item_hits for k in range(h.start, h.end)}
    items: set[int] = {int(h.label) for h in item_hits if not h.negated}
    left_out: set[int] = {int(h.label) for h in item_hits if h.negated}
    counts: list[int] = []
    consumed: set[int] = set()
    numbers_joined_by_or = False
    for i, word in enumerate(words):
        if i in consumed or i in in_item_phrase:
            continue
        previous = words[i - 1] if i else ""
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in _ORDINALS:
            span = _NUMBER_WORDS.get(following, int(following) if following.isdigit() else 0)
            if word in ("first", "1st") and 1 < span <= CAGE_AID_ITEMS:
                items.update(range(1, span + 1))  # "the first two"
                consumed.add(i + 1)
            elif word == "last" and 1 < span <= CAGE_AID_ITEMS:
                items.update(range(CAGE_AID_ITEMS - span + 1, CAGE_AID_ITEMS + 1))
                consumed.add(i + 1)
            elif previous in ("not", "no", "except", "but", "besides"):
                left_out.add(_ORDINALS[word])
            else:
                items.add(_ORDINALS[word])
            continue
        if previous in ("number", "question", "item") and word.isdigit():
            items.add(int(word))
            continue
        value = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
        if value is None:
            continue
        if word == "one" and (previous in _ONE_AS_PRONOUN_AFTER or previous in _ORDINALS or (i - 1) in in_item_phrase):
            continue
        if previous == "or" and counts:
            numbers_joined_by_or = True
        counts.append(value)

    says_all = any(w in _ALL_WORDS for w in words)
    if numbers_joined_by_or:
        return None  # "1 or 2": ask again
    if says_all and any(w in _EXCEPT_WORDS for w in words):
        named = items | left_out
        if named:
            missing = len(named)
        elif len(counts) > 1:
            missing = len(set(counts))
        else:
            missing = counts[0] if counts else 1
        score = CAGE_AID_ITEMS - missing
        return score if score in CAGE_AID_SCORES else None
    if says_all:
        if any(w in _ZERO_WORDS for w in words) and not any(w in _AFFIRM_WORDS for w in words):
            return 0  # "no to all"
        return CAGE_AID_ITEMS
    chosen = items - left_out
    if chosen:
        if len(counts) == 1 and counts[0] == len(chosen):
            return len(chosen)  # "2: cut down and guilty"
        chosen |= {n for n in counts if 1 <= n <= CAGE_AID_ITEMS}
        return len(chosen)
    if len(counts) > 1:
        if len(set(counts)) == len(counts) and set(counts) <= set(range(1, CAGE_AID_ITEMS + 1)):
            return len(counts)  # "1 and 3": items, so two of them
        return None
    if len(counts) == 1:
        return counts[0] if counts[0] in CAGE_AID_SCORES else None
    if "couple" in words:
        return 2
    if any(w in _ZERO_WORDS for w in words) and not left_out:
        return 0
    return None
