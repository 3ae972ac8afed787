"""The shared words of free text: relations, negators, pronouns.

Read once from vocabulary.yml beside this module (see its comments for what
each list means), so the intake-fact reader and the assessment answer parser
name a loved one, and recognise negation, the same way. Imports PyYAML and
bot.language.text only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypedDict

import yaml

from bot.language.text import normalize_for_matching

__all__ = [
    "AVERSION_WORDS",
    "FIRST_PERSON",
    "NEGATORS",
    "POSSESSIVES",
    "RELATIONS",
    "SCOPE_BREAKERS",
    "STATEMENT_NEGATORS",
    "THIRD_PERSON",
    "THIRD_PERSON_PLURAL",
    "UNCERTAINTY_WORDS",
    "UNNAMED_RELATIONS",
    "relation_of",
    "relation_words",
    "without_apostrophes",
    "words_pattern",
]

_PATH = Path(__file__).with_name("vocabulary.yml")


# The lists of vocabulary.yml that are plain word lists.
_WordList = Literal[
    "unnamed_relations",
    "negators",
    "statement_negators",
    "aversion_words",
    "uncertainty_words",
    "scope_breakers",
    "possessives",
]


class _Vocabulary(TypedDict):
    """vocabulary.yml as read; `_strings` checks that every word is a string."""

    relations: dict[str, list[object]]
    pronouns: dict[str, list[object]]
    unnamed_relations: list[object]
    negators: list[object]
    statement_negators: list[object]
    aversion_words: list[object]
    uncertainty_words: list[object]
    scope_breakers: list[object]
    possessives: list[object]


@lru_cache(maxsize=1)
def _data() -> _Vocabulary:
    with _PATH.open(encoding="utf-8") as handle:
        vocabulary: _Vocabulary = yaml.safe_load(handle)
    return vocabulary


def without_apostrophes(words: Iterable[str]) -> frozenset[str]:
    """The words as they appear once apostrophes are dropped ("don't" -> "dont")."""
    return frozenset(word.replace("'", "") for word in words)


def _strings(values: Iterable[object], where: str) -> tuple[str, ...]:
    """The list's words; a YAML word read as something else ("no" unquoted) is an error."""
    words = tuple(values)
    strings = tuple(word for word in words if isinstance(word, str))
    if len(strings) != len(words):
        raise ValueError(f"vocabulary.yml {where}: quote {[w for w in words if not isinstance(w, str)]}")
    return strings


def _words(key: _WordList) -> tuple[str, ...]:
    return _strings(_data()[key], key)


_PRONOUNS = _data()["pronouns"]

RELATIONS: Mapping[str, tuple[str, ...]] = {
    str(name): _strings(words, f"relations.{name}") for name, words in _data()["relations"].items()
}
UNNAMED_RELATIONS: tuple[str, ...] = _words("unnamed_relations")
NEGATORS: tuple[str, ...] = _words("negators")
STATEMENT_NEGATORS: tuple[str, ...] = _words("statement_negators")
AVERSION_WORDS: tuple[str, ...] = _words("aversion_words")
UNCERTAINTY_WORDS: frozenset[str] = frozenset(_words("uncertainty_words"))
SCOPE_BREAKERS: frozenset[str] = frozenset(_words("scope_breakers"))
POSSESSIVES: frozenset[str] = frozenset(_words("possessives"))
FIRST_PERSON: tuple[str, ...] = _strings(_PRONOUNS["first_person"], "pronouns")
THIRD_PERSON: tuple[str, ...] = _strings(_PRONOUNS["third_person"], "pronouns")
THIRD_PERSON_PLURAL: tuple[str, ...] = _strings(_PRONOUNS["third_person_plural"], "pronouns")

_RELATION_BY_WORD: dict[str, str] = {word: name for name, words in RELATIONS.items() for word in (name, *words)}


def relation_words(include_unnamed: bool = False) -> tuple[str, ...]:
    """Every word for a relation (and "loved one", "family member" if asked)."""
    words = [word for words in RELATIONS.values() for word in words]
    if include_unnamed:
        words.extend(UNNAMED_RELATIONS)
    return tuple(words)


def relation_of(word: str | None) -> str | None:
    """The canonical relation for a word ("hubby" -> "husband", "my son" -> "son").

    None for a word that names no relation, and for "loved one"/"family
    member" (someone, but no relation named).
    """
    if not word:
        return None
    text = normalize_for_matching(word)
    if text.startswith("my "):
        text = text[3:]
    relation = _RELATION_BY_WORD.get(text)
    if relation is None and text.startswith("best "):  # "best buddy"
        relation = _RELATION_BY_WORD.get(text[5:])
    return relation


def words_pattern(words: Iterable[str]) -> str:
    """A regex alternation of the words for the matching form, where an
    apostrophe may be left out ("i'm" matches "i'm" and "im")."""
    alternatives = sorted({re.escape(word).replace("'", "'?") for word in words}, key=len, reverse=True)
    return "(?:" + "|".join(alternatives) + ")"
