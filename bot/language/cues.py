"""The intake cues as data: intake_cues.yml beside this module, read once.

Each cue names a fact (`field`), the value it states and the regex that states
it, plus flags for the checks bot/language/intake_facts.py applies (see the
YAML's comments). `${name}` in a pattern inserts a fragment of the same file;
`${relation}` is every relation word of the shared vocabulary. Imports PyYAML
and bot.language.vocabulary only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypedDict

import yaml

from bot.language.vocabulary import UNNAMED_RELATIONS, relation_words, words_pattern

__all__ = ["Cue", "cues", "fragment"]

_PATH = Path(__file__).with_name("intake_cues.yml")
_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


@dataclass(frozen=True)
class Cue:
    field: str
    value: str | bool
    flags: frozenset[str]


class _CueEntryRequired(TypedDict):
    field: str
    value: str | bool
    pattern: str


class _CueEntry(_CueEntryRequired, total=False):
    """One entry of `cues:` in intake_cues.yml."""

    flags: list[str]


class _CueFile(TypedDict):
    """intake_cues.yml as read."""

    fragments: dict[str, str]
    cues: list[_CueEntry]


@lru_cache(maxsize=1)
def _data() -> _CueFile:
    with _PATH.open(encoding="utf-8") as handle:
        cue_file: _CueFile = yaml.safe_load(handle)
    return cue_file


@lru_cache(maxsize=1)
def _fragments() -> dict[str, str]:
    raw: dict[str, str] = dict(_data()["fragments"])
    raw["relation"] = words_pattern(relation_words() + UNNAMED_RELATIONS)
    expanded: dict[str, str] = {}

    def expand(name: str, seen: tuple[str, ...] = ()) -> str:
        if name in expanded:
            return expanded[name]
        if name in seen:
            raise ValueError(f"intake_cues.yml: fragment {name!r} refers to itself")
        value = _PLACEHOLDER.sub(lambda m: expand(m.group(1), (*seen, name)), raw[name])
        expanded[name] = value
        return value

    for name in raw:
        expand(name)
    return expanded


def fragment(name: str) -> str:
    """A fragment of intake_cues.yml, placeholders filled in."""
    return _fragments()[name]


@lru_cache(maxsize=1)
def cues() -> tuple[tuple[Cue, str], ...]:
    """Every (cue, regex) in file order (the order they are tried in)."""
    fragments = _fragments()
    loaded: list[tuple[Cue, str]] = []
    for entry in _data()["cues"]:
        pattern = _PLACEHOLDER.sub(lambda m: fragments[m.group(1)], entry["pattern"])
        cue = Cue(entry["field"], entry["value"], frozenset(entry.get("flags", ())))
        loaded.append((cue, pattern))
    return tuple(loaded)
