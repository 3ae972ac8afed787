"""Rewritten variants of a message, matched besides the message itself.

Letters spelled out with separators ("s u i c i d e", "k.m.s") are joined up,
and stretched letters ("dieeee", "killlll myself") shortened to one and to two
letters. Only the stretches around such spots are rewritten, so long messages
stay fast.
"""

from __future__ import annotations

import re
from functools import partial

from bot.language.mapped_text import MappedText

__all__ = ["variant_windows"]

_SPELLED_OUT = re.compile(r"(?<![a-z'])[a-z](?:[ .\-_*]{1,2}[a-z](?![a-z'])){2,}")
_REPEATED_LETTER = re.compile(r"([a-z])\1{2,}")
_REPEATED_TEST = re.compile(r"([a-z])\1\1")


def _join_spelled_out(match: re.Match[str]) -> str:
    return re.sub(r"[ .\-_*]", "", match.group(0))


def _repeat_letter(match: re.Match[str], times: int) -> str:
    return match.group(1) * times


def _variants(mapped: MappedText) -> list[MappedText]:
    """The text itself plus its rewritten variants (only those that differ)."""
    variants = [mapped]
    joined = mapped.sub(_SPELLED_OUT, _join_spelled_out)
    if joined is not mapped:
        variants.append(joined)
    if _REPEATED_TEST.search(mapped.text):
        for keep in (1, 2):
            for base in list(variants[:2]):
                shortened = base.sub(_REPEATED_LETTER, partial(_repeat_letter, times=keep))
                if shortened is not base:
                    variants.append(shortened)
    return variants


# How much text around a rewritten spot is matched again in the variants: more
# than the longest phrase a rewrite can be part of.
_VARIANT_CONTEXT = 100


def variant_windows(mapped: MappedText) -> list[MappedText]:
    """Variants of the stretches of text around spelled-out or stretched words.

    Matching the variants only there (not on the whole message) keeps long
    messages fast; the windows extend to word boundaries.
    """
    text = mapped.text
    spots = [m.span() for m in _SPELLED_OUT.finditer(text)]
    if _REPEATED_TEST.search(text):
        spots += [m.span() for m in _REPEATED_LETTER.finditer(text)]
    if not spots:
        return []
    spots.sort()
    windows: list[list[int]] = []
    for start, end in spots:
        start = max(0, start - _VARIANT_CONTEXT)
        end = min(len(text), end + _VARIANT_CONTEXT)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    out: list[MappedText] = []
    for start, end in windows:
        while start > 0 and text[start - 1] != " ":
            start -= 1
        while end < len(text) and text[end] != " ":
            end += 1
        out.extend(_variants(mapped.slice(start, end))[1:])
    return out
