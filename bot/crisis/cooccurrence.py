"""The co-occurrence net: a death word, a wish/plan word and a person in one sentence.

It catches what no phrase covers ("part of me hopes the next time i use i just
die"), always as category suicide. It can fire on worry about someone else
dying ("i hope my dad doesn't die"), which is accepted; idioms ("dying to
know", "dead tired", "my phone died") veto it. Anchored on the (rare) death
words, each pattern scans the text once.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from bot.crisis.matches import CrisisMatch, to_crisis_match
from bot.crisis.patterns import expand
from bot.language.mapped_text import MappedText

__all__ = ["cooccurrence_matches"]

_NET_DEATH = re.compile(
    r"\b(?:die|dying|died|dead|death|suicid\w*|unalive|noose|lethal|not exist\w*|stop existing|never wake|gone forever|my funeral)\b"
)
_NET_INTENT = re.compile(
    r"\b(?:want|wants|wanted|wanna|wish|wishing|rather|ready|going to|gonna|plan|planning|planned|tonight|deserve|should"
    r"|easier|simpler|relief|tempted|made up my mind|decided|hope|hopes|hoping|pray|praying)\b"
)
_NET_PERSON = re.compile(r"\b(?:i|i'?m|im|i'?d|i'?ll|me|my|he|she|they)\b")
_NET_VETO = re.compile(
    r"\b(?:dying to|die for|to die for|dying (?:of laughter|laughing)|dead (?:tired|end|serious|set|giveaway|weight|broke|wrong|on)"
    r"|die hard|drop dead|(?:phone|battery|car|laptop) (?:died|is dead|was dead)|deadline|(?:be|is|was|will be|'ll be) the death of (?:me|us|him|her|them))\b"
    + "|"
    + expand(r"(?:die|dead)<TRIVIAL_THAN>")
)
_NET_SENTENCE_END = re.compile(r"[.!?;\n]")
_NET_REACH = 160


def _spans(pattern: re.Pattern[str], text: str) -> tuple[list[int], list[tuple[int, int]]]:
    spans = [m.span() for m in pattern.finditer(text)]
    return [start for start, _ in spans], spans


def _first_within(found: tuple[list[int], list[tuple[int, int]]], left: int, right: int) -> tuple[int, int] | None:
    """The first span inside text[left:right] (spans are sorted and disjoint)."""
    starts, spans = found
    at = bisect_left(starts, left)
    if at < len(spans) and spans[at][1] <= right:
        return spans[at]
    return None


def cooccurrence_matches(mapped: MappedText) -> list[CrisisMatch]:
    """The net's matches (category suicide), at most one per sentence, in text order."""
    # Each pattern scans the whole text once and every death word looks its
    # sentence up by bisection: walking and searching each death word's
    # sentence anew cost seconds on a long message of "i die i die ...".
    text = mapped.text
    deaths = list(_NET_DEATH.finditer(text))
    if not deaths:
        return []
    ends = [m.start() for m in _NET_SENTENCE_END.finditer(text)]
    vetoes, people, intents = (_spans(p, text) for p in (_NET_VETO, _NET_PERSON, _NET_INTENT))
    found: list[CrisisMatch] = []
    done_until = -1
    for death in deaths:
        if death.start() < done_until:
            continue
        at = bisect_left(ends, death.start())
        left = max(ends[at - 1] + 1 if at > 0 else 0, death.start() - _NET_REACH)
        at = bisect_left(ends, death.end())
        right = min(ends[at] if at < len(ends) else len(text), death.end() + _NET_REACH)
        if _first_within(vetoes, left, right):
            continue
        person = _first_within(people, left, right)
        intent = _first_within(intents, left, right)
        if person is None or intent is None:
            continue
        match = to_crisis_match(
            mapped, "suicide", min(person[0], intent[0], death.start()), max(death.end(), intent[1])
        )
        if match is not None:
            found.append(match)
        done_until = right
    return found
